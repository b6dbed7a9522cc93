import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SnapshotPod } from '../discover/snapshot.js';
import { capacityModel, capacitySide, podAddressesPerNode, spreadOverZones } from './capacity-model.js';
import type { AddressMode } from './capacity-types.js';
import { planFromSnapshot } from './derive.js';
import { renderPlanText } from './render.js';
import { exhaustedSnapshot, request } from './test-fixtures.js';

const CUSTOM: AddressMode = { networking: 'custom-networking', prefixDelegation: false };
const STANDARD: AddressMode = { networking: 'standard', prefixDelegation: false };

const webPod = (
  i: number,
  nodeName: string | undefined,
  podIP: string | undefined,
  phase = 'Running',
): SnapshotPod => ({
  namespace: 'default',
  name: `extra-${i}`,
  nodeName,
  podIP,
  hostNetwork: false,
  phase,
  ownerKind: 'ReplicaSet',
});

describe('pod addresses per node in each address mode (m5.large: 3 ENIs x 10 IPs, Nitro)', () => {
  const cases: [string, AddressMode, number][] = [
    ['standard', STANDARD, 27],
    [
      'subnet discovery keeps the primary ENI serving pods',
      { networking: 'subnet-discovery', prefixDelegation: false },
      27,
    ],
    ['custom networking drops the primary ENI', CUSTOM, 18],
    ['prefix delegation', { networking: 'standard', prefixDelegation: true }, 432],
    [
      'custom networking with prefix delegation',
      { networking: 'custom-networking', prefixDelegation: true },
      288,
    ],
  ];
  for (const [name, mode, want] of cases) {
    it(name, () => assert.equal(podAddressesPerNode('m5.large', mode, '1.19.2'), want));
  }
  it('an unknown instance type has no figure', () =>
    assert.equal(podAddressesPerNode('zz9.huge', STANDARD), undefined));
});

describe('capacitySide', () => {
  const cases: {
    name: string;
    maxPods: number;
    perNode: { slots: number; addresses: number };
    mode: AddressMode;
    servable: number;
  }[] = [
    // max-pods 20 less 2 hostNetwork pods = 18, addresses 18: 18 per node
    {
      name: 'custom networking, two hostNetwork pods',
      maxPods: 20,
      perNode: { slots: 2, addresses: 0 },
      mode: CUSTOM,
      servable: 54,
    },
    // a DaemonSet pod with an address takes a slot and an address
    {
      name: 'a non-hostNetwork DaemonSet pod',
      maxPods: 20,
      perNode: { slots: 3, addresses: 1 },
      mode: CUSTOM,
      servable: 51,
    },
    // max-pods 110 under prefix delegation: slots, not addresses, bound it
    {
      name: 'prefix delegation is bound by max-pods',
      maxPods: 110,
      perNode: { slots: 2, addresses: 0 },
      mode: { networking: 'custom-networking', prefixDelegation: true },
      servable: 324,
    },
    // max-pods set above the addresses (29 under custom networking): the addresses bind
    {
      name: 'max-pods above the addresses',
      maxPods: 29,
      perNode: { slots: 2, addresses: 0 },
      mode: CUSTOM,
      servable: 54,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const side = capacitySide({
        nodes: 3,
        instanceType: 'm5.large',
        maxPods: c.maxPods,
        mode: c.mode,
        perNode: c.perNode,
        cniVersion: '1.19.2',
      });
      assert.equal(side.servablePods, c.servable);
      assert.equal(side.podSlots, 3 * c.maxPods);
    });
  }
});

describe('spreadOverZones', () => {
  const cases: [number, string[], Record<string, number>][] = [
    [3, ['b', 'a', 'c'], { a: 1, b: 1, c: 1 }],
    [4, ['a', 'b', 'c'], { a: 2, b: 1, c: 1 }],
    [5, ['a', 'b'], { a: 3, b: 2 }],
    [0, ['a'], { a: 0 }],
  ];
  for (const [total, zones, want] of cases) {
    it(`${total} over ${zones.join(',')}`, () =>
      assert.deepEqual(Object.fromEntries(spreadOverZones(total, zones)), want));
  }
});

describe('capacityModel on the exhausted cluster', () => {
  it('one row per zone with before -> after, demand and headroom', () => {
    const plan = planFromSnapshot(exhaustedSnapshot(), request());
    const model = plan.capacity!;
    assert.deepEqual(
      model.rows.map((r) => [
        r.nodegroup,
        r.zone,
        r.before.nodes,
        r.after.nodes,
        r.before.maxPods,
        r.after.maxPods,
        r.before.podAddressesPerNode,
        r.after.podAddressesPerNode,
        r.demand,
        r.perNodePods,
        r.headroom,
      ]),
      [
        ['ng-1', 'us-east-1a', 1, 1, 29, 20, 27, 18, 1, 1, 17],
        ['ng-1', 'us-east-1b', 1, 1, 29, 20, 27, 18, 1, 1, 17],
        ['ng-1', 'us-east-1c', 1, 1, 29, 20, 27, 18, 1, 1, 17],
      ],
    );
    assert.ok(model.rows.every((r) => r.rotate && r.after.addressMode.networking === 'custom-networking'));
    assert.equal(model.totals.podSlotsBefore, 87);
    assert.equal(model.totals.podSlotsAfter, 60);
    assert.equal(model.totals.demand, 3);
  });

  it('counts pods stuck for an address and Pending pods as demand', () => {
    const s = exhaustedSnapshot();
    const node = s.kube.nodes[0]!.name;
    s.kube.pods.push(
      webPod(1, node, undefined, 'Pending'),
      webPod(2, node, undefined, 'Pending'),
      webPod(3, undefined, undefined, 'Pending'),
      { ...webPod(4, node, '10.0.0.99'), phase: 'Succeeded' },
      { ...webPod(5, node, '10.0.0.98'), ownerKind: 'DaemonSet' },
    );
    const model = planFromSnapshot(s, request()).capacity!;
    const row = model.rows.find((r) => r.zone === 'us-east-1a')!;
    assert.equal(row.demand, 3); // web-0 and the two stuck; not the finished pod nor the DaemonSet's
    assert.equal(row.stuck, 2);
    assert.equal(row.perNodePods, 2); // aws-node (hostNetwork) and the DaemonSet pod
    assert.equal(model.totals.pending, 1);
    assert.equal(model.totals.demand, 6);
    assert.equal(model.totals.stuck, 2);
  });

  it('without rotation the after side is the before side', () => {
    const s = exhaustedSnapshot();
    const plan = planFromSnapshot(s, request({ rotateNodes: false }));
    for (const r of plan.capacity!.rows) {
      assert.equal(r.rotate, false);
      assert.deepEqual(r.after, r.before);
    }
  });

  it('subnet discovery as the target mode serves pods the standard way', () => {
    const s = exhaustedSnapshot();
    const model = capacityModel({
      snapshot: s,
      steps: [],
      targetMode: { networking: 'subnet-discovery', prefixDelegation: false },
    });
    for (const r of model.rows) {
      assert.equal(r.after.podAddressesPerNode, 27);
      assert.equal(r.after.maxPods, 29);
    }
  });

  it('sizing overrides spread the nodes over the zones', () => {
    const s = exhaustedSnapshot();
    const model = capacityModel({
      snapshot: s,
      steps: [],
      targetMode: CUSTOM,
      after: new Map([['ng-1', { nodes: 5, rotate: true, maxPods: 20 }]]),
    });
    assert.deepEqual(
      model.rows.map((r) => r.after.nodes),
      [2, 2, 1],
    );
    assert.equal(model.totals.nodesAfter, 5);
    assert.equal(model.totals.servableAfter, 5 * 18);
  });

  it('the plan text has the labelled capacity table and the cluster line', () => {
    const text = renderPlanText(planFromSnapshot(exhaustedSnapshot(), request()), { color: false });
    assert.match(
      text,
      /NODE GROUP\s+ZONE\s+NODES\s+TYPE\s+MAX-PODS\s+ADDR\/NODE\s+SLOTS\s+PER-NODE PODS\s+DEMAND\s+STUCK\s+CAN RUN\s+HEADROOM/,
    );
    assert.match(text, /ng-1\s+us-east-1a\s+1\s+m5\.large\s+29->20\s+27->18\s+29->20/);
    assert.match(
      text,
      /cluster: pod slots 87 -> 60, pods that can run 81 -> 54, demand 3 \(0 stuck for an address, 0 Pending\), headroom 51/,
    );
  });
});
