/**
 * client-node's generic clients against the sandbox: KubernetesObjectApi (which finds a kind's
 * resource through discovery, as the tool does for ENIConfigs) and an informer (list, then watch from
 * the list's resourceVersion).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  makeInformer,
  type KubernetesObject,
  type V1ConfigMap,
} from '@kubernetes/client-node';
import { startKubeHarness, type KubeHarness } from './kube-harness.js';

let h: KubeHarness;
let kc: KubeConfig;

before(async () => {
  h = await startKubeHarness();
  kc = new KubeConfig();
  kc.loadFromString(h.kubeconfig());
});
after(() => h.close());

describe('client-node generic clients', () => {
  it('creates, patches and reads an ENIConfig through KubernetesObjectApi', async () => {
    const api = KubernetesObjectApi.makeApiClient(kc);
    const eni = {
      apiVersion: 'crd.k8s.amazonaws.com/v1alpha1',
      kind: 'ENIConfig',
      metadata: { name: 'us-east-1b' },
      spec: { subnet: 'subnet-1', securityGroups: ['sg-1'] },
    };
    await api.create(eni);
    await api.patch(
      { ...eni, spec: { subnet: 'subnet-2' } } as KubernetesObject,
      undefined,
      undefined,
      undefined,
      undefined,
      PatchStrategy.MergePatch,
    );
    const read = (await api.read({
      apiVersion: eni.apiVersion,
      kind: eni.kind,
      metadata: { name: 'us-east-1b' },
    })) as unknown as {
      spec: unknown;
    };
    assert.deepEqual(read.spec, { subnet: 'subnet-2', securityGroups: ['sg-1'] });
    const list = await api.list('crd.k8s.amazonaws.com/v1alpha1', 'ENIConfig');
    assert.deepEqual(
      list.items.map((i) => i.metadata?.name),
      ['us-east-1b'],
    );
  });

  it('feeds an informer: list, then watch from the list version', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const informer = makeInformer<V1ConfigMap>(kc, '/api/v1/namespaces/default/configmaps', () =>
      core.listNamespacedConfigMap({ namespace: 'default' }),
    );
    const seen: string[] = [];
    const added = new Promise<void>((resolve) => {
      informer.on('add', (cm) => {
        seen.push(cm.metadata?.name ?? '');
        if (cm.metadata?.name === 'late') resolve();
      });
    });
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'early' } } });
    await informer.start();
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'late' } } });
    await added;
    await informer.stop();
    assert.deepEqual(seen, ['early', 'late']);
  });
});
