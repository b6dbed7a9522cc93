import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterSnapshot } from '../discover/snapshot.js';
import { planFromSnapshot } from './derive.js';
import { exhaustedSnapshot, request } from './test-fixtures.js';
import type { PlanFlags } from '../config/load.js';
import type { Plan, TagSubnetStep } from './types.js';
import { isUserError } from '../../shared/errors.js';

const VERSIONS = [
  { version: 'v1.22.3-eksbuild.1', default: false },
  { version: 'v1.19.2-eksbuild.1', default: true },
];

function snapshot(change: (s: ClusterSnapshot) => void = () => {}): ClusterSnapshot {
  const s = exhaustedSnapshot();
  if (s.cni.install === 'managed-addon') s.cni.availableVersions = VERSIONS;
  change(s);
  return s;
}

const stop = (flags: Omit<PlanFlags, 'cluster'> = {}) =>
  request({ mode: 'subnet-discovery', stopNodeSubnetPods: true, ...flags });

/** The codes of the validation errors the plan is refused with (none: the plan). */
function refusal(s: ClusterSnapshot, flags: Omit<PlanFlags, 'cluster'> = {}): string[] | Plan {
  try {
    return planFromSnapshot(s, stop(flags));
  } catch (err) {
    if (!isUserError(err)) throw err;
    return ((err.details as { findings?: { code: string }[] })?.findings ?? []).map((f) => f.code);
  }
}

const tagSteps = (plan: Plan) =>
  plan.steps.filter((s): s is TagSubnetStep => s.id.startsWith('node-subnet-tags:'));

describe('--stop-node-subnet-pods: the plan', () => {
  it('tags every node subnet 0 with the marker of what it was, after the CNI step', () => {
    const plan = refusal(snapshot());
    assert.ok(!Array.isArray(plan), JSON.stringify(plan));
    const tags = tagSteps(plan);
    assert.deepEqual(
      tags.map((s) => s.target.subnet.subnetId),
      ['subnet-node0', 'subnet-node1', 'subnet-node2'],
    );
    for (const s of tags) {
      assert.equal(s.action, 'update');
      assert.deepEqual(s.desired.tags, [
        { key: 'kubernetes.io/role/cni', value: '0' },
        { key: 'eks-cidr.io/cni-role-was/demo', value: 'absent' },
      ]);
      assert.ok(s.dependsOn.includes('cni'));
    }
  });

  it('moves the add-on to a version that honours tag 0 (1.22+), not only to one with discovery', () => {
    const plan = refusal(snapshot()) as Plan;
    const version = plan.steps.find((s) => s.kind === 'update-addon-version');
    assert.equal(
      version?.kind === 'update-addon-version' && version.desired.addonVersion,
      'v1.22.3-eksbuild.1',
    );
  });

  it('rotates the node group to the custom-networking max-pods, after the tags', () => {
    const plan = refusal(snapshot()) as Plan;
    const rotation = plan.steps.filter((s) => s.kind === 'create-nodegroup' || s.kind === 'roll-nodegroup');
    assert.equal(rotation.length, 1);
    const step = rotation[0]!;
    assert.equal(
      step.kind === 'create-nodegroup' || step.kind === 'roll-nodegroup' ? step.desired.maxPods.maxPods : 0,
      20,
    );
    for (const t of tagSteps(plan)) assert.ok(step.dependsOn.includes(t.id));
    const row = plan.capacity?.rows[0];
    assert.equal(row?.after.podAddressesPerNode, 18);
    assert.equal(row?.after.addressMode.nodeSubnetsExcluded, true);
  });

  it('keeps a value the user set before in the marker, and leaves a subnet already tagged 0 by someone else', () => {
    const plan = refusal(
      snapshot((s) => {
        s.subnets[0]!.tags.push({ key: 'kubernetes.io/role/cni', value: '1' });
        s.subnets[1]!.tags.push({ key: 'kubernetes.io/role/cni', value: '0' });
      }),
    ) as Plan;
    const [first, second] = tagSteps(plan);
    assert.deepEqual(first?.desired.tags[1], { key: 'eks-cidr.io/cni-role-was/demo', value: '1' });
    assert.equal(second?.action, 'no-op');
    assert.match(second?.reason ?? '', /not by eks-cidr: destroy leaves it/);
  });

  it('a second plan after apply is a no-op for the tags and the node group', () => {
    const s = snapshot((x) => {
      for (const sub of x.subnets.filter((y) => y.subnetId.startsWith('subnet-node')))
        sub.tags.push(
          { key: 'kubernetes.io/role/cni', value: '0' },
          { key: 'eks-cidr.io/cni-role-was/demo', value: 'absent' },
        );
      for (const n of x.kube.nodes) n.allocatablePods = 20;
    });
    const plan = refusal(s) as Plan;
    assert.ok(tagSteps(plan).every((t) => t.action === 'no-op'));
    assert.ok(!plan.steps.some((t) => t.kind === 'create-nodegroup' || t.kind === 'roll-nodegroup'));
  });
});

describe('--stop-node-subnet-pods: refusals (exit 2, before any write)', () => {
  const rows: {
    name: string;
    change?: (s: ClusterSnapshot) => void;
    flags?: Omit<PlanFlags, 'cluster'>;
    code: string;
  }[] = [
    { name: 'no node rotation', flags: { rotation: 'none' }, code: 'E_STOP_NODE_SUBNETS_MAX_PODS' },
    {
      name: 'a self-managed CNI older than 1.22',
      change: (s) => {
        s.cni = { install: 'self-managed', image: 'amazon-k8s-cni:v1.19.2', env: {} };
      },
      code: 'E_MODE_CNI_TOO_OLD',
    },
    {
      name: 'a managed add-on EKS offers no 1.22 for',
      change: (s) => {
        if (s.cni.install === 'managed-addon')
          s.cni.availableVersions = [{ version: 'v1.19.2-eksbuild.1', default: true }];
      },
      code: 'E_MODE_CNI_TOO_OLD',
    },
    {
      name: 'self-managed nodes above the lower max-pods',
      change: (s) => {
        const n = s.kube.nodes[0]!;
        s.kube.nodes.push({ ...n, name: 'self-1', nodegroup: undefined, instanceId: 'i-self' });
      },
      code: 'E_STOP_NODE_SUBNETS_SELF_MANAGED',
    },
  ];
  for (const row of rows)
    it(`${row.name}: ${row.code}`, () => {
      const codes = refusal(snapshot(row.change), row.flags);
      assert.ok(Array.isArray(codes), 'refused');
      assert.ok(codes.includes(row.code), codes.join(', '));
    });

  it('under custom networking the flag changes nothing and says so', () => {
    const plan = planFromSnapshot(
      snapshot(),
      request({ mode: 'custom-networking', stopNodeSubnetPods: true }),
    );
    assert.ok(plan.warnings.some((w) => w.code === 'I_STOP_NODE_SUBNETS_CUSTOM'));
    assert.equal(tagSteps(plan).length, 0);
  });
});
