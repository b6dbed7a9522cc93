/**
 * `--prefix-delegation on` with subnet discovery on the sandbox: the plan replaces the node group for
 * the prefix formula's max-pods (m5.large: 29 -> 110, the calculator's cap for 30 vCPUs or fewer), and
 * after apply every node of the cluster is an m5.large whose kubelet advertises 110 pods, as
 * `kubectl get nodes` shows in status.capacity and status.allocatable.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { DescribeAddonCommand, EKSClient } from '@aws-sdk/client-eks';
import type { TestSandbox } from '../helpers/sandbox.js';
import { FAST, FAST_IPAMD_RETRY, cli, startScenario } from './apply-harness.js';

const ARGS = [
  '--cluster',
  'demo',
  '--mode',
  'subnet-discovery',
  '--prefix-delegation',
  'on',
  '--rotation',
  'replace',
];

describe('prefix delegation on: max-pods 110 on m5.large', () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startScenario('basic', { timing: FAST_IPAMD_RETRY });
  });
  after(async () => {
    await sb.cleanup();
  });

  it('plans the replacement for max-pods 29 -> 110', async () => {
    const plan = await cli(sb, ['plan', ...ARGS]);
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /replacing demo-nodes \(m5\.large, max-pods 110/);
    assert.match(plan.stdout, /demo-nodes +m5\.large +\d+ +29 +110 +yes/);
    assert.match(plan.stdout, /ENABLE_PREFIX_DELEGATION=true/);
    assert.match(
      plan.stdout,
      /new pod subnets are empty, all room for \/28 prefixes: 100\.64\.0\.0\/\d+ \(us-east-1a\): \d+ \/28 blocks/,
    );
  });

  it('applies, and every node advertises 110 pods', async () => {
    const apply = await cli(sb, ['apply', ...ARGS, '--yes', ...FAST]);
    assert.equal(apply.code, 0, apply.stdout + apply.stderr);
    const kc = new KubeConfig();
    kc.loadFromFile(sb.sandbox.paths!.kubeconfig);
    const nodes = (await kc.makeApiClient(CoreV1Api).listNode()).items;
    assert.ok(nodes.length > 0);
    for (const n of nodes) {
      const name = n.metadata!.name!;
      assert.equal(n.metadata?.labels?.['node.kubernetes.io/instance-type'], 'm5.large', name);
      assert.equal(n.metadata?.labels?.['eks.amazonaws.com/nodegroup'], 'demo-nodes-eks-cidr', name);
      assert.equal(n.status?.capacity?.pods, '110', `${name} capacity`);
      assert.equal(n.status?.allocatable?.pods, '110', `${name} allocatable`);
    }
    const eks = new EKSClient(sb.clientConfig);
    try {
      const addon = (await eks.send(new DescribeAddonCommand({ clusterName: 'demo', addonName: 'vpc-cni' })))
        .addon!;
      const env = (JSON.parse(addon.configurationValues ?? '{}') as { env?: Record<string, string> }).env;
      assert.equal(env?.ENABLE_PREFIX_DELEGATION, 'true');
    } finally {
      eks.destroy();
    }
  });

  it('a second apply changes nothing', async () => {
    const again = await cli(sb, ['apply', ...ARGS, '--yes', ...FAST]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /Nothing to do/);
  });
});
