import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_RESOURCES, resourcesOfCrd, type ResourceInfo } from '../../services/kube/resources.js';
import type { KubeObject } from '../../services/kube/types.js';
import { humanDuration } from './human-duration.js';
import { toTable } from './table.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const info = (kind: string): ResourceInfo => BUILTIN_RESOURCES.find((r) => r.kind === kind)!;

function table(i: ResourceInfo, objects: KubeObject[]) {
  return toTable(i, objects, {
    now: NOW,
    include: 'Metadata',
    apiVersion: 'meta.k8s.io/v1',
    listMeta: {},
  }) as {
    columnDefinitions: { name: string; priority: number }[];
    rows: { cells: unknown[]; object: { kind: string } }[];
  };
}

describe('Table responses', () => {
  it('prints pods as kubectl does, with IP and NODE as wide columns', () => {
    const pod: KubeObject = {
      metadata: { name: 'web-1', creationTimestamp: '2026-01-01T11:55:00Z' },
      spec: { nodeName: 'ip-10-0-1-5.ec2.internal', containers: [{ name: 'a' }, { name: 'b' }] },
      status: {
        phase: 'Pending',
        podIP: '100.64.0.7',
        containerStatuses: [
          { name: 'a', ready: true, restartCount: 1, state: { running: {} } },
          { name: 'b', ready: false, restartCount: 2, state: { waiting: { reason: 'ContainerCreating' } } },
        ],
      },
    };
    const t = table(info('Pod'), [pod]);
    assert.deepEqual(
      t.columnDefinitions.map((c) => `${c.name}:${c.priority}`),
      [
        'Name:0',
        'Ready:0',
        'Status:0',
        'Restarts:0',
        'Age:0',
        'IP:1',
        'Node:1',
        'Nominated Node:1',
        'Readiness Gates:1',
      ],
    );
    assert.deepEqual(t.rows[0]?.cells, [
      'web-1',
      '1/2',
      'ContainerCreating',
      '3',
      '5m',
      '100.64.0.7',
      'ip-10-0-1-5.ec2.internal',
      '<none>',
      '<none>',
    ]);
    assert.equal(t.rows[0]?.object.kind, 'PartialObjectMetadata');
  });

  it('shows Terminating once a pod has a deletionTimestamp', () => {
    const pod: KubeObject = {
      metadata: { name: 'p', deletionTimestamp: '2026-01-01T12:00:30Z' },
      spec: { containers: [{ name: 'a' }] },
      status: { phase: 'Running', containerStatuses: [{ name: 'a', ready: true, state: { running: {} } }] },
    };
    assert.equal(table(info('Pod'), [pod]).rows[0]?.cells[2], 'Terminating');
  });

  it('prints a cordoned node as Ready,SchedulingDisabled', () => {
    const node: KubeObject = {
      metadata: { name: 'n', creationTimestamp: '2026-01-01T09:00:00Z' },
      spec: { unschedulable: true },
      status: {
        conditions: [{ type: 'Ready', status: 'True' }],
        nodeInfo: { kubeletVersion: 'v1.31.4-eks-1' },
      },
    };
    assert.deepEqual(table(info('Node'), [node]).rows[0]?.cells.slice(0, 5), [
      'n',
      'Ready,SchedulingDisabled',
      '<none>',
      '3h',
      'v1.31.4-eks-1',
    ]);
  });

  it("uses a CRD's additionalPrinterColumns for its custom resources", () => {
    const [cr] = resourcesOfCrd({
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', kind: 'Widget' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            additionalPrinterColumns: [
              { name: 'Subnet', type: 'string', jsonPath: '.spec.subnet' },
              { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
            ],
          },
        ],
      },
    });
    const t = table(cr!, [
      { metadata: { name: 'w', creationTimestamp: '2026-01-01T10:00:00Z' }, spec: { subnet: 'subnet-1' } },
    ]);
    assert.deepEqual(
      t.columnDefinitions.map((c) => c.name),
      ['Name', 'Subnet', 'Age'],
    );
    assert.deepEqual(t.rows[0]?.cells, ['w', 'subnet-1', '120m']);
  });

  it('formats ages as HumanDuration', () => {
    const s = 1000;
    const cases: [number, string][] = [
      [5 * s, '5s'],
      [119 * s, '119s'],
      [150 * s, '2m30s'],
      [600 * s, '10m'],
      [4 * 3600 * s + 60 * s, '4h1m'],
      [30 * 3600 * s, '30h'],
      [3 * 86400 * s + 3600 * s, '3d1h'],
      [40 * 86400 * s, '40d'],
    ];
    for (const [ms, text] of cases) assert.equal(humanDuration(ms), text);
  });
});
