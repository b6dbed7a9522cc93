import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from './kube-types.js';
import { failedSchedulingMessage, schedulePod, toleratesTaint } from './scheduler.js';

function node(
  name: string,
  opts: { pods?: number; zone?: string; unschedulable?: boolean; taints?: Node['spec']['taints'] } = {},
): Node {
  return {
    metadata: {
      name,
      labels: { 'topology.kubernetes.io/zone': opts.zone ?? 'us-east-1a', 'kubernetes.io/hostname': name },
    },
    spec: { unschedulable: opts.unschedulable, taints: opts.taints },
    status: { allocatable: { pods: String(opts.pods ?? 10) } },
  };
}

function pod(spec: Partial<Pod['spec']> = {}): Pod {
  return { metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c' }], ...spec } };
}

describe('schedulePod', () => {
  it('spreads to the node with the fewest pods', () => {
    const r = schedulePod(pod(), [
      { node: node('a'), podCount: 3 },
      { node: node('b'), podCount: 1 },
    ]);
    assert.deepEqual(r, { ok: true, nodeName: 'b' });
  });

  const failures: [string, Pod, { node: Node; podCount: number }[], string][] = [
    [
      'full nodes',
      pod(),
      [
        { node: node('a', { pods: 2 }), podCount: 2 },
        { node: node('b', { pods: 2 }), podCount: 2 },
      ],
      '0/2 nodes are available: 2 Too many pods. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.',
    ],
    [
      'cordoned and full',
      pod(),
      [
        { node: node('a', { unschedulable: true }), podCount: 0 },
        { node: node('b', { pods: 1 }), podCount: 1 },
      ],
      '0/2 nodes are available: 1 Too many pods, 1 node(s) were unschedulable. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.',
    ],
    [
      'zone affinity',
      pod({
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                {
                  matchExpressions: [
                    { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['us-east-1c'] },
                  ],
                },
              ],
            },
          },
        },
      }),
      [{ node: node('a'), podCount: 0 }],
      "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
    ],
    [
      'nodeSelector',
      pod({ nodeSelector: { team: 'x' } }),
      [{ node: node('a'), podCount: 0 }],
      "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
    ],
    [
      'untolerated taint',
      pod(),
      [
        {
          node: node('a', { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }] }),
          podCount: 0,
        },
      ],
      '0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    ],
    ['no nodes', pod(), [], 'no nodes available to schedule pods'],
  ];
  for (const [name, p, nodes, message] of failures) {
    it(`reports ${name}`, () => assert.deepEqual(schedulePod(p, nodes), { ok: false, message }));
  }

  it('lets a DaemonSet pod onto a cordoned node it tolerates, by matchFields name', () => {
    const p = pod({
      tolerations: [{ operator: 'Exists' }],
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['b'] }] }],
          },
        },
      },
    });
    const r = schedulePod(p, [
      { node: node('a'), podCount: 0 },
      { node: node('b', { unschedulable: true }), podCount: 5 },
    ]);
    assert.deepEqual(r, { ok: true, nodeName: 'b' });
  });
});

describe('toleratesTaint', () => {
  const taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
  const cases: [string, Parameters<typeof toleratesTaint>[0], boolean][] = [
    ['Exists with no key tolerates all', { operator: 'Exists' }, true],
    ['Equal key and value', { key: 'dedicated', value: 'gpu' }, true],
    ['Equal wrong value', { key: 'dedicated', value: 'cpu' }, false],
    ['Exists key', { key: 'dedicated', operator: 'Exists' }, true],
    ['other effect', { key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, false],
  ];
  for (const [name, tol, expected] of cases)
    it(name, () => assert.equal(toleratesTaint(tol, taint), expected));
});

describe('failedSchedulingMessage', () => {
  it('sorts the histogram as kube-scheduler does', () => {
    assert.match(
      failedSchedulingMessage(3, ['Too many pods', 'Too many pods', 'node(s) were unschedulable']),
      /: 1 node\(s\) were unschedulable, 2 Too many pods\./,
    );
  });
});
