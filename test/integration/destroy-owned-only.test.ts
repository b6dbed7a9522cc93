import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateSubnetCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import type { TestSandbox } from '../helpers/sandbox.js';
import { cli, FAST, startScenario } from './apply-harness.js';

describe('destroy', () => {
  let sb: TestSandbox;
  let ec2: EC2Client;
  before(async () => {
    sb = await startScenario('exhausted');
    ec2 = new EC2Client(sb.clientConfig);
  });
  after(async () => {
    ec2.destroy();
    await sb.cleanup();
  });

  // Skipped until destroy handles the ENIs the VPC CNI leaves in the pod subnets: since aws-node
  // restarts on every node when its env changes (as on EKS), the old nodes of an apply with
  // --no-rotate-nodes put their new ENIs in the ENIConfig subnets, and DeleteSubnet then fails with
  // DependencyViolation, as it would on AWS. destroy must refuse up front while such ENIs remain
  // (and --force replace the nodes holding them): issue 10 item 5, on the reworked destroy.
  it(
    'undoes only what carries the ownership tags, and leaves foreign resources untouched',
    { skip: 'destroy does not yet plan for CNI ENIs left in the pod subnets (issue 10 item 5)' },
    async () => {
      assert.equal(
        (await cli(sb, ['apply', '--cluster', 'demo', '--yes', '--no-rotate-nodes', ...FAST])).code,
        0,
      );
      const vpcId = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId!;
      // Someone else's subnet in the pod block, and someone else's ENIConfig.
      const foreign = await ec2.send(
        new CreateSubnetCommand({
          VpcId: vpcId,
          CidrBlock: '100.64.250.0/24',
          AvailabilityZone: 'us-east-1a',
        }),
      );
      const kc = new KubeConfig();
      kc.loadFromFile(sb.sandbox.paths!.kubeconfig);
      const custom = kc.makeApiClient(CustomObjectsApi);
      const eni = { group: 'crd.k8s.amazonaws.com', version: 'v1alpha1', plural: 'eniconfigs' };
      await custom.createClusterCustomObject({
        ...eni,
        body: {
          apiVersion: 'crd.k8s.amazonaws.com/v1alpha1',
          kind: 'ENIConfig',
          metadata: { name: 'theirs' },
          spec: { subnet: foreign.Subnet!.SubnetId },
        },
      });

      const refused = await cli(sb, ['destroy', '--cluster', 'demo']);
      assert.equal(refused.code, 2, 'no terminal and no --yes: refuse to prompt');
      assert.match(refused.stderr, /E_CONFIRMATION_REQUIRED/);

      const r = await cli(sb, ['destroy', '--cluster', 'demo', '--yes', ...FAST]);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      const subnets = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets ?? [];
      const pod = subnets.filter((s) => s.CidrBlock?.startsWith('100.64.'));
      assert.deepEqual(
        pod.map((s) => s.SubnetId),
        [foreign.Subnet!.SubnetId],
      );
      const assoc = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs![0]!.CidrBlockAssociationSet ?? [];
      assert.ok(
        assoc.some((a) => a.CidrBlock === '100.64.0.0/16' && a.CidrBlockState?.State === 'associated'),
        'the block holding a foreign subnet stays',
      );
      const left = (await custom.listClusterCustomObject(eni)) as { items: { metadata: { name: string } }[] };
      assert.deepEqual(
        left.items.map((i) => i.metadata.name),
        ['theirs'],
      );
      const trail = sb.trail().filter((e) => !e.readOnly);
      assert.ok(
        !trail.some((e) => e.resources.includes(foreign.Subnet!.SubnetId!) && e.action !== 'CreateSubnet'),
      );
      assert.match(r.stdout, /kept .*theirs/);
    },
  );
});
