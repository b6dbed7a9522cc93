import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { EKSClient, ListNodegroupsCommand } from '@aws-sdk/client-eks';
import type { TestSandbox } from '../helpers/sandbox.js';
import { cli, FAST, startScenario } from './apply-harness.js';

describe('destroy while pods use the pod subnets', () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startScenario('basic');
  });
  after(async () => {
    await sb.cleanup();
  });

  it('refuses (exit 2) without --force; --force rotates the nodes back, then removes everything eks-cidr made', async () => {
    assert.equal((await cli(sb, ['apply', '--cluster', 'demo', '--yes', ...FAST])).code, 0);
    const refused = await cli(sb, ['destroy', '--cluster', 'demo', '--yes', ...FAST]);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /E_POD_SUBNETS_IN_USE/);
    assert.match(refused.stderr, /--force/);

    const forced = await cli(sb, ['destroy', '--cluster', 'demo', '--yes', '--force', ...FAST]);
    assert.equal(forced.code, 0, forced.stderr + forced.stdout);
    const ec2 = new EC2Client(sb.clientConfig);
    const eks = new EKSClient(sb.clientConfig);
    try {
      const subnets = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets ?? [];
      assert.equal(subnets.filter((s) => s.CidrBlock?.startsWith('100.64.')).length, 0);
      const groups = (await eks.send(new ListNodegroupsCommand({ clusterName: 'demo' }))).nodegroups ?? [];
      assert.deepEqual(groups, ['demo-nodes'], 'the original node group name is back');
    } finally {
      ec2.destroy();
      eks.destroy();
    }
    const plan = await cli(sb, ['plan', '--cluster', 'demo', '--output', 'json']);
    assert.equal(plan.code, 0, plan.stderr);
  });
});
