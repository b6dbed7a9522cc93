import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AppsV1Api, KubeConfig, PolicyV1Api } from '@kubernetes/client-node';
import type { TestSandbox } from '../helpers/sandbox.js';
import { instantTiming } from '../../src/sandbox/world.js';
import { cli, FAST, startScenario } from './apply-harness.js';

/**
 * A Deployment with one replica and no PodDisruptionBudget keeps a Ready replica while apply rolls the
 * nodes (--rotation rolling): surge first (a second replica and a budget of eks-cidr's), then back.
 * Pods take 1.5 s to start, so an eviction of the only pod would show 0 Ready to the sampler.
 */
describe('a single-replica Deployment with no PodDisruptionBudget while apply rolls the nodes', () => {
  let sb: TestSandbox;
  let apps: AppsV1Api;
  let policy: PolicyV1Api;
  before(async () => {
    // Pods take a while to start, as on a real cluster: a replica moved by eviction leaves a gap.
    sb = await startScenario('basic', { timing: { ...instantTiming, podStart: 1_500 }, tickIntervalMs: 50 });
    const kc = new KubeConfig();
    kc.loadFromFile(sb.sandbox.paths!.kubeconfig);
    apps = kc.makeApiClient(AppsV1Api);
    policy = kc.makeApiClient(PolicyV1Api);
    const labels = { app: 'solo' };
    await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'solo', namespace: 'default' },
        spec: {
          replicas: 1,
          selector: { matchLabels: labels },
          template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'nginx' }] } },
        },
      },
    });
    for (let i = 0; i < 500; i++) {
      const d = await apps.readNamespacedDeployment({ name: 'solo', namespace: 'default' });
      if ((d.status?.readyReplicas ?? 0) >= 1) break;
      await new Promise((r) => setTimeout(r, 20));
    }
  });
  after(async () => {
    await sb.cleanup();
  });

  it('keeps a Ready replica the whole time', async () => {
    const samples: number[] = [];
    let watching = true;
    const watch = (async () => {
      while (watching) {
        const d = await apps.readNamespacedDeployment({ name: 'solo', namespace: 'default' });
        samples.push(d.status?.readyReplicas ?? 0);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const apply = await cli(sb, ['apply', '--cluster', 'demo', '--yes', '--rotation', 'rolling', ...FAST]);
    watching = false;
    await watch;
    assert.equal(apply.code, 0, apply.stderr + apply.stdout);
    assert.ok(samples.length > 10, `${samples.length} samples`);
    assert.equal(Math.min(...samples), 1, `ready replicas seen: ${[...new Set(samples)].join(', ')}`);
    // Surge first, then back as it was: one replica, no annotation, no budget of eks-cidr's left.
    const d = await apps.readNamespacedDeployment({ name: 'solo', namespace: 'default' });
    assert.equal(d.spec?.replicas, 1);
    assert.equal(d.metadata?.annotations?.['eks-cidr.io/surge-from'], undefined);
    const budgets = (await policy.listNamespacedPodDisruptionBudget({ namespace: 'default' })).items;
    assert.deepEqual(
      budgets.map((b) => b.metadata?.name),
      [],
    );
    const trail = sb.trail().map((e) => e.action);
    assert.ok(trail.includes('UpdateNodegroupVersion'), 'the nodes were rolled');
  });
});
