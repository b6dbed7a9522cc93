import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CoreV1Api, V1Pod } from '@kubernetes/client-node';
import { listAllPods, podInfo, podPages } from './kube-pod-pages.js';
import { fakePagedList } from './testing/fake-paged-list.js';

const pod = (i: number): V1Pod => ({
  metadata: { namespace: 'default', name: `p${i}`, labels: { app: 'x' } },
  spec: { containers: [], nodeName: 'n1' },
  status: { phase: 'Running', podIP: `100.64.0.${i}` },
});

/** A fake API server listing `total` pods `limit` at a time; `expireAt` answers that token with 410 once. */
function fakeCore(total: number, expireAt?: string) {
  const { list, calls } = fakePagedList<V1Pod>(total, pod, expireAt);
  const core = {
    listPodForAllNamespaces: list,
    listNamespacedPod: list,
  } as unknown as CoreV1Api;
  return { core, calls };
}

describe('pods page by page', () => {
  it('reads every page with limit and continue, never one unpaged list', async () => {
    const { core, calls } = fakeCore(1234);
    const pods = await listAllPods(core, {}, 500);
    assert.equal(pods.length, 1234);
    assert.deepEqual(
      calls.map((c) => [c.limit, c._continue]),
      [
        [500, undefined],
        [500, '500'],
        [500, '1000'],
      ],
    );
    assert.equal(pods[1233]?.name, 'p1233');
    assert.equal(pods[0]?.podIp, '100.64.0.0');
  });

  it('yields each page as it comes, selectors on every request', async () => {
    const { core, calls } = fakeCore(25);
    const sizes: number[] = [];
    for await (const page of podPages(core, { nodeName: 'n1', namespace: 'default' }, 10))
      sizes.push(page.length);
    assert.deepEqual(sizes, [10, 10, 5]);
    assert.ok(calls.every((c) => c.fieldSelector === 'spec.nodeName=n1' && c.namespace === 'default'));
  });

  it('the records of one listing share the values pods repeat: one label set, one owner-kind list', async () => {
    const { core } = fakeCore(1234);
    const pods = await listAllPods(core, {}, 500);
    assert.deepEqual(pods[1233]?.labels, { app: 'x' });
    assert.equal(pods[0]?.labels, pods[1233]?.labels, 'pods on different pages share one label set');
    assert.equal(pods[0]?.ownerKinds, pods[700]?.ownerKinds);
    assert.equal(new Set(pods.map((p) => p.labels)).size, 1);
  });

  it('restarts the list once when a continue token expired (410), without duplicates', async () => {
    const { core, calls } = fakeCore(30, '20');
    const pods = await listAllPods(core, {}, 10);
    assert.equal(pods.length, 30);
    assert.equal(new Set(pods.map((p) => p.name)).size, 30);
    assert.equal(calls.filter((c) => c._continue === undefined).length, 2, 'started over once');
  });
});

describe('podInfo: the scheduler verdict', () => {
  const pending = (conditions: NonNullable<V1Pod['status']>['conditions']): V1Pod => ({
    metadata: { namespace: 'default', name: 'p' },
    spec: { containers: [] },
    status: { phase: 'Pending', conditions },
  });

  it('carries the PodScheduled=False/Unschedulable message of a pod without a node', () => {
    const info = podInfo(
      pending([
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message: '0/3 nodes are available: 3 Too many pods.',
        },
      ]),
    );
    assert.equal(info.unschedulable, '0/3 nodes are available: 3 Too many pods.');
  });

  it('has none for a pod the scheduler has not judged, or a condition of another reason', () => {
    assert.equal(podInfo(pending(undefined)).unschedulable, undefined);
    assert.equal(
      podInfo(pending([{ type: 'PodScheduled', status: 'False', reason: 'SchedulerError', message: 'x' }]))
        .unschedulable,
      undefined,
    );
  });

  it('has none once the pod is bound to a node', () => {
    const bound = pending([
      { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: 'old' },
    ]);
    bound.spec!.nodeName = 'n1';
    assert.equal(podInfo(bound).unschedulable, undefined);
  });
});
