/**
 * A twin reproduces what is not a Deployment or DaemonSet: a StatefulSet (its pods `<name>-<ordinal>`,
 * recreated by the twin's StatefulSet controller, Parallel kept) and a bare pod, bound to the node
 * it ran on, so a rehearsal's drain meets both as it would on the cluster.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { parseSnapshotFile } from '../../src/shared/snapshot/schema.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { cli, startScenario } from './apply-harness.js';

const kubeOf = (sb: TestSandbox) => {
  const kc = new KubeConfig();
  kc.loadFromFile(sb.sandbox.paths!.kubeconfig);
  return { apps: kc.makeApiClient(AppsV1Api), core: kc.makeApiClient(CoreV1Api) };
};

async function settled<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  let v = await read();
  for (let i = 0; i < 100 && !ok(v); i++) {
    await new Promise((r) => setTimeout(r, 100));
    v = await read();
  }
  return v;
}

describe('a twin of a cluster with a StatefulSet and a bare pod', () => {
  it('runs the StatefulSet with its ordinals and the bare pod on its node', async () => {
    const source = await startScenario('applied');
    let twin: TestSandbox | undefined;
    try {
      const src = kubeOf(source);
      const labels = { app: 'db' };
      await src.apps.createNamespacedStatefulSet({
        namespace: 'default',
        body: {
          metadata: { name: 'db', namespace: 'default' },
          spec: {
            replicas: 3,
            serviceName: 'db',
            podManagementPolicy: 'Parallel',
            selector: { matchLabels: labels },
            template: { metadata: { labels }, spec: { containers: [{ name: 'db', image: 'redis' }] } },
          },
        },
      });
      const node = (await src.core.listNode()).items[0]!.metadata!.name!;
      await src.core.createNamespacedPod({
        namespace: 'default',
        body: {
          metadata: { name: 'debug', namespace: 'default', labels: { run: 'debug' } },
          spec: { nodeName: node, containers: [{ name: 'sh', image: 'busybox' }] },
        },
      });
      const running = (items: { status?: { phase?: string } }[]) =>
        items.filter((p) => p.status?.phase === 'Running').length;
      const srcPods = await settled(
        async () => (await src.core.listNamespacedPod({ namespace: 'default' })).items,
        (ps) => running(ps.filter((p) => /^(db-\d|debug)$/.test(p.metadata?.name ?? ''))) === 4,
      );
      assert.equal(running(srcPods.filter((p) => /^(db-\d|debug)$/.test(p.metadata?.name ?? ''))), 4);

      Object.assign(process.env, source.env);
      const r = await cli(source, ['snapshot', '--cluster', 'demo']);
      assert.equal(r.code, 0, r.stderr);
      const file = parseSnapshotFile(JSON.parse(r.stdout));
      const sts = file.kube.workloads.find((w) => w.kind === 'StatefulSet' && w.name === 'db');
      assert.equal(sts?.podManagementPolicy, 'Parallel');

      twin = await startTestSandbox({ twin: file });
      const notes = twin.sandbox.twinReport!.notes.filter((n) => n.severity !== 'info');
      assert.ok(
        !notes.some((n) => /statefulset|without a Deployment|debug/.test(`${n.resource} ${n.message}`)),
        JSON.stringify(notes),
      );
      const tw = kubeOf(twin);
      const set = await settled(
        () => tw.apps.readNamespacedStatefulSet({ namespace: 'default', name: 'db' }),
        (s) => s.status?.readyReplicas === 3,
      );
      assert.equal(set.spec?.podManagementPolicy, 'Parallel');
      assert.equal(set.status?.readyReplicas, 3);
      const pods = (await tw.core.listNamespacedPod({ namespace: 'default' })).items;
      assert.deepEqual(
        pods
          .filter((p) => p.metadata?.name?.startsWith('db-'))
          .map((p) => p.metadata?.name)
          .sort(),
        ['db-0', 'db-1', 'db-2'],
      );
      const debug = pods.find((p) => p.metadata?.name === 'debug');
      assert.equal(debug?.spec?.nodeName, node, 'the bare pod runs on the node it ran on');
      assert.equal(debug?.metadata?.ownerReferences, undefined);

      // The twin's controller recreates a deleted ordinal under its name.
      await tw.core.deleteNamespacedPod({ namespace: 'default', name: 'db-1', gracePeriodSeconds: 0 });
      const back = await settled(
        async () => (await tw.core.listNamespacedPod({ namespace: 'default' })).items,
        (ps) => ps.some((p) => p.metadata?.name === 'db-1' && p.status?.phase === 'Running'),
      );
      assert.ok(back.some((p) => p.metadata?.name === 'db-1' && p.status?.phase === 'Running'));
    } finally {
      await twin?.cleanup();
      await source.cleanup();
    }
  });
});
