import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { EKSClient, ListNodegroupsCommand } from '@aws-sdk/client-eks';
import type { TestSandbox } from '../helpers/sandbox.js';
import { cli, FAST, mutating, startScenario } from './apply-harness.js';

interface EndState {
  podSubnets: string[];
  untagged: string[];
  associations: string[];
  nodegroups: string[];
}

async function endState(sb: TestSandbox): Promise<EndState> {
  const ec2 = new EC2Client(sb.clientConfig);
  const eks = new EKSClient(sb.clientConfig);
  try {
    const subnets = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets ?? [];
    const pod = subnets.filter((s) => s.CidrBlock?.startsWith('100.64.'));
    const vpcs = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs ?? [];
    const ngs = (await eks.send(new ListNodegroupsCommand({ clusterName: 'demo' }))).nodegroups ?? [];
    return {
      podSubnets: pod.map((s) => `${s.AvailabilityZone} ${s.CidrBlock}`).sort(),
      untagged: pod
        .filter((s) => !s.Tags?.some((t) => t.Key === 'eks-cidr.io/managed-by' && t.Value === 'eks-cidr'))
        .map((s) => s.SubnetId ?? ''),
      associations: vpcs
        .flatMap((v) => v.CidrBlockAssociationSet ?? [])
        .filter((a) => a.CidrBlockState?.State !== 'disassociated')
        .map((a) => `${a.CidrBlock} ${a.CidrBlockState?.State}`)
        .sort(),
      nodegroups: [...ngs].sort(),
    };
  } finally {
    ec2.destroy();
    eks.destroy();
  }
}

describe('apply: a crash after each mutating step (scenario basic), then a re-run', () => {
  it('converges to the same end state with no duplicate or untagged resource', async () => {
    const reference = await startScenario('basic');
    let expected: EndState;
    try {
      assert.equal((await cli(reference, ['apply', '--cluster', 'demo', '--yes', ...FAST])).code, 0);
      expected = await endState(reference);
    } finally {
      await reference.cleanup();
    }
    assert.ok(expected.podSubnets.length > 0);

    for (let k = 1; k < 40; k++) {
      const sb = await startScenario('basic');
      try {
        const crashed = await cli(sb, [
          'apply',
          '--cluster',
          'demo',
          '--yes',
          '--concurrency',
          '1',
          '--stop-after',
          String(k),
          ...FAST,
        ]);
        if (crashed.code === 0) break; // k is past the last mutating step: every crash point was covered
        assert.equal(crashed.code, 3, `k=${k}: ${crashed.stderr}`);
        const resumed = await cli(sb, ['apply', '--cluster', 'demo', '--yes', ...FAST]);
        assert.equal(resumed.code, 0, `k=${k}: ${resumed.stderr}${resumed.stdout}`);
        assert.deepEqual(await endState(sb), expected, `k=${k}`);
        const before = mutating(sb).length;
        const again = await cli(sb, ['apply', '--cluster', 'demo', '--yes', ...FAST]);
        assert.equal(again.code, 0);
        assert.equal(mutating(sb).length, before, `k=${k}: a re-run after success made a mutating call`);
      } finally {
        await sb.cleanup();
      }
    }
  });
});
