import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AppsV1Api, KubeConfig, PolicyV1Api } from '@kubernetes/client-node';
import { EKSClient, ListNodegroupsCommand } from '@aws-sdk/client-eks';
import type { TestSandbox } from '../helpers/sandbox.js';
import { cli, FAST, startScenario } from './apply-harness.js';

describe('apply: a PodDisruptionBudget blocks the drain', () => {
  let sb: TestSandbox;
  let kc: KubeConfig;
  before(async () => {
    sb = await startScenario('basic');
    kc = new KubeConfig();
    kc.loadFromFile(sb.sandbox.paths!.kubeconfig);
    const labels = { app: 'critical' };
    await kc.makeApiClient(AppsV1Api).createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'critical', namespace: 'default' },
        spec: {
          replicas: 2,
          selector: { matchLabels: labels },
          template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'nginx' }] } },
        },
      },
    });
    await kc.makeApiClient(PolicyV1Api).createNamespacedPodDisruptionBudget({
      namespace: 'default',
      body: {
        metadata: { name: 'critical-pdb', namespace: 'default' },
        spec: { maxUnavailable: 0, selector: { matchLabels: labels } },
      },
    });
  });
  after(async () => {
    await sb.cleanup();
  });

  it('stops with a clear report of what blocks, keeps the old node group, and a re-run finishes once the budget allows', async () => {
    const blocked = await cli(sb, [
      'apply',
      '--cluster',
      'demo',
      '--yes',
      '--rotation',
      'replace',
      '--drain-timeout',
      '2',
      ...FAST,
    ]);
    assert.equal(blocked.code, 3, blocked.stderr + blocked.stdout);
    assert.match(blocked.stderr, /E_DRAIN_BLOCKED/);
    assert.match(
      blocked.stderr,
      /default\/critical-[a-z0-9-]+ on .*PodDisruptionBudget default\/critical-pdb allows 0 disruption/,
    );
    const eks = new EKSClient(sb.clientConfig);
    try {
      const groups = (await eks.send(new ListNodegroupsCommand({ clusterName: 'demo' }))).nodegroups ?? [];
      assert.deepEqual([...groups].sort(), ['demo-nodes', 'demo-nodes-eks-cidr']);
    } finally {
      eks.destroy();
    }
    await kc
      .makeApiClient(PolicyV1Api)
      .deleteNamespacedPodDisruptionBudget({ name: 'critical-pdb', namespace: 'default' });
    const resumed = await cli(sb, ['apply', '--cluster', 'demo', '--yes', '--rotation', 'replace', ...FAST]);
    assert.equal(resumed.code, 0, resumed.stderr + resumed.stdout);
  });
});
