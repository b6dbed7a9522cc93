import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { NodeSelectorTerm, Pod, Taint, Toleration } from './kube-types.js';
import { PlacementIndex } from './placement-index.js';
import { schedulePod, type CandidateNode } from './scheduler.js';

const ZONES = ['us-east-1a', 'us-east-1b'];
const TAINTS: Taint[] = [
  { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
];
const TOLERATIONS: Toleration[] = [
  { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists' },
  { operator: 'Exists' },
];

const nodeArb = fc.record({
  zone: fc.constantFrom(...ZONES),
  allocatable: fc.integer({ min: 0, max: 4 }),
  bound: fc.integer({ min: 0, max: 4 }),
  unschedulable: fc.boolean(),
  taints: fc.subarray(TAINTS),
});

const podArb = (names: number) =>
  fc.record({
    tolerations: fc.subarray(TOLERATIONS),
    zone: fc.option(fc.constantFrom(...ZONES), { nil: undefined }),
    affinityZone: fc.option(fc.constantFrom(...ZONES), { nil: undefined }),
    pinned: fc.option(fc.integer({ min: 0, max: names }), { nil: undefined }),
  });

interface NodeSpec {
  zone: string;
  allocatable: number;
  bound: number;
  unschedulable: boolean;
  taints: Taint[];
}

function makeNodes(specs: NodeSpec[]): CandidateNode[] {
  return specs.map((s, i) => ({
    node: {
      metadata: {
        name: `ip-10-0-${i % 3}-${i}.ec2.internal`,
        labels: { 'topology.kubernetes.io/zone': s.zone },
      },
      spec: { unschedulable: s.unschedulable, ...(s.taints.length ? { taints: s.taints } : {}) },
      status: { allocatable: { pods: String(s.allocatable) } },
    },
    podCount: s.bound,
  }));
}

function makePod(
  spec: { tolerations: Toleration[]; zone?: string; affinityZone?: string; pinned?: number },
  nodes: CandidateNode[],
): Pod {
  const terms: NodeSelectorTerm[] = [];
  if (spec.affinityZone)
    terms.push({
      matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: [spec.affinityZone] }],
    });
  if (spec.pinned !== undefined) {
    // A DaemonSet pod: pinned to one node by name (possibly a node that is gone).
    const name = nodes[spec.pinned]?.node.metadata.name ?? 'ip-gone.ec2.internal';
    terms.splice(0, terms.length, {
      matchFields: [{ key: 'metadata.name', operator: 'In', values: [name] }],
    });
  }
  return {
    metadata: { name: 'p', namespace: 'default' },
    spec: {
      containers: [{ name: 'c' }],
      ...(spec.tolerations.length ? { tolerations: spec.tolerations } : {}),
      ...(spec.zone ? { nodeSelector: { 'topology.kubernetes.io/zone': spec.zone } } : {}),
      ...(terms.length
        ? {
            affinity: {
              nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } },
            },
          }
        : {}),
    },
  };
}

describe('PlacementIndex', () => {
  it('places every pod of a pass where schedulePod would, failures included (property)', () => {
    fc.assert(
      fc.property(
        fc.array(nodeArb, { minLength: 0, maxLength: 12 }),
        fc.array(podArb(12), { minLength: 1, maxLength: 40 }),
        (nodeSpecs, podSpecs) => {
          const reference = makeNodes(nodeSpecs);
          const indexed = makeNodes(nodeSpecs);
          const index = new PlacementIndex(indexed);
          for (const spec of podSpecs) {
            const pod = makePod(spec, reference);
            const expected = schedulePod(pod, reference);
            const actual = index.place(pod);
            assert.deepEqual(actual, expected);
            if (expected.ok) {
              const target = reference.find((c) => c.node.metadata.name === expected.nodeName);
              if (target) target.podCount++;
              index.bound(expected.nodeName);
            }
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('spreads a class of pods over the least loaded nodes, then reports them full', () => {
    const nodes = makeNodes([
      { zone: 'us-east-1a', allocatable: 2, bound: 1, unschedulable: false, taints: [] },
      { zone: 'us-east-1a', allocatable: 2, bound: 0, unschedulable: false, taints: [] },
    ]);
    const index = new PlacementIndex(nodes);
    const pod = makePod({ tolerations: [] }, nodes);
    const placed: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = index.place(pod);
      if (r.ok) {
        placed.push(r.nodeName);
        index.bound(r.nodeName);
      }
    }
    // 0 < 1 bound, then a tie at 1 broken by name, then the only node with room.
    assert.deepEqual(placed, [
      'ip-10-0-1-1.ec2.internal',
      'ip-10-0-0-0.ec2.internal',
      'ip-10-0-1-1.ec2.internal',
    ]);
    assert.deepEqual(index.place(pod), {
      ok: false,
      message:
        '0/2 nodes are available: 2 Too many pods. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.',
    });
  });
});
