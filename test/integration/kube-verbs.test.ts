/**
 * More of the apiserver's verbs through client-node: the scale subresource, deletecollection,
 * namespace deletion taking its contents along, a watch from a version older than the kept history
 * (an ERROR event carrying 410 Expired), unknown resources (404), and graceful pod deletion.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  Watch,
  setHeaderOptions,
} from '@kubernetes/client-node';
import type { ResourceRef } from '../../src/sandbox/services/kube/types.js';
import { startKubeHarness, TEST_TOKEN, type KubeHarness } from './kube-harness.js';

let h: KubeHarness;
let kc: KubeConfig;
const PODS: ResourceRef = { group: '', version: 'v1', resource: 'pods' };

before(async () => {
  h = await startKubeHarness();
  kc = new KubeConfig();
  kc.loadFromString(h.kubeconfig());
});
after(() => h.close());

describe('kube API verbs', () => {
  it('reads and writes a deployment through its scale subresource', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const scale = await apps.readNamespacedDeploymentScale({ name: 'coredns', namespace: 'kube-system' });
    assert.equal(scale.spec?.replicas, 2);
    assert.equal(scale.status?.selector, 'eks.amazonaws.com/component=coredns,k8s-app=kube-dns');
    await apps.patchNamespacedDeploymentScale(
      { name: 'coredns', namespace: 'kube-system', body: { spec: { replicas: 3 } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const d = await apps.readNamespacedDeployment({ name: 'coredns', namespace: 'kube-system' });
    assert.equal(d.spec?.replicas, 3);
    assert.equal(d.metadata?.generation, 2);
  });

  it('deletes a collection by label, and a namespace with everything in it', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'scratch' } } });
    for (const [name, tier] of [
      ['a', 'x'],
      ['b', 'x'],
      ['c', 'y'],
    ]) {
      await core.createNamespacedConfigMap({
        namespace: 'scratch',
        body: { metadata: { name, labels: { tier: tier! } } },
      });
    }
    await core.deleteCollectionNamespacedConfigMap({ namespace: 'scratch', labelSelector: 'tier=x' });
    const left = await core.listNamespacedConfigMap({ namespace: 'scratch' });
    assert.deepEqual(
      left.items.map((c) => c.metadata?.name),
      ['c'],
    );
    assert.ok(
      (await core.listNamespacedServiceAccount({ namespace: 'scratch' })).items.some(
        (s) => s.metadata?.name === 'default',
      ),
    );
    await core.deleteNamespace({ name: 'scratch' });
    await assert.rejects(core.readNamespace({ name: 'scratch' }), (e: { code?: number }) => e.code === 404);
    assert.equal(
      h.clusters
        .get('demo')!
        .list({ group: '', version: 'v1', resource: 'configmaps' }, { namespace: 'scratch' }).items.length,
      0,
    );
  });

  it('ends a watch from a too-old resourceVersion with an ERROR event carrying 410', async () => {
    const store = h.clusters.get('demo')!;
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'churn' } } });
    // Push the start of the history past version 2 (the history keeps the last 10,000 changes).
    for (let i = 0; i < 10_050; i++) {
      store.patch({ group: '', version: 'v1', resource: 'namespaces' }, undefined, 'churn', 'merge', {
        metadata: { labels: { n: String(i) } },
      });
    }
    const events: { type: string; code?: number }[] = [];
    await new Promise<void>((resolve, reject) => {
      void new Watch(kc)
        .watch(
          '/api/v1/pods',
          { resourceVersion: '2' },
          (type, obj: { code?: number }) => events.push({ type, code: obj.code }),
          () => resolve(),
        )
        .catch(reject);
    });
    assert.deepEqual(events, [{ type: 'ERROR', code: 410 }]);
  });

  it('answers 404 NotFound for a resource the server does not have', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      request(
        `${h.endpoint('demo')}/apis/apps/v1/controllerrevisions`,
        { ca: h.tls.caCertPem, headers: { Authorization: `Bearer ${TEST_TOKEN}` } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      )
        .on('error', reject)
        .end();
    });
    assert.equal(status, 404);
    const core = kc.makeApiClient(CoreV1Api);
    await assert.rejects(
      core.readNamespacedPod({ name: 'x', namespace: 'nowhere' }),
      (e: { code?: number }) => e.code === 404,
    );
  });

  it('deletes pods on a node gracefully while a data plane runs', async () => {
    h.clusters.gracefulPodDeletion = true;
    try {
      const core = kc.makeApiClient(CoreV1Api);
      await core.createNamespacedPod({
        namespace: 'default',
        body: {
          metadata: { name: 'graceful' },
          spec: {
            nodeName: 'n1',
            terminationGracePeriodSeconds: 45,
            containers: [{ name: 'a', image: 'b' }],
          },
        },
      });
      const deleted = await core.deleteNamespacedPod({ name: 'graceful', namespace: 'default' });
      assert.equal(deleted.metadata?.deletionGracePeriodSeconds, 45);
      assert.ok(deleted.metadata?.deletionTimestamp);
      assert.ok(h.clusters.get('demo')!.tryGet(PODS, 'default', 'graceful'));
      await core.deleteNamespacedPod({ name: 'graceful', namespace: 'default', gracePeriodSeconds: 0 });
      assert.equal(h.clusters.get('demo')!.tryGet(PODS, 'default', 'graceful'), undefined);
    } finally {
      h.clusters.gracefulPodDeletion = false;
    }
  });
});
