/**
 * The replace strategy drains in waves, and the availability of `web` stays above what its
 * PodDisruptionBudget allows; apply's summary says how it went. A re-run after success changes nothing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AppsV1Api, CoreV1Api, KubeConfig, PolicyV1Api } from '@kubernetes/client-node';
import { EKSClient, ListNodegroupsCommand } from '@aws-sdk/client-eks';
import type { TestSandbox } from '../helpers/sandbox.js';
import { cli, FAST, startScenario } from './apply-harness.js';

const PDB_MAX_UNAVAILABLE = 8;

describe('apply --rotation replace drains in waves on the exhausted scenario', () => {
  let sb: TestSandbox;
  let kc: KubeConfig;
  before(async () => {
    sb = await startScenario('exhausted');
    kc = new KubeConfig();
    kc.loadFromFile(sb.sandbox.paths!.kubeconfig);
    await kc.makeApiClient(PolicyV1Api).createNamespacedPodDisruptionBudget({
      namespace: 'default',
      body: {
        metadata: { name: 'web', namespace: 'default' },
        spec: { maxUnavailable: PDB_MAX_UNAVAILABLE, selector: { matchLabels: { app: 'web' } } },
      },
    });
  });
  after(async () => {
    await sb.cleanup();
  });

  it('the plan says the wave size and lists no budget-less web (it has one)', async () => {
    const plan = await cli(sb, [
      'plan',
      '--cluster',
      'demo',
      '--rotation',
      'replace',
      '--max-unavailable',
      '1',
    ]);
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /drain them 1 at a time/);
    assert.doesNotMatch(plan.stdout, /Deployment default\/web .*no PodDisruptionBudget/);
  });

  it('drains one node per wave; web never falls below replicas - PDB allowance', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const start = (await apps.readNamespacedDeployment({ name: 'web', namespace: 'default' })).status;
    let lowest = Number.POSITIVE_INFINITY;
    let watching = true;
    const watch = (async () => {
      while (watching) {
        const d = await apps.readNamespacedDeployment({ name: 'web', namespace: 'default' });
        lowest = Math.min(lowest, d.status?.availableReplicas ?? 0);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const apply = await cli(sb, [
      'apply',
      '--cluster',
      'demo',
      '--yes',
      '--rotation',
      'replace',
      '--max-unavailable',
      '1',
      ...FAST,
    ]);
    watching = false;
    await watch;
    assert.equal(apply.code, 0, apply.stderr + apply.stdout);
    assert.ok(
      lowest >= (start?.availableReplicas ?? 0) - PDB_MAX_UNAVAILABLE,
      `web fell to ${lowest} available (from ${start?.availableReplicas})`,
    );
    assert.match(apply.stdout, /node group demo-nodes: 3 node\(s\) drained in 3 wave\(s\) of at most 1/);
    assert.match(apply.stdout, /lowest Ready pods seen per workload: default\/ReplicaSet\/web-[a-z0-9]+ \d+/);
    assert.match(apply.stdout, /capacity: pods that can run 81 -> 54/);
    const verify = await cli(sb, ['verify', '--cluster', 'demo', '--wait', '60', '--poll-interval', '50']);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    const nodes = (await kc.makeApiClient(CoreV1Api).listNode()).items;
    assert.ok(nodes.every((n) => n.spec?.unschedulable !== true));
    const eks = new EKSClient(sb.clientConfig);
    try {
      const groups = (await eks.send(new ListNodegroupsCommand({ clusterName: 'demo' }))).nodegroups ?? [];
      assert.deepEqual(groups, ['demo-nodes-eks-cidr']);
    } finally {
      eks.destroy();
    }
  });
});
