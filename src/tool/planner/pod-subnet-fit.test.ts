import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EksCidrError } from '../errors.js';
import type { ClusterSnapshot, SnapshotPod } from '../discover/snapshot.js';
import { planFromSnapshot } from './derive.js';
import { podDemandByZone, smallestPrefixFor } from './pod-subnet-fit.js';
import { exhaustedSnapshot, request } from './test-fixtures.js';
import type { Finding } from './types.js';

/** `s` with `perNode` more pods on each node (one node per zone in the exhausted fixture). */
function addPods(
  s: ClusterSnapshot,
  perNode: number,
  extra: Partial<SnapshotPod> = {},
  tag = 'extra',
): ClusterSnapshot {
  for (const node of s.kube.nodes) {
    for (let i = 0; i < perNode; i++) {
      s.kube.pods.push({
        namespace: 'default',
        name: `${node.name}-${tag}-${i}`,
        nodeName: node.name,
        hostNetwork: false,
        phase: 'Pending',
        ...extra,
      });
    }
  }
  return s;
}

const withPods = (perNode: number, extra: Partial<SnapshotPod> = {}) =>
  addPods(exhaustedSnapshot(), perNode, extra);

function findings(s: ClusterSnapshot, cidr: string, subnetPrefix: string): Finding[] {
  try {
    planFromSnapshot(s, request({ cidr, subnetPrefix }));
    return [];
  } catch (err) {
    assert.ok(err instanceof EksCidrError);
    return (err.details?.findings ?? []) as Finding[];
  }
}

describe('pod subnets must hold the pods planned for them', () => {
  it('counts pods that take an address (not host-network, not finished), plus one per node', () => {
    const s = withPods(15);
    s.kube.pods.push({
      namespace: 'x',
      name: 'done',
      nodeName: s.kube.nodes[0]!.name,
      hostNetwork: false,
      phase: 'Succeeded',
    });
    const demand = podDemandByZone(s).get('us-east-1a');
    // web-0 + 15 extra (aws-node is host-network, 'done' finished) + 1 for the pod ENI
    assert.deepEqual(demand, { zone: 'us-east-1a', pods: 16, nodes: 1, addresses: 17 });
  });

  it('refuses /28 pod subnets for 16 pods per zone, with the numbers and the prefix that fits', () => {
    const f = findings(withPods(15), '100.64.0.0/26', '28').filter(
      (x) => x.code === 'E_POD_SUBNET_TOO_SMALL',
    );
    assert.equal(f.length, 3);
    assert.match(
      f[0]!.message,
      /100\.64\.0\.0\/28 for us-east-1a holds 11 addresses .* runs 16 pod\(s\) on 1 node\(s\), which need 17/,
    );
    assert.match(f[0]!.hint ?? '', /--subnet-prefix 27/);
    assert.equal(f[0]!.field, 'subnetPrefix');
  });

  it('accepts the same block when the pods fit', () => {
    const f = findings(withPods(5), '100.64.0.0/26', '28');
    assert.deepEqual(
      f.filter((x) => x.code === 'E_POD_SUBNET_TOO_SMALL'),
      [],
    );
  });

  it('rounds up to /28 prefixes under prefix delegation', () => {
    const s = withPods(3);
    s.cni.env.ENABLE_PREFIX_DELEGATION = 'true';
    assert.equal(podDemandByZone(s).get('us-east-1a')?.addresses, 17);
  });

  it('under subnet discovery only the pods without an address count: the rest keep their node-subnet addresses', () => {
    const s = addPods(withPods(15, { phase: 'Running', podIP: '10.0.1.50' }), 4, {}, 'stuck');
    assert.equal(podDemandByZone(s).get('us-east-1a')?.addresses, 1 + 15 + 4 + 1);
    // 4 stuck pods (web-0 has an address in the fixture) and one ENI address for the node
    assert.equal(podDemandByZone(s, 'waiting').get('us-east-1a')?.addresses, 4 + 1);
  });

  it('subnet discovery accepts a pod subnet smaller than all the pods, not one smaller than the waiting ones', () => {
    const tooSmallForAll = (s: ClusterSnapshot, flags: Record<string, unknown>) => {
      try {
        planFromSnapshot(s, request({ cidr: '100.64.0.0/26', subnetPrefix: '28', ...flags }));
        return [];
      } catch (err) {
        assert.ok(err instanceof EksCidrError);
        return ((err.details?.findings ?? []) as Finding[]).filter(
          (x) => x.code === 'E_POD_SUBNET_TOO_SMALL',
        );
      }
    };
    // 16 running pods per zone with addresses: a /28 (11 usable) cannot hold them all.
    const running = withPods(15, { phase: 'Running', podIP: '10.0.1.50' });
    assert.equal(tooSmallForAll(running, { mode: 'custom-networking' }).length, 3);
    assert.deepEqual(tooSmallForAll(running, { mode: 'subnet-discovery' }), []);
    // Excluding the node subnets moves every pod to the pod subnets: all of them count again.
    assert.equal(
      tooSmallForAll(running, { mode: 'subnet-discovery', stopNodeSubnetPods: true }).length > 0,
      true,
    );
    // Twelve pods waiting for an address per zone do not fit either.
    const waiting = withPods(12);
    const f = tooSmallForAll(waiting, { mode: 'subnet-discovery' });
    assert.equal(f.length, 3);
    assert.match(
      f[0]!.message,
      /12 pod\(s\) waiting for an address on 1 node\(s\), which need 13 .*keep their node-subnet addresses under subnet discovery/,
    );
  });

  it('smallestPrefixFor: the smallest /16-/28 subnet that holds n addresses', () => {
    assert.equal(smallestPrefixFor(11), 28);
    assert.equal(smallestPrefixFor(12), 27);
    assert.equal(smallestPrefixFor(65531), 16);
    assert.equal(smallestPrefixFor(65532), undefined);
  });
});
