/**
 * EKS node groups, add-ons, Fargate profiles and updates through @aws-sdk/client-eks, checking the
 * EC2 side (instances per zone, tags) through @aws-sdk/client-ec2.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { InvalidParameterException } from '@aws-sdk/client-eks';
import {
  CreateAddonCommand,
  CreateFargateProfileCommand,
  CreateNodegroupCommand,
  DeleteNodegroupCommand,
  DescribeAddonCommand,
  DescribeAddonVersionsCommand,
  DescribeFargateProfileCommand,
  DescribeNodegroupCommand,
  DescribeUpdateCommand,
  EKSClient,
  ListAddonsCommand,
  ListNodegroupsCommand,
  ListTagsForResourceCommand,
  ListUpdatesCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAddonCommand,
  UpdateNodegroupConfigCommand,
  UpdateNodegroupVersionCommand,
  DescribeClusterCommand,
} from '@aws-sdk/client-eks';
import { CreateLaunchTemplateVersionCommand, DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

describe('EKS node groups, add-ons and Fargate profiles over REST-JSON', () => {
  let sb: TestSandbox;
  let eks: EKSClient;
  let ec2: EC2Client;
  let subnets: string[];

  before(async () => {
    sb = await startTestSandbox({ scenario: 'basic' });
    eks = new EKSClient(sb.clientConfig);
    ec2 = new EC2Client(sb.clientConfig);
    const { cluster } = await eks.send(new DescribeClusterCommand({ name: 'demo' }));
    subnets = cluster?.resourcesVpcConfig?.subnetIds ?? [];
  });
  after(async () => {
    eks.destroy();
    ec2.destroy();
    await sb.cleanup();
  });

  async function instancesOf(nodegroup: string) {
    const out = await ec2.send(
      new DescribeInstancesCommand({
        Filters: [
          { Name: 'tag:eks:nodegroup-name', Values: [nodegroup] },
          { Name: 'instance-state-name', Values: ['pending', 'running'] },
        ],
      }),
    );
    return (out.Reservations ?? []).flatMap((r) => r.Instances ?? []);
  }

  it('describes the scenario node group with its launch template and Auto Scaling group', async () => {
    const { nodegroup } = await eks.send(
      new DescribeNodegroupCommand({ clusterName: 'demo', nodegroupName: 'demo-nodes' }),
    );
    assert.equal(nodegroup?.status, 'ACTIVE');
    assert.deepEqual(nodegroup?.scalingConfig, { minSize: 3, maxSize: 6, desiredSize: 3 });
    assert.equal(nodegroup?.launchTemplate?.name, 'demo-nodes');
    assert.equal(nodegroup?.launchTemplate?.version, '1');
    assert.match(nodegroup?.resources?.autoScalingGroups?.[0]?.name ?? '', /^eks-demo-nodes-/);
    assert.ok(nodegroup?.createdAt instanceof Date);
    assert.deepEqual(nodegroup?.labels, { role: 'general' });
    const { nodegroups } = await eks.send(new ListNodegroupsCommand({ clusterName: 'demo' }));
    assert.deepEqual(nodegroups, ['demo-nodes']);
  });

  it('creates a node group whose instances spread over the zones with EKS tags, scales it, deletes it', async () => {
    const created = await eks.send(
      new CreateNodegroupCommand({
        clusterName: 'demo',
        nodegroupName: 'extra',
        subnets,
        nodeRole: 'arn:aws:iam::000000000000:role/node',
        instanceTypes: ['m5.large'],
        scalingConfig: { minSize: 0, maxSize: 9, desiredSize: 3 },
        labels: { tier: 'extra' },
      }),
    );
    assert.equal(created.nodegroup?.status, 'CREATING');
    assert.equal(created.nodegroup?.amiType, 'AL2023_x86_64_STANDARD');
    let instances = await instancesOf('extra');
    assert.deepEqual(instances.map((i) => i.Placement?.AvailabilityZone).sort(), [
      'us-east-1a',
      'us-east-1b',
      'us-east-1c',
    ]);
    const tags: Record<string, string | undefined> = Object.fromEntries(
      (instances[0]?.Tags ?? []).map((t) => [t.Key ?? '', t.Value]),
    );
    assert.equal(tags['eks:cluster-name'], 'demo');
    assert.equal(tags['eks:nodegroup-name'], 'extra');
    assert.match(tags['aws:autoscaling:groupName'] ?? '', /^eks-extra-/);

    const { update } = await eks.send(
      new UpdateNodegroupConfigCommand({
        clusterName: 'demo',
        nodegroupName: 'extra',
        scalingConfig: { desiredSize: 6 },
      }),
    );
    assert.equal(update?.type, 'ConfigUpdate');
    assert.equal(update?.status, 'InProgress');
    assert.deepEqual(update?.params, [{ type: 'DesiredSize', value: '6' }]);
    instances = await instancesOf('extra');
    assert.equal(instances.length, 6);
    const described = await eks.send(
      new DescribeUpdateCommand({ name: 'demo', updateId: update?.id ?? '', nodegroupName: 'extra' }),
    );
    assert.equal(described.update?.status, 'Successful');
    const listed = await eks.send(new ListUpdatesCommand({ name: 'demo', nodegroupName: 'extra' }));
    assert.deepEqual(listed.updateIds, [update?.id]);

    await assert.rejects(
      eks.send(
        new UpdateNodegroupConfigCommand({
          clusterName: 'demo',
          nodegroupName: 'extra',
          scalingConfig: { minSize: 7 },
        }),
      ),
      (e: InvalidParameterException) => {
        assert.equal(e.message, "Minimum capacity 7 can't be greater than desired size 6");
        assert.equal(e.nodegroupName, 'extra');
        return true;
      },
    );

    const deleted = await eks.send(
      new DeleteNodegroupCommand({ clusterName: 'demo', nodegroupName: 'extra' }),
    );
    assert.equal(deleted.nodegroup?.status, 'DELETING');
    assert.equal((await instancesOf('extra')).length, 0);
    await assert.rejects(
      eks.send(new DescribeNodegroupCommand({ clusterName: 'demo', nodegroupName: 'extra' })),
      {
        name: 'ResourceNotFoundException',
        message: 'No node group found for name: extra.',
      },
    );
  });

  it('rolls a launch template version with UpdateNodegroupVersion, surge first, keeping the name', async () => {
    const { nodegroup } = await eks.send(
      new DescribeNodegroupCommand({ clusterName: 'demo', nodegroupName: 'demo-nodes' }),
    );
    const lt = nodegroup?.launchTemplate;
    assert.ok(lt?.id);
    const version = await ec2.send(
      new CreateLaunchTemplateVersionCommand({
        LaunchTemplateId: lt.id,
        SourceVersion: lt.version,
        LaunchTemplateData: { InstanceType: 'm5.large' },
      }),
    );
    const next = String(version.LaunchTemplateVersion?.VersionNumber);
    const { update } = await eks.send(
      new UpdateNodegroupVersionCommand({
        clusterName: 'demo',
        nodegroupName: 'demo-nodes',
        launchTemplate: { id: lt.id, version: next },
        force: false,
      }),
    );
    assert.equal(update?.type, 'VersionUpdate');
    assert.equal(update?.status, 'InProgress');
    assert.deepEqual(
      update?.params?.filter((p) => p.type === 'LaunchTemplateVersion').map((p) => p.value),
      [next],
    );
    const during = await eks.send(
      new DescribeNodegroupCommand({ clusterName: 'demo', nodegroupName: 'demo-nodes' }),
    );
    assert.equal(during.nodegroup?.status, 'UPDATING');
    assert.equal(during.nodegroup?.launchTemplate?.version, next);
    assert.equal(during.nodegroup?.scalingConfig?.desiredSize, 6);
    let status = 'InProgress';
    for (let i = 0; i < 400 && status === 'InProgress'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const described = await eks.send(
        new DescribeUpdateCommand({ name: 'demo', nodegroupName: 'demo-nodes', updateId: update?.id }),
      );
      status = described.update?.status ?? '';
    }
    assert.equal(status, 'Successful');
    const listed = await eks.send(new ListUpdatesCommand({ name: 'demo', nodegroupName: 'demo-nodes' }));
    assert.ok(listed.updateIds?.includes(update?.id ?? ''));
    const done = await eks.send(
      new DescribeNodegroupCommand({ clusterName: 'demo', nodegroupName: 'demo-nodes' }),
    );
    assert.equal(done.nodegroup?.scalingConfig?.desiredSize, 3);
    assert.equal((await instancesOf('demo-nodes')).length, 3);
  });

  it('refuses a node group with an unknown subnet and a duplicate name', async () => {
    await assert.rejects(
      eks.send(
        new CreateNodegroupCommand({
          clusterName: 'demo',
          nodegroupName: 'demo-nodes',
          subnets,
          nodeRole: 'arn:aws:iam::000000000000:role/node',
        }),
      ),
      {
        name: 'ResourceInUseException',
        message: 'NodeGroup already exists with name demo-nodes and cluster name demo',
      },
    );
    await assert.rejects(
      eks.send(
        new CreateNodegroupCommand({
          clusterName: 'demo',
          nodegroupName: 'bad',
          subnets: ['subnet-0123456789abcdef0'],
          nodeRole: 'arn:aws:iam::000000000000:role/node',
        }),
      ),
      { name: 'InvalidParameterException' },
    );
  });

  it('updates the vpc-cni add-on configurationValues and refuses malformed JSON', async () => {
    const { addons } = await eks.send(new ListAddonsCommand({ clusterName: 'demo' }));
    assert.deepEqual(addons, ['coredns', 'kube-proxy', 'vpc-cni']);
    const values = JSON.stringify({ env: { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' } });
    const { update } = await eks.send(
      new UpdateAddonCommand({
        clusterName: 'demo',
        addonName: 'vpc-cni',
        configurationValues: values,
        resolveConflicts: 'OVERWRITE',
      }),
    );
    assert.equal(update?.type, 'AddonUpdate');
    const { addon } = await eks.send(new DescribeAddonCommand({ clusterName: 'demo', addonName: 'vpc-cni' }));
    assert.equal(addon?.status, 'ACTIVE');
    assert.equal(addon?.configurationValues, values);
    assert.equal(addon?.addonVersion, 'v1.19.2-eksbuild.1');
    await assert.rejects(
      eks.send(
        new UpdateAddonCommand({ clusterName: 'demo', addonName: 'vpc-cni', configurationValues: '{"env":' }),
      ),
      (e: InvalidParameterException) => e.name === 'InvalidParameterException' && e.addonName === 'vpc-cni',
    );
    await assert.rejects(
      eks.send(new DescribeAddonCommand({ clusterName: 'demo', addonName: 'aws-ebs-csi-driver' })),
      {
        name: 'ResourceNotFoundException',
        message: 'No addon: aws-ebs-csi-driver found in cluster: demo',
      },
    );
    await assert.rejects(eks.send(new CreateAddonCommand({ clusterName: 'demo', addonName: 'vpc-cni' })), {
      name: 'ResourceInUseException',
    });
    const versions = await eks.send(
      new DescribeAddonVersionsCommand({ addonName: 'vpc-cni', kubernetesVersion: '1.31' }),
    );
    assert.ok(versions.addons?.[0]?.addonVersions?.some((v) => v.addonVersion === 'v1.19.2-eksbuild.1'));
  });

  it('creates and describes a Fargate profile, and tags resources by ARN', async () => {
    const created = await eks.send(
      new CreateFargateProfileCommand({
        clusterName: 'demo',
        fargateProfileName: 'batch',
        podExecutionRoleArn: 'arn:aws:iam::000000000000:role/fargate',
        subnets,
        selectors: [{ namespace: 'batch', labels: { tier: 'jobs' } }],
      }),
    );
    assert.equal(created.fargateProfile?.status, 'CREATING');
    const { fargateProfile } = await eks.send(
      new DescribeFargateProfileCommand({ clusterName: 'demo', fargateProfileName: 'batch' }),
    );
    assert.equal(fargateProfile?.status, 'ACTIVE');
    assert.deepEqual(fargateProfile?.selectors, [{ namespace: 'batch', labels: { tier: 'jobs' } }]);
    await assert.rejects(
      eks.send(new DescribeFargateProfileCommand({ clusterName: 'demo', fargateProfileName: 'nope' })),
      (e: Error & { fargateProfileName?: string }) =>
        e.name === 'ResourceNotFoundException' && e.fargateProfileName === 'nope',
    );
    const arn = fargateProfile?.fargateProfileArn ?? '';
    await eks.send(new TagResourceCommand({ resourceArn: arn, tags: { owner: 'data' } }));
    const { tags } = await eks.send(new ListTagsForResourceCommand({ resourceArn: arn }));
    assert.deepEqual(tags, { owner: 'data' });
    await eks.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['owner'] }));
    assert.deepEqual((await eks.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, {});
    await assert.rejects(
      eks.send(
        new ListTagsForResourceCommand({ resourceArn: 'arn:aws:eks:us-east-1:000000000000:cluster/gone' }),
      ),
      (e: Error & { $metadata?: { httpStatusCode?: number } }) =>
        e.name === 'NotFoundException' && e.$metadata?.httpStatusCode === 404,
    );
  });
});
