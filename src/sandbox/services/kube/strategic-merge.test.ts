import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KIND_SCHEMAS } from './patch-strategies.js';
import { strategicMerge } from './strategic-merge.js';

const env = (...pairs: [string, string][]) => pairs.map(([name, value]) => ({ name, value }));
const podTemplate = (containers: unknown[], extra: Record<string, unknown> = {}) => ({
  spec: { template: { spec: { containers, ...extra } } },
});

/** Golden cases: original, patch (as kubectl sends them), expected result (apimachinery's answer). */
const cases: { name: string; original: unknown; patch: unknown; expected: unknown }[] = [
  {
    name: 'kubectl set env: changes one variable, appends one, keeps the order $setElementOrder gives',
    original: podTemplate([{ name: 'aws-node', image: 'cni', env: env(['A', '1'], ['B', '2'], ['C', '3']) }]),
    patch: {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'aws-node' }],
            containers: [
              {
                '$setElementOrder/env': [{ name: 'A' }, { name: 'B' }, { name: 'C' }, { name: 'D' }],
                env: [
                  { name: 'B', value: 'two' },
                  { name: 'D', value: '4' },
                ],
                name: 'aws-node',
              },
            ],
          },
        },
      },
    },
    expected: podTemplate([
      { name: 'aws-node', image: 'cni', env: env(['A', '1'], ['B', 'two'], ['C', '3'], ['D', '4']) },
    ]),
  },
  {
    name: 'kubectl set env NAME-: a $patch: delete element removes the variable',
    original: podTemplate([{ name: 'c', env: env(['A', '1'], ['B', '2']) }]),
    patch: {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'c' }],
            containers: [
              { '$setElementOrder/env': [{ name: 'B' }], env: [{ $patch: 'delete', name: 'A' }], name: 'c' },
            ],
          },
        },
      },
    },
    expected: podTemplate([{ name: 'c', env: env(['B', '2']) }]),
  },
  {
    name: 'a new variable placed first by $setElementOrder lands first',
    original: podTemplate([{ name: 'c', env: env(['A', '1']) }]),
    patch: podTemplate([
      { name: 'c', '$setElementOrder/env': [{ name: 'Z' }, { name: 'A' }], env: [{ name: 'Z', value: '0' }] },
    ]),
    expected: podTemplate([{ name: 'c', env: env(['Z', '0'], ['A', '1']) }]),
  },
  {
    name: 'containers merge by name: patching one leaves its sibling alone',
    original: podTemplate([
      { name: 'a', image: 'a:1' },
      { name: 'b', image: 'b:1' },
    ]),
    patch: podTemplate([{ name: 'b', image: 'b:2' }]),
    expected: podTemplate([
      { name: 'a', image: 'a:1' },
      { name: 'b', image: 'b:2' },
    ]),
  },
  {
    name: 'ports merge by containerPort',
    original: podTemplate([{ name: 'a', ports: [{ containerPort: 80, name: 'http' }] }]),
    patch: podTemplate([
      {
        name: 'a',
        ports: [
          { containerPort: 443, name: 'https' },
          { containerPort: 80, protocol: 'TCP' },
        ],
      },
    ]),
    expected: podTemplate([
      {
        name: 'a',
        ports: [
          { containerPort: 80, name: 'http', protocol: 'TCP' },
          { containerPort: 443, name: 'https' },
        ],
      },
    ]),
  },
  {
    name: 'volumes merge by name; lists without a merge key (args) are replaced',
    original: podTemplate([{ name: 'a', args: ['x', 'y'] }], { volumes: [{ name: 'v1', emptyDir: {} }] }),
    patch: podTemplate([{ name: 'a', args: ['z'] }], { volumes: [{ name: 'v2', emptyDir: {} }] }),
    expected: podTemplate([{ name: 'a', args: ['z'] }], {
      volumes: [
        { name: 'v1', emptyDir: {} },
        { name: 'v2', emptyDir: {} },
      ],
    }),
  },
  {
    name: 'null deletes a key; $patch: replace on a map replaces it',
    original: { metadata: { labels: { a: '1', b: '2' } }, spec: { selector: { matchLabels: { a: '1' } } } },
    patch: {
      metadata: { labels: { a: null } },
      spec: { selector: { $patch: 'replace', matchLabels: { c: '3' } } },
    },
    expected: { metadata: { labels: { b: '2' } }, spec: { selector: { matchLabels: { c: '3' } } } },
  },
  {
    name: '$patch: replace inside a merging list replaces the whole list',
    original: podTemplate([{ name: 'a' }, { name: 'b' }]),
    patch: podTemplate([{ $patch: 'replace' }, { name: 'c' }]),
    expected: podTemplate([{ name: 'c' }]),
  },
  {
    name: 'finalizers merge as a set; $deleteFromPrimitiveList removes values',
    original: { metadata: { finalizers: ['a', 'b'] } },
    patch: { metadata: { finalizers: ['c', 'a'], '$deleteFromPrimitiveList/finalizers': ['b'] } },
    expected: { metadata: { finalizers: ['a', 'c'] } },
  },
  {
    name: '$retainKeys drops the keys it does not list (strategy type switch)',
    original: { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } },
    patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
    expected: { spec: { strategy: { type: 'Recreate' } } },
  },
];

describe('strategicMerge (golden cases)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const patch = JSON.parse(JSON.stringify(c.patch)) as unknown;
      const kind = c.name.startsWith('finalizers') ? 'Pod' : 'DaemonSet';
      assert.deepEqual(strategicMerge(c.original, patch, KIND_SCHEMAS[kind]), c.expected);
    });
  }

  it('node conditions merge by type and addresses by type', () => {
    const original = {
      status: {
        conditions: [
          { type: 'Ready', status: 'False' },
          { type: 'MemoryPressure', status: 'False' },
        ],
      },
    };
    const patch = { status: { conditions: [{ type: 'Ready', status: 'True' }] } };
    assert.deepEqual(strategicMerge(original, patch, KIND_SCHEMAS.Node), {
      status: {
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'MemoryPressure', status: 'False' },
        ],
      },
    });
  });

  it('rejects a merging list element without its merge key', () => {
    assert.throws(
      () =>
        strategicMerge(podTemplate([{ name: 'a' }]), podTemplate([{ image: 'x' }]), KIND_SCHEMAS.Deployment),
      /merge key: name/,
    );
  });
});
