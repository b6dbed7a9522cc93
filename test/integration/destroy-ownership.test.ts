/**
 * destroy removes only what eks-cidr made and plans the whole undo before its first write (issue 16,
 * findings 1, 3, 4): a CIDR block the user associated stays; a node group the user added after apply
 * makes destroy refuse up front with no mutating call; bad options are refused before any call.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssociateVpcCidrBlockCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { CreateNodegroupCommand, DescribeNodegroupCommand, EKSClient } from '@aws-sdk/client-eks';
import { cli, FAST, mutating, scenarioTemplate } from './apply-harness.js';

const CIDR_TAG = 'eks-cidr.io/cidr-block/100.64.0.0/16';

describe('destroy: ownership, blockers and options', () => {
  let exhausted: Awaited<ReturnType<typeof scenarioTemplate>>;
  let basic: Awaited<ReturnType<typeof scenarioTemplate>>;
  before(async () => {
    exhausted = await scenarioTemplate('exhausted');
    basic = await scenarioTemplate('basic');
  });
  after(() => {
    exhausted.dispose();
    basic.dispose();
  });

  it('keeps a CIDR block the user associated, even when only eks-cidr subnets are in it', async () => {
    const sb = await basic.start();
    const ec2 = new EC2Client(sb.clientConfig);
    try {
      const vpcId = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId!;
      await ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpcId, CidrBlock: '100.64.0.0/16' }));
      const plan = await cli(sb, ['plan', '--cluster', 'demo', '--cidr', '100.64.0.0/16']);
      assert.match(plan.stdout, /= vpc-cidr .*100\.64\.0\.0\/16/);
      const applied = await cli(sb, [
        'apply',
        '--cluster',
        'demo',
        '--cidr',
        '100.64.0.0/16',
        '--yes',
        ...FAST,
      ]);
      assert.equal(applied.code, 0, applied.stderr);
      const r = await cli(sb, ['destroy', '--cluster', 'demo', '--yes', '--force', ...FAST]);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      assert.match(r.stdout, /kept CIDR block 100\.64\.0\.0\/16: not associated by eks-cidr/);
      const vpc = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs![0]!;
      assert.ok(
        vpc.CidrBlockAssociationSet!.some(
          (a) => a.CidrBlock === '100.64.0.0/16' && a.CidrBlockState?.State === 'associated',
        ),
        'the user block stays',
      );
      assert.ok(!mutating(sb).some((e) => e.action === 'DisassociateVpcCidrBlock'));
      const subnets = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets ?? [];
      assert.equal(
        subnets.filter((s) => s.CidrBlock?.startsWith('100.64.')).length,
        0,
        'our subnets are gone',
      );
    } finally {
      ec2.destroy();
      await sb.cleanup();
    }
  });

  it('records the block it associated in a VPC tag, and destroy removes both', async () => {
    const sb = await basic.start();
    const ec2 = new EC2Client(sb.clientConfig);
    try {
      const applied = await cli(sb, [
        'apply',
        '--cluster',
        'demo',
        '--cidr',
        '100.64.0.0/16',
        '--yes',
        ...FAST,
      ]);
      assert.equal(applied.code, 0, applied.stderr);
      let vpc = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs![0]!;
      const assoc = vpc.CidrBlockAssociationSet!.find((a) => a.CidrBlock === '100.64.0.0/16')!;
      assert.equal(vpc.Tags?.find((t) => t.Key === CIDR_TAG)?.Value, `demo ${assoc.AssociationId}`);
      const r = await cli(sb, ['destroy', '--cluster', 'demo', '--yes', '--force', ...FAST]);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      vpc = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs![0]!;
      assert.ok(
        !vpc.CidrBlockAssociationSet!.some(
          (a) => a.CidrBlock === '100.64.0.0/16' && a.CidrBlockState?.State === 'associated',
        ),
      );
      assert.ok(!vpc.Tags?.some((t) => t.Key === CIDR_TAG), 'the ownership tag goes with the block');
    } finally {
      ec2.destroy();
      await sb.cleanup();
    }
  });

  it('refuses up front, with no mutating call, when a node group it did not create uses the pod subnets', async () => {
    const sb = await basic.start();
    const ec2 = new EC2Client(sb.clientConfig);
    const eks = new EKSClient(sb.clientConfig);
    try {
      assert.equal(
        (await cli(sb, ['apply', '--cluster', 'demo', '--yes', '--rotation', 'replace', ...FAST])).code,
        0,
      );
      const ng = (
        await eks.send(
          new DescribeNodegroupCommand({ clusterName: 'demo', nodegroupName: 'demo-nodes-eks-cidr' }),
        )
      ).nodegroup!;
      await eks.send(
        new CreateNodegroupCommand({
          clusterName: 'demo',
          nodegroupName: 'extra',
          subnets: ng.subnets,
          nodeRole: ng.nodeRole,
          instanceTypes: ['m5.large'],
          scalingConfig: { minSize: 1, maxSize: 2, desiredSize: 1 },
        }),
      );
      const podSubnets = ((await ec2.send(new DescribeSubnetsCommand({}))).Subnets ?? [])
        .filter((s) => s.CidrBlock?.startsWith('100.64.'))
        .map((s) => s.SubnetId!);
      const kc = new KubeConfig();
      kc.loadFromFile(sb.sandbox.paths!.kubeconfig);
      const core = kc.makeApiClient(CoreV1Api);
      let ready = false;
      for (let i = 0; i < 300 && !ready; i++) {
        const instances =
          (
            await ec2.send(
              new DescribeInstancesCommand({
                Filters: [{ Name: 'tag:eks:nodegroup-name', Values: ['extra'] }],
              }),
            )
          ).Reservations?.flatMap((r) => r.Instances ?? []) ?? [];
        const ids = instances.map((x) => x.InstanceId!);
        const enis = ids.length
          ? ((
              await ec2.send(
                new DescribeNetworkInterfacesCommand({
                  Filters: [
                    { Name: 'subnet-id', Values: podSubnets },
                    { Name: 'attachment.instance-id', Values: ids },
                  ],
                }),
              )
            ).NetworkInterfaces ?? [])
          : [];
        const nodes = await core.listNode({ labelSelector: 'eks.amazonaws.com/nodegroup=extra' });
        ready = enis.length > 0 && nodes.items.length > 0;
        if (!ready) await new Promise((res) => setTimeout(res, 20));
      }
      assert.ok(ready, 'the extra node group has a node with ENIs in the pod subnets');
      const before = mutating(sb).length;
      const r = await cli(sb, ['destroy', '--cluster', 'demo', '--yes', '--force', ...FAST]);
      assert.equal(r.code, 2, r.stderr + r.stdout);
      assert.match(r.stderr, /E_DESTROY_BLOCKED/);
      assert.match(r.stderr, /node group extra \(not created by eks-cidr\)/);
      assert.match(r.stderr, /aws eks delete-nodegroup --cluster-name demo --nodegroup-name extra/);
      assert.match(r.stderr, /eks-cidr destroy --cluster demo --yes --force/);
      assert.equal(mutating(sb).length, before, 'no mutating call, not even the lock');
    } finally {
      ec2.destroy();
      eks.destroy();
      await sb.cleanup();
    }
  });

  it('validates its options through the shared path: bad --drain-timeout is exit 2 with no call at all', async () => {
    const sb = await exhausted.start();
    try {
      for (const value of ['-5', '0', 'abc', '1.5', '']) {
        const r = await cli(sb, [
          'destroy',
          '--cluster',
          'demo',
          '--yes',
          '--force',
          '--drain-timeout',
          value,
        ]);
        assert.equal(r.code, 2, `${value}: ${r.stderr}`);
        assert.match(r.stderr, /--drain-timeout/);
        assert.match(r.stderr, /E_INVALID_REQUEST/);
      }
      const apply = await cli(sb, ['apply', '--cluster', 'demo', '--yes', '--drain-timeout', '0']);
      const destroy = await cli(sb, ['destroy', '--cluster', 'demo', '--yes', '--drain-timeout', '0']);
      const line = (s: string) => s.split('\n').find((l) => /--drain-timeout/.test(l));
      assert.equal(line(destroy.stderr), line(apply.stderr), 'the same message as apply');
      assert.equal(sb.trail().length, 0, 'nothing was called');
    } finally {
      await sb.cleanup();
    }
  });
});
