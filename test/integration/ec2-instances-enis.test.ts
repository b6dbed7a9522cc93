import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AssignPrivateIpAddressesCommand,
  AttachNetworkInterfaceCommand,
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  CreateNetworkInterfaceCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeInstancesCommand,
  DescribeInstanceTypesCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type _InstanceType,
} from '@aws-sdk/client-ec2';
import { sdkError, startEc2Target, type Ec2Target } from './ec2-harness.js';

describe('EC2 over the wire: instances, ENIs, security groups, launch templates (SDK v3)', () => {
  let t: Ec2Target;
  let vpcId: string;
  let subnetId: string;
  let groupId: string;
  before(async () => {
    t = await startEc2Target();
    vpcId = (await t.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc?.VpcId ?? '';
    subnetId =
      (
        await t.ec2.send(
          new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.1.0/28', AvailabilityZone: 'us-east-1a' }),
        )
      ).Subnet?.SubnetId ?? '';
  });
  after(() => t.close());

  it('creates security groups, refuses duplicates and describes them by vpc-id', async () => {
    const out = await t.ec2.send(
      new CreateSecurityGroupCommand({ GroupName: 'nodes', Description: 'EKS nodes', VpcId: vpcId }),
    );
    groupId = out.GroupId ?? '';
    assert.match(groupId, /^sg-[0-9a-f]{17}$/);
    const duplicate = await sdkError(
      t.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'nodes', Description: 'again', VpcId: vpcId })),
    );
    assert.equal(duplicate.name, 'InvalidGroup.Duplicate');
    const groups = await t.ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }),
    );
    assert.deepEqual(groups.SecurityGroups?.map((g) => g.GroupName).sort(), ['default', 'nodes']);
    assert.equal(groups.SecurityGroups?.find((g) => g.GroupName === 'nodes')?.Description, 'EKS nodes');
  });

  it('describes instance types from the shared facts', async () => {
    const out = await t.ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: ['m5.large'] }));
    const info = out.InstanceTypes?.[0];
    assert.equal(info?.NetworkInfo?.MaximumNetworkInterfaces, 3);
    assert.equal(info?.NetworkInfo?.Ipv4AddressesPerInterface, 10);
    assert.equal(info?.VCpuInfo?.DefaultVCpus, 2);
    assert.equal(info?.Hypervisor, 'nitro');
    const unknown = await sdkError(
      t.ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: ['m5.huge' as _InstanceType] })),
    );
    assert.equal(unknown.name, 'InvalidInstanceType');
  });

  it('creates a launch template and a version with user data', async () => {
    const userData = Buffer.from('#!/bin/bash\n/etc/eks/bootstrap.sh demo\n').toString('base64');
    const lt = await t.ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'demo-nodes',
        LaunchTemplateData: { InstanceType: 'm5.large', SecurityGroupIds: [groupId] },
      }),
    );
    assert.equal(lt.LaunchTemplate?.LatestVersionNumber, 1);
    const v2 = await t.ec2.send(
      new CreateLaunchTemplateVersionCommand({
        LaunchTemplateId: lt.LaunchTemplate?.LaunchTemplateId,
        SourceVersion: '1',
        LaunchTemplateData: { UserData: userData },
      }),
    );
    assert.equal(v2.LaunchTemplateVersion?.VersionNumber, 2);
    assert.equal(v2.LaunchTemplateVersion?.LaunchTemplateData?.InstanceType, 'm5.large');
    const versions = await t.ec2.send(
      new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateName: 'demo-nodes', Versions: ['$Latest'] }),
    );
    assert.equal(versions.LaunchTemplateVersions?.[0]?.LaunchTemplateData?.UserData, userData);
    assert.deepEqual(versions.LaunchTemplateVersions?.[0]?.LaunchTemplateData?.SecurityGroupIds, [groupId]);
    const templates = await t.ec2.send(
      new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ['demo-nodes'] }),
    );
    assert.equal(templates.LaunchTemplates?.[0]?.LatestVersionNumber, 2);
    const missing = await sdkError(
      t.ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ['nope'] })),
    );
    assert.equal(missing.name, 'InvalidLaunchTemplateName.NotFoundException');
  });

  it('runs an instance from the template with a primary ENI, then fills the /28 until InsufficientFreeAddressesInSubnet', async () => {
    const run = await t.ec2.send(
      new RunInstancesCommand({
        MinCount: 1,
        MaxCount: 1,
        SubnetId: subnetId,
        LaunchTemplate: { LaunchTemplateName: 'demo-nodes', Version: '$Latest' },
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'node-1' }] }],
      }),
    );
    const instance = run.Instances?.[0];
    const instanceId = instance?.InstanceId ?? '';
    assert.equal(instance?.InstanceType, 'm5.large');
    assert.equal(instance?.PrivateIpAddress, '10.0.1.4');
    assert.equal(instance?.NetworkInterfaces?.[0]?.Attachment?.DeviceIndex, 0);
    const described = await t.ec2.send(
      new DescribeInstancesCommand({ Filters: [{ Name: 'tag:Name', Values: ['node-1'] }] }),
    );
    assert.equal(described.Reservations?.[0]?.Instances?.[0]?.State?.Name, 'running');
    assert.equal(described.Reservations?.[0]?.Instances?.[0]?.State?.Code, 16);
    assert.equal(described.Reservations?.[0]?.Instances?.[0]?.Placement?.AvailabilityZone, 'us-east-1a');

    const eni = await t.ec2.send(
      new CreateNetworkInterfaceCommand({
        SubnetId: subnetId,
        Groups: [groupId],
        Description: `aws-K8S-${instanceId}`,
      }),
    );
    const eniId = eni.NetworkInterface?.NetworkInterfaceId ?? '';
    assert.equal(eni.NetworkInterface?.Status, 'available');
    await t.ec2.send(
      new AttachNetworkInterfaceCommand({
        NetworkInterfaceId: eniId,
        InstanceId: instanceId,
        DeviceIndex: 1,
      }),
    );
    const assigned = await t.ec2.send(
      new AssignPrivateIpAddressesCommand({ NetworkInterfaceId: eniId, SecondaryPrivateIpAddressCount: 8 }),
    );
    assert.equal(assigned.AssignedPrivateIpAddresses?.length, 8);
    const subnet = await t.ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }));
    assert.equal(subnet.Subnets?.[0]?.AvailableIpAddressCount, 1);
    const overLimit = await sdkError(
      t.ec2.send(
        new AssignPrivateIpAddressesCommand({ NetworkInterfaceId: eniId, SecondaryPrivateIpAddressCount: 2 }),
      ),
    );
    assert.equal(overLimit.name, 'PrivateIpAddressLimitExceeded');
    const last = await t.ec2.send(
      new CreateNetworkInterfaceCommand({ SubnetId: subnetId, Groups: [groupId] }),
    );
    const full = await sdkError(
      t.ec2.send(
        new AssignPrivateIpAddressesCommand({
          NetworkInterfaceId: last.NetworkInterface?.NetworkInterfaceId,
          SecondaryPrivateIpAddressCount: 1,
        }),
      ),
    );
    assert.equal(full.name, 'InsufficientFreeAddressesInSubnet');
    const enis = await t.ec2.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [{ Name: 'attachment.instance-id', Values: [instanceId] }],
      }),
    );
    assert.equal(enis.NetworkInterfaces?.length, 2);
    const pods = enis.NetworkInterfaces?.find((e) => e.NetworkInterfaceId === eniId);
    assert.equal(pods?.Status, 'in-use');
    assert.equal(pods?.PrivateIpAddresses?.length, 9);
    assert.equal(pods?.Attachment?.InstanceId, instanceId);

    const terminated = await t.ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
    assert.equal(terminated.TerminatingInstances?.[0]?.CurrentState?.Name, 'shutting-down');
    const after = await t.ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }));
    // The primary ENI goes with the instance; the CNI's ENI is detached and keeps its 9 addresses.
    assert.equal(after.Subnets?.[0]?.AvailableIpAddressCount, 1);
    const unknown = await sdkError(
      t.ec2.send(new TerminateInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] })),
    );
    assert.equal(unknown.name, 'InvalidInstanceID.NotFound');
  });
});
