import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../core/clock.js';
import { SeededIds } from '../../core/ids.js';
import { KubeClusters } from './clusters.js';
import { KubeStatusError } from './errors.js';
import type { KubeObject, ResourceRef, WatchEvent } from './types.js';

const PODS: ResourceRef = { group: '', version: 'v1', resource: 'pods' };
const DEPLOYMENTS: ResourceRef = { group: 'apps', version: 'v1', resource: 'deployments' };
const PDBS: ResourceRef = { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets' };
const ENICONFIGS: ResourceRef = {
  group: 'crd.k8s.amazonaws.com',
  version: 'v1alpha1',
  resource: 'eniconfigs',
};

function fresh(graceful = false) {
  const clock = new ManualClock();
  const clusters = new KubeClusters({
    clock,
    ids: new SeededIds({ seed: 1, counter: 0 }),
    region: 'us-east-1',
  });
  clusters.gracefulPodDeletion = graceful;
  return { clock, clusters, store: clusters.ensure('demo') };
}

function pod(name: string, labels: Record<string, string> = {}, extra: Partial<KubeObject> = {}): KubeObject {
  return {
    metadata: { name, namespace: 'default', labels },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
    ...extra,
  };
}

/** A field by dotted path (`spec.containers.0.env`), for assertions. */
function field(o: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((cur, k) => (cur as Record<string, unknown> | undefined)?.[k], o);
}

function statusError(fn: () => unknown): KubeStatusError {
  try {
    fn();
  } catch (err) {
    if (err instanceof KubeStatusError) return err;
    throw err;
  }
  assert.fail('expected a KubeStatusError');
}

describe('KubeStore', () => {
  it('seeds the system namespaces, the CNI DaemonSet and the ENIConfig CRD', () => {
    const { store } = fresh();
    const ns = store
      .list({ group: '', version: 'v1', resource: 'namespaces' })
      .items.map((n) => n.metadata.name);
    assert.deepEqual(ns, ['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    const ds = store.get({ group: 'apps', version: 'v1', resource: 'daemonsets' }, 'kube-system', 'aws-node');
    const env = field(ds, 'spec.template.spec.containers.0.env') as { name: string; value?: string }[];
    assert.equal(env.find((e) => e.name === 'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG')?.value, 'false');
    assert.match(
      String(field(ds, 'spec.template.spec.containers.0.image')),
      /^602401143452\.dkr\.ecr\.us-east-1\.amazonaws\.com\/amazon-k8s-cni:v1\.19\.2-eksbuild\.1$/,
    );
    assert.equal(store.list(ENICONFIGS).items.length, 0);
    assert.equal(store.get(DEPLOYMENTS, 'kube-system', 'coredns').spec?.['replicas' as never], 2);
  });

  it('stamps uid, resourceVersion, creationTimestamp, generation and defaults on create', () => {
    const { store } = fresh();
    const created = store.create(PODS, pod('web'));
    assert.match(created.metadata.uid ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(created.metadata.creationTimestamp, '2026-01-01T00:00:00Z');
    assert.equal(created.metadata.generation, 1);
    assert.equal(created.kind, 'Pod');
    assert.equal(field(created, 'spec.restartPolicy'), 'Always');
    assert.equal(field(created, 'status.phase'), 'Pending');
    const err = statusError(() => store.create(PODS, pod('web')));
    assert.equal(err.code, 409);
    assert.equal(err.message, 'pods "web" already exists');
  });

  it('refuses objects in a missing namespace and invalid names', () => {
    const { store } = fresh();
    const err = statusError(() =>
      store.create(PODS, { ...pod('x'), metadata: { name: 'x', namespace: 'nope' } }),
    );
    assert.equal(err.code, 404);
    assert.equal(err.message, 'namespaces "nope" not found');
    assert.equal(statusError(() => store.create(PODS, pod('Bad_Name'))).code, 422);
  });

  it('answers 409 to an update with a stale resourceVersion and bumps generation on spec changes', () => {
    const { store } = fresh();
    const d = store.get(DEPLOYMENTS, 'kube-system', 'coredns');
    const next = structuredClone(d);
    (next.spec as { replicas: number }).replicas = 3;
    const updated = store.update(DEPLOYMENTS, next);
    assert.equal(updated.metadata.generation, 2);
    const err = statusError(() => store.update(DEPLOYMENTS, next));
    assert.equal(err.code, 409);
    assert.equal(err.reason, 'Conflict');
    assert.match(
      err.message,
      /^Operation cannot be fulfilled on deployments\.apps "coredns": the object has been modified/,
    );
  });

  it('keeps status out of main-resource updates and spec out of status updates', () => {
    const { store } = fresh();
    const created = store.create(PODS, pod('web'));
    const viaMain = store.update(PODS, { ...created, status: { phase: 'Running' } });
    assert.equal(field(viaMain, 'status.phase'), 'Pending');
    const viaStatus = store.update(
      PODS,
      { ...viaMain, spec: { containers: [] }, status: { phase: 'Running' } },
      { subresource: 'status' },
    );
    assert.equal(field(viaStatus, 'status.phase'), 'Running');
    assert.equal((field(viaStatus, 'spec.containers') as unknown[]).length, 1);
  });

  it('a status write never bumps the generation; an unchanged status is no write at all', () => {
    const { store } = fresh();
    const created = store.create(PODS, pod('web'));
    const running = store.update(
      PODS,
      { ...created, spec: { containers: [] }, status: { phase: 'Running' } },
      { subresource: 'status' },
    );
    assert.equal(running.metadata.generation, created.metadata.generation);
    assert.notEqual(running.metadata.resourceVersion, created.metadata.resourceVersion);
    const again = store.update(
      PODS,
      { ...running, metadata: { ...running.metadata, labels: { other: 'x' } } },
      { subresource: 'status' },
    );
    assert.equal(again.metadata.resourceVersion, running.metadata.resourceVersion, 'no new version');
    assert.equal(again.metadata.labels?.other, undefined, 'metadata comes from the stored object');
  });

  it('shareResult returns the stored object itself (the simulation reads nothing of it), else a copy', () => {
    const { store } = fresh();
    const created = store.create(PODS, pod('web'));
    const shared = store.update(
      PODS,
      { ...created, status: { phase: 'Running' } },
      {
        subresource: 'status',
        shareResult: true,
      },
    );
    assert.equal(
      shared,
      store.listShared(PODS).find((p) => p.metadata.name === 'web'),
    );
    const copy = store.update(PODS, { ...shared, status: { phase: 'Succeeded' } }, { subresource: 'status' });
    assert.notEqual(
      copy,
      store.listShared(PODS).find((p) => p.metadata.name === 'web'),
    );
    assert.equal(field(copy, 'status.phase'), 'Succeeded');
  });

  it('selects by labels and fields and pages with limit/continue', () => {
    const { store } = fresh();
    for (let i = 0; i < 5; i++)
      store.create(
        PODS,
        pod(
          `p${i}`,
          { app: i % 2 ? 'odd' : 'even' },
          { spec: { nodeName: `n${i % 2}`, containers: [{ name: 'a', image: 'b' }] } },
        ),
      );
    assert.deepEqual(
      store.list(PODS, { labelSelector: 'app in (odd)' }).items.map((p) => p.metadata.name),
      ['p1', 'p3'],
    );
    assert.deepEqual(
      store
        .list(PODS, { fieldSelector: 'spec.nodeName=n0,metadata.name!=p0' })
        .items.map((p) => p.metadata.name),
      ['p2', 'p4'],
    );
    assert.equal(
      statusError(() => store.list(PODS, { fieldSelector: 'spec.bogus=1' })).message,
      'field label not supported: spec.bogus',
    );
    const page1 = store.list(PODS, { namespace: 'default', limit: 2 });
    assert.deepEqual(
      page1.items.map((p) => p.metadata.name),
      ['p0', 'p1'],
    );
    const page2 = store.list(PODS, { namespace: 'default', limit: 2, continue: page1.continue! });
    const page3 = store.list(PODS, { namespace: 'default', limit: 2, continue: page2.continue! });
    assert.deepEqual(
      [...page2.items, ...page3.items].map((p) => p.metadata.name),
      ['p2', 'p3', 'p4'],
    );
    assert.equal(page3.continue, undefined);
  });

  it('watches: replays from a resourceVersion and reports objects leaving the selection as DELETED', () => {
    const { store } = fresh();
    const start = store.resourceVersion;
    store.create(PODS, pod('a', { app: 'web' }));
    const events: WatchEvent[] = [];
    const stop = store.watch(PODS, { labelSelector: 'app=web', resourceVersion: start }, (e) =>
      events.push(e),
    );
    store.patch(PODS, 'default', 'a', 'merge', { metadata: { labels: { app: 'db' } } });
    stop();
    store.create(PODS, pod('b', { app: 'web' }));
    assert.deepEqual(
      events.map((e) => `${e.type} ${e.object.metadata.name}`),
      ['ADDED a', 'DELETED a'],
    );
  });

  it('deletes pods on a node gracefully when a data plane runs, at once otherwise', () => {
    const graceful = fresh(true);
    graceful.store.create(
      PODS,
      pod('a', {}, { spec: { nodeName: 'n1', containers: [{ name: 'a', image: 'b' }] } }),
    );
    const first = graceful.store.delete(PODS, 'default', 'a');
    assert.equal(first.finished, false);
    assert.equal(first.object.metadata.deletionTimestamp, '2026-01-01T00:00:30Z');
    assert.equal(first.object.metadata.deletionGracePeriodSeconds, 30);
    assert.equal(graceful.store.delete(PODS, 'default', 'a', { gracePeriodSeconds: 0 }).finished, true);
    assert.equal(graceful.store.tryGet(PODS, 'default', 'a'), undefined);
    const direct = fresh(false);
    direct.store.create(
      PODS,
      pod('a', {}, { spec: { nodeName: 'n1', containers: [{ name: 'a', image: 'b' }] } }),
    );
    assert.equal(direct.store.delete(PODS, 'default', 'a').finished, true);
  });

  it('refuses an eviction that would break the disruption budget with 429 and the real message', () => {
    const { store } = fresh();
    store.create(PDBS, {
      metadata: { name: 'web', namespace: 'default' },
      spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } },
    });
    for (const name of ['a', 'b']) {
      store.create(PODS, pod(name, { app: 'web' }));
      store.patch(
        PODS,
        'default',
        name,
        'merge',
        { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } },
        { subresource: 'status' },
      );
    }
    const err = statusError(() => store.evict('default', 'a'));
    assert.equal(err.code, 429);
    assert.equal(err.reason, 'TooManyRequests');
    assert.equal(err.message, "Cannot evict pod as it would violate the pod's disruption budget.");
    assert.deepEqual(err.details?.causes, [
      {
        reason: 'DisruptionBudget',
        message: 'The disruption budget web needs 2 healthy pods and has 2 currently',
      },
    ]);
    store.patch(PDBS, 'default', 'web', 'merge', { spec: { minAvailable: 1 } });
    assert.equal(store.evict('default', 'a').finished, true);
  });

  it('keeps disruption budget status current on tick, as the disruption controller does', () => {
    const { store, clusters } = fresh();
    store.create(PDBS, {
      metadata: { name: 'web', namespace: 'default' },
      spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } },
    });
    for (const name of ['a', 'b', 'c']) {
      store.create(PODS, pod(name, { app: 'web' }));
      store.patch(
        PODS,
        'default',
        name,
        'merge',
        { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } },
        { subresource: 'status' },
      );
    }
    assert.equal(clusters.tick(0), true);
    const status = store.get(PDBS, 'default', 'web').status;
    assert.deepEqual(status, {
      disruptionsAllowed: 1,
      currentHealthy: 3,
      desiredHealthy: 2,
      expectedPods: 3,
      observedGeneration: 1,
    });
    assert.equal(clusters.tick(0), false);
  });

  it('serves custom resources of an established CRD and drops them with it', () => {
    const { store } = fresh();
    store.create(ENICONFIGS, {
      metadata: { name: 'us-east-1a' },
      spec: { subnet: 'subnet-1', securityGroups: ['sg-1'] },
    });
    assert.equal(store.get(ENICONFIGS, undefined, 'us-east-1a').kind, 'ENIConfig');
    const crds = { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' };
    const misnamed = statusError(() =>
      store.create(crds, {
        metadata: { name: 'widgets' },
        spec: {
          group: 'example.com',
          names: { plural: 'widgets', kind: 'Widget' },
          scope: 'Cluster',
          versions: [{ name: 'v1', served: true, storage: true }],
        },
      }),
    );
    assert.equal(misnamed.code, 422);
    assert.match(
      misnamed.message,
      /metadata\.name: Invalid value: "widgets": must be spec\.names\.plural\+"\."\+spec\.group/,
    );
    store.delete(crds, undefined, 'eniconfigs.crd.k8s.amazonaws.com');
    assert.equal(statusError(() => store.list(ENICONFIGS)).code, 404);
  });

  it("garbage-collects a deployment's replicasets and their pods", () => {
    const { store } = fresh();
    const d = store.get(DEPLOYMENTS, 'kube-system', 'coredns');
    const owner = (o: KubeObject, kind: string) => [
      { apiVersion: 'apps/v1', kind, name: o.metadata.name!, uid: o.metadata.uid!, controller: true },
    ];
    const rs = store.create(
      { group: 'apps', version: 'v1', resource: 'replicasets' },
      {
        metadata: { name: 'coredns-1', namespace: 'kube-system', ownerReferences: owner(d, 'Deployment') },
        spec: d.spec,
      },
    );
    store.create(PODS, {
      ...pod('coredns-1-x'),
      metadata: { name: 'coredns-1-x', namespace: 'kube-system', ownerReferences: owner(rs, 'ReplicaSet') },
    });
    store.delete(DEPLOYMENTS, 'kube-system', 'coredns');
    assert.equal(store.tryGet(PODS, 'kube-system', 'coredns-1-x'), undefined);
  });

  it('persists through snapshot()', () => {
    const { store, clusters, clock } = fresh();
    store.create(PODS, pod('keep'));
    const restored = new KubeClusters(
      { clock, ids: new SeededIds({ seed: 2, counter: 0 }), region: 'us-east-1' },
      structuredClone(clusters.snapshot()),
    );
    assert.equal(restored.get('demo')?.get(PODS, 'default', 'keep').metadata.name, 'keep');
    assert.equal(restored.get('demo')?.resourceVersion, store.resourceVersion);
  });
});
