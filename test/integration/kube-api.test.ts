/**
 * The sandbox's Kubernetes API through @kubernetes/client-node 1.x over HTTPS with TLS verification
 * on (the sandbox CA): CRUD, 409 conflicts, patches, selectors, pagination, watch, eviction, dry run.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  PolicyV1Api,
  Watch,
  setHeaderOptions,
  type V1Pod,
} from '@kubernetes/client-node';
import { startKubeHarness, type KubeHarness } from './kube-harness.js';

let h: KubeHarness;
let kc: KubeConfig;

function pod(name: string, labels: Record<string, string>, nodeName?: string): V1Pod {
  return {
    metadata: { name, labels },
    spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'app', image: 'nginx:1.27' }] },
  };
}

async function apiError(p: Promise<unknown>): Promise<ApiException<string>> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApiException) return err as ApiException<string>;
    throw err;
  }
  assert.fail('expected an ApiException');
}

before(async () => {
  h = await startKubeHarness({ clusters: ['demo', 'other'] });
  kc = new KubeConfig();
  kc.loadFromString(h.kubeconfig());
  kc.setCurrentContext('demo');
});

after(() => h.close());

describe('kube API through client-node', () => {
  it('serves the seeded cluster over verified TLS', async () => {
    assert.equal(kc.getCurrentCluster()?.skipTLSVerify ?? false, false);
    const core = kc.makeApiClient(CoreV1Api);
    const ns = await core.listNamespace();
    assert.deepEqual(
      ns.items.map((n) => n.metadata?.name),
      ['default', 'kube-node-lease', 'kube-public', 'kube-system'],
    );
    const apps = kc.makeApiClient(AppsV1Api);
    const ds = await apps.readNamespacedDaemonSet({ name: 'aws-node', namespace: 'kube-system' });
    assert.equal(ds.spec?.template.spec?.containers[0]?.name, 'aws-node');
  });

  it('creates, reads, and answers 409 to a stale update and to a duplicate', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const cm = await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'settings' }, data: { a: '1' } },
    });
    assert.match(cm.metadata?.uid ?? '', /^[0-9a-f-]{36}$/);
    const updated = await core.replaceNamespacedConfigMap({
      name: 'settings',
      namespace: 'default',
      body: { ...cm, data: { a: '2' } },
    });
    assert.notEqual(updated.metadata?.resourceVersion, cm.metadata?.resourceVersion);
    const stale = await apiError(
      core.replaceNamespacedConfigMap({
        name: 'settings',
        namespace: 'default',
        body: { ...cm, data: { a: '3' } },
      }),
    );
    assert.equal(stale.code, 409);
    const status = JSON.parse(stale.body) as { reason: string; message: string };
    assert.equal(status.reason, 'Conflict');
    const dup = await apiError(
      core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'settings' } } }),
    );
    assert.equal(dup.code, 409);
    assert.equal((JSON.parse(dup.body) as { reason: string }).reason, 'AlreadyExists');
    const missing = await apiError(core.readNamespacedConfigMap({ name: 'nope', namespace: 'default' }));
    assert.equal(missing.code, 404);
    assert.equal((JSON.parse(missing.body) as { message: string }).message, 'configmaps "nope" not found');
  });

  it('applies a strategic merge patch to the aws-node env, merging by name', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const patched = await apps.patchNamespacedDaemonSet(
      {
        name: 'aws-node',
        namespace: 'kube-system',
        body: {
          spec: {
            template: {
              spec: {
                containers: [
                  {
                    name: 'aws-node',
                    env: [
                      { name: 'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG', value: 'true' },
                      { name: 'ENI_CONFIG_LABEL_DEF', value: 'topology.kubernetes.io/zone' },
                    ],
                  },
                ],
              },
            },
          },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    const env = patched.spec?.template.spec?.containers[0]?.env ?? [];
    assert.equal(env.find((e) => e.name === 'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG')?.value, 'true');
    assert.equal(env.find((e) => e.name === 'WARM_ENI_TARGET')?.value, '1');
    assert.equal(env.at(-1)?.name, 'ENI_CONFIG_LABEL_DEF');
    assert.equal(patched.spec?.template.spec?.initContainers?.length, 1);
    assert.equal(patched.metadata?.generation, 2);
  });

  it('serves ENIConfigs as custom resources with merge patch, and refuses strategic merge on them', async () => {
    const custom = kc.makeApiClient(CustomObjectsApi);
    const group = 'crd.k8s.amazonaws.com';
    const version = 'v1alpha1';
    await custom.createClusterCustomObject({
      group,
      version,
      plural: 'eniconfigs',
      body: {
        apiVersion: `${group}/${version}`,
        kind: 'ENIConfig',
        metadata: { name: 'us-east-1a' },
        spec: { subnet: 'subnet-1', securityGroups: ['sg-1'] },
      },
    });
    const patched = (await custom.patchClusterCustomObject(
      { group, version, plural: 'eniconfigs', name: 'us-east-1a', body: { spec: { subnet: 'subnet-2' } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    )) as { spec: { subnet: string; securityGroups: string[] } };
    assert.deepEqual(patched.spec, { subnet: 'subnet-2', securityGroups: ['sg-1'] });
    const refused = await apiError(
      custom.patchClusterCustomObject(
        { group, version, plural: 'eniconfigs', name: 'us-east-1a', body: { spec: { subnet: 'x' } } },
        setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
      ),
    );
    assert.equal(refused.code, 415);
  });

  it('selects pods by label and field and pages with limit/continue', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'paging' } } });
    for (let i = 0; i < 7; i++) {
      await core.createNamespacedPod({
        namespace: 'paging',
        body: pod(`p${i}`, { app: i < 4 ? 'web' : 'db' }, `node-${i % 2}`),
      });
    }
    const web = await core.listNamespacedPod({ namespace: 'paging', labelSelector: 'app=web' });
    assert.equal(web.items.length, 4);
    const onNode = await core.listPodForAllNamespaces({
      fieldSelector: 'spec.nodeName=node-1,status.phase=Pending',
    });
    assert.deepEqual(
      onNode.items.map((p) => p.metadata?.name),
      ['p1', 'p3', 'p5'],
    );
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await core.listNamespacedPod({
        namespace: 'paging',
        limit: 3,
        ...(token ? { _continue: token } : {}),
      });
      names.push(...page.items.map((p) => p.metadata?.name ?? ''));
      token = page.metadata?._continue;
    } while (token);
    assert.deepEqual(names, ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
  });

  it('streams watch events from a resourceVersion', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'watching' } } });
    const list = await core.listNamespacedPod({ namespace: 'watching' });
    const seen: string[] = [];
    let stop: AbortController | undefined;
    const done = new Promise<void>((resolve, reject) => {
      new Watch(kc)
        .watch(
          '/api/v1/namespaces/watching/pods',
          { resourceVersion: list.metadata?.resourceVersion },
          (type, obj: V1Pod) => {
            seen.push(`${type} ${obj.metadata?.name ?? ''}`);
            if (type === 'DELETED') resolve();
          },
          (err) => (err ? reject(err as Error) : resolve()),
        )
        .then((c) => {
          stop = c;
        }, reject);
    });
    await new Promise((r) => setTimeout(r, 100));
    await core.createNamespacedPod({ namespace: 'watching', body: pod('w', { app: 'w' }) });
    await core.patchNamespacedPod(
      { name: 'w', namespace: 'watching', body: { metadata: { labels: { extra: 'yes' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await core.deleteNamespacedPod({ name: 'w', namespace: 'watching' });
    await done;
    stop?.abort();
    assert.deepEqual(seen, ['ADDED w', 'MODIFIED w', 'DELETED w']);
  });

  it('refuses an eviction its PodDisruptionBudget forbids with 429', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const policy = kc.makeApiClient(PolicyV1Api);
    await core.createNamespace({ body: { metadata: { name: 'evict' } } });
    await policy.createNamespacedPodDisruptionBudget({
      namespace: 'evict',
      body: {
        metadata: { name: 'web' },
        spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
      },
    });
    await core.createNamespacedPod({ namespace: 'evict', body: pod('only', { app: 'web' }, 'node-0') });
    await core.patchNamespacedPodStatus(
      {
        name: 'only',
        namespace: 'evict',
        body: { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const refused = await apiError(
      core.createNamespacedPodEviction({
        name: 'only',
        namespace: 'evict',
        body: { metadata: { name: 'only', namespace: 'evict' } },
      }),
    );
    assert.equal(refused.code, 429);
    const status = JSON.parse(refused.body) as {
      message: string;
      details: { causes: { message: string }[] };
    };
    assert.equal(status.message, "Cannot evict pod as it would violate the pod's disruption budget.");
    assert.equal(
      status.details.causes[0]?.message,
      'The disruption budget web needs 1 healthy pods and has 1 currently',
    );
  });

  it('does not persist a dryRun=All create', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const dry = await core.createNamespacedConfigMap({
      namespace: 'default',
      dryRun: 'All',
      body: { metadata: { name: 'dry' } },
    });
    assert.equal(dry.metadata?.name, 'dry');
    assert.equal(
      (await apiError(core.readNamespacedConfigMap({ name: 'dry', namespace: 'default' }))).code,
      404,
    );
  });

  it('keeps each cluster apart', async () => {
    const other = new KubeConfig();
    other.loadFromString(h.kubeconfig());
    other.setCurrentContext('other');
    const core = other.makeApiClient(CoreV1Api);
    await assert.rejects(core.readNamespacedConfigMap({ name: 'settings', namespace: 'default' }));
  });
});
