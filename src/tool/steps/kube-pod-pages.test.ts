import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import { kubeApi } from '../gateway/kube.js';
import { listAllPods, podFields, podInfo, podPages } from './kube-pod-pages.js';
import { fakeKubeHttp } from './testing/fake-kube-http.js';
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

describe('podFields: a page reduced to what podInfo reads, before client-node types it', () => {
  /** Pods as the API server writes them, with the fields podInfo never reads. */
  const full = (i: number): Record<string, unknown> => {
    const condition = (type: string, status: string, extra: Record<string, string> = {}) => ({
      type,
      status,
      lastTransitionTime: '2026-12-01T00:00:00Z',
      ...extra,
    });
    const kinds = [
      // a ReplicaSet pod, ready, with a large spec
      {
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d', uid: 'u1', controller: true },
        ],
        spec: { nodeName: 'n1' },
        status: { phase: 'Running', podIP: `100.64.1.${i}`, conditions: [condition('Ready', 'True')] },
      },
      // a DaemonSet pod on the host network, being deleted
      {
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'aws-node', uid: 'u2' }],
        deletionTimestamp: '2026-12-01T00:01:00Z',
        spec: { nodeName: 'n2', hostNetwork: true },
        status: { phase: 'Running', podIP: '10.0.0.5', conditions: [condition('Ready', 'False')] },
      },
      // a static pod's mirror
      {
        annotations: { 'kubernetes.io/config.mirror': 'abc', 'kubernetes.io/config.hash': 'abc' },
        spec: { nodeName: 'n3' },
        status: { phase: 'Running', podIP: '10.0.0.6' },
      },
      // a pod the scheduler refused
      {
        spec: {},
        status: {
          phase: 'Pending',
          conditions: [
            condition('PodScheduled', 'False', {
              reason: 'Unschedulable',
              message: '0/3 nodes are available',
            }),
          ],
        },
      },
    ];
    const k = kinds[i % kinds.length]!;
    return {
      metadata: {
        name: `p${i}`,
        namespace: i % 2 ? 'prod' : 'default',
        uid: `uid-${i}`,
        labels: { app: 'web', tier: String(i % 3) },
        annotations: { 'checksum/config': 'x'.repeat(64), ...(k.annotations ?? {}) },
        managedFields: [{ manager: 'kubelet', operation: 'Update', fieldsV1: { 'f:status': {} } }],
        ...(k.ownerReferences ? { ownerReferences: k.ownerReferences } : {}),
        ...(k.deletionTimestamp ? { deletionTimestamp: k.deletionTimestamp } : {}),
      },
      spec: {
        containers: [{ name: 'app', image: 'nginx', env: [{ name: 'A', value: 'b'.repeat(200) }] }],
        volumes: [{ name: 'v', configMap: { name: 'c', items: [{ key: 'k', path: 'p' }] } }],
        ...k.spec,
      },
      status: {
        ...k.status,
        conditions: [condition('Initialized', 'True'), ...(k.status.conditions ?? [])],
        containerStatuses: [{ name: 'app', ready: true, restartCount: 0, image: 'nginx', imageID: 'sha' }],
      },
    };
  };

  it('podInfo of the reduced pod is podInfo of the pod, for every kind of pod', () => {
    for (let i = 0; i < 8; i++) {
      const pod = full(i);
      const reduced = JSON.parse(JSON.stringify(podFields(pod))) as V1Pod;
      assert.deepEqual(podInfo(reduced), podInfo(pod as V1Pod), `pod ${i}`);
    }
  });

  it('drops what podInfo never reads: a fraction of the bytes client-node types', () => {
    const pod = full(0);
    const reduced = JSON.stringify(podFields(pod));
    assert.ok(
      !reduced.includes('managedFields') && !reduced.includes('nginx') && !reduced.includes('checksum'),
    );
    assert.ok(
      reduced.length * 3 < JSON.stringify(pod).length,
      `${reduced.length} of ${JSON.stringify(pod).length}`,
    );
  });

  it('over the wire through client-node and the gateway: the same PodInfo as the full pods', async () => {
    const pods = Array.from({ length: 23 }, (_, i) => full(i));
    const api = await fakeKubeHttp(pods);
    try {
      const listed = await listAllPods(kubeApi(api.kc, CoreV1Api), {}, 10);
      assert.deepEqual(
        listed,
        pods.map((p) => podInfo(p as V1Pod)),
      );
      assert.deepEqual(api.seen, [null, '10', '20']);
    } finally {
      await api.close();
    }
  });
});
