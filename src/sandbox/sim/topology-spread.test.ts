import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from './kube-types.js';
import { schedulePod, type CandidateNode } from './scheduler.js';

const SMOKE = { app: 'smoke' };

function node(name: string, opts: { pods?: number; unschedulable?: boolean; tainted?: boolean } = {}): Node {
  return {
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    spec: {
      unschedulable: opts.unschedulable,
      taints: opts.tainted ? [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] : undefined,
    },
    status: { allocatable: { pods: String(opts.pods ?? 10) } },
  };
}

function spreadPod(policy: { nodeTaintsPolicy?: 'Honor' } = {}): Pod {
  return {
    metadata: { name: 'smoke-x', namespace: 'default', labels: SMOKE },
    spec: {
      containers: [{ name: 'c' }],
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: 'kubernetes.io/hostname',
          whenUnsatisfiable: 'DoNotSchedule',
          labelSelector: { matchLabels: SMOKE },
          ...policy,
        },
      ],
    },
  };
}

const on = (n: Node, smoke: number, other = 0): CandidateNode => ({
  node: n,
  podCount: smoke + other,
  pods: [
    ...Array.from({ length: smoke }, () => ({ namespace: 'default', labels: SMOKE })),
    ...Array.from({ length: other }, () => ({ namespace: 'default', labels: { app: 'web' } })),
  ],
});

describe('PodTopologySpread (DoNotSchedule)', () => {
  it('places the next pod on a node with fewer matching pods, whatever else runs there', () => {
    const r = schedulePod(spreadPod(), [on(node('a'), 1), on(node('b'), 0, 5)]);
    assert.deepEqual(r, { ok: true, nodeName: 'b' });
  });

  it('a second pod on a node is refused while another node has none: the skew would be 2', () => {
    const r = schedulePod(spreadPod(), [on(node('a', { pods: 10 }), 1), on(node('b', { pods: 3 }), 0, 3)]);
    assert.equal(r.ok, false);
    assert.match(
      r.ok ? '' : r.message,
      /^0\/2 nodes are available: 1 Too many pods, 1 node\(s\) didn't match pod topology spread constraints\./,
    );
  });

  it('pods of other namespaces and other labels do not count', () => {
    const other: CandidateNode = {
      node: node('a'),
      podCount: 2,
      pods: [
        { namespace: 'team', labels: SMOKE },
        { namespace: 'default', labels: { app: 'web' } },
      ],
    };
    assert.deepEqual(schedulePod(spreadPod(), [other, on(node('b'), 1)]), { ok: true, nodeName: 'a' });
  });

  it('with nodeTaintsPolicy Honor, tainted and cordoned nodes are no domain of the spread', () => {
    const candidates = [
      on(node('a'), 1),
      on(node('t', { tainted: true }), 0),
      on(node('c', { unschedulable: true }), 0),
    ];
    assert.equal(schedulePod(spreadPod(), candidates).ok, false, 'Ignore (the default) counts them');
    assert.deepEqual(schedulePod(spreadPod({ nodeTaintsPolicy: 'Honor' }), candidates), {
      ok: true,
      nodeName: 'a',
    });
  });

  it('a node without the topology key fails the constraint', () => {
    const bare: Node = { ...node('x'), metadata: { name: 'x', labels: {} } };
    const r = schedulePod(spreadPod(), [on(bare, 0)]);
    assert.match(r.ok ? '' : r.message, /missing required label/);
  });
});
