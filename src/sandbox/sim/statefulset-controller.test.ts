import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NODES, PODS, STATEFULSETS, type Pod, type StatefulSet } from './kube-types.js';
import { setup } from './testing/sim-setup.js';

function statefulSet(name: string, replicas: number, policy?: 'Parallel'): StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: {
      replicas,
      serviceName: name,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'db', image: 'redis' }] },
      },
      ...(policy ? { podManagementPolicy: policy } : {}),
    },
  };
}

const names = (pods: Pod[]) => pods.map((p) => p.metadata.name).sort();

describe('Simulation: StatefulSets', () => {
  it('creates ordinal N only once 0..N-1 are Ready (OrderedReady); all at once under Parallel', () => {
    const t = setup();
    t.store.create(STATEFULSETS, statefulSet('db', 3));
    t.store.create(STATEFULSETS, statefulSet('cache', 3, 'Parallel'));
    t.settle();
    // No node yet: db-0 stays Pending, so db-1 waits; the Parallel set does not wait.
    assert.deepEqual(names(t.pods('db-')), ['db-0']);
    assert.deepEqual(names(t.pods('cache-')), ['cache-0', 'cache-1', 'cache-2']);
    assert.equal(t.pods('db-0')[0]!.metadata.labels?.['statefulset.kubernetes.io/pod-name'], 'db-0');
    t.launch('subnet-a');
    t.settle(10);
    const pods = t.pods('db-');
    assert.deepEqual(names(pods), ['db-0', 'db-1', 'db-2']);
    assert.ok(pods.every((p) => p.status?.phase === 'Running' && p.status.podIP));
    const status = (t.store.get(STATEFULSETS, 'default', 'db') as StatefulSet).status as Record<
      string,
      number
    >;
    assert.equal(status.readyReplicas, 3);
    assert.equal(status.availableReplicas, 3);
  });

  it('recreates an evicted pod under the same name on another node', () => {
    const t = setup();
    t.launch('subnet-a');
    t.launch('subnet-b');
    t.settle();
    t.store.create(STATEFULSETS, statefulSet('db', 2));
    t.settle(10);
    const before = t.pods('db-1')[0]!;
    const nodes = (t.store.list(NODES) as { metadata: { name?: string } }[]).map((n) => n.metadata.name);
    const other = nodes.find((n) => n !== before.spec.nodeName)!;
    const node = t.store.get(NODES, undefined, before.spec.nodeName!) as { spec: Record<string, unknown> };
    t.store.update(NODES, { ...node, spec: { ...node.spec, unschedulable: true } } as never);
    t.store.delete(PODS, 'default', 'db-1', { gracePeriodSeconds: 0 });
    t.settle(10);
    const after = t.pods('db-1')[0]!;
    assert.notEqual(after.metadata.uid, before.metadata.uid);
    assert.equal(after.spec.nodeName, other);
    assert.equal(after.status?.phase, 'Running');
  });

  it('replaces a pod that failed under the same name', () => {
    const t = setup();
    t.launch('subnet-a');
    t.settle();
    t.store.create(STATEFULSETS, statefulSet('db', 1));
    t.settle(10);
    const before = t.pods('db-0')[0]!;
    t.store.update(PODS, { ...before, status: { ...before.status, phase: 'Failed' } });
    t.settle(10);
    const after = t.pods('db-0')[0]!;
    assert.notEqual(after.metadata.uid, before.metadata.uid);
    assert.equal(after.status?.phase, 'Running');
  });

  it('scales down from the highest ordinal, and its pods go when it is deleted', () => {
    const t = setup();
    t.launch('subnet-a');
    t.settle();
    t.store.create(STATEFULSETS, statefulSet('db', 3));
    t.settle(10);
    const sts = t.store.get(STATEFULSETS, 'default', 'db') as StatefulSet;
    t.store.update(STATEFULSETS, { ...sts, spec: { ...sts.spec, replicas: 1 } });
    t.settle(10);
    assert.deepEqual(names(t.pods('db-')), ['db-0']);
    t.store.delete(STATEFULSETS, 'default', 'db', {});
    t.settle(10);
    assert.deepEqual(t.pods('db-'), []);
  });
});
