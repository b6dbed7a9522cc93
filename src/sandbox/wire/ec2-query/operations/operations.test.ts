import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AwsError } from '../../../services/aws-error.js';
import { fixture } from '../../../services/ec2/test-fixture.js';
import type { Ec2OpContext } from '../operation.js';
import { QueryParams } from '../params.js';
import type { XmlBody } from '../xml.js';
import { ec2Operations } from './index.js';

function harness() {
  const f = fixture({ cidrAssociate: 0, instanceBoot: 0, natGatewayCreate: 0 });
  const ctx: Ec2OpContext = {
    ec2: f.ec2,
    requestId: 'req-1',
    region: 'us-east-1',
    accountId: '123456789012',
  };
  const call = (action: string, params: Record<string, string | number> = {}): XmlBody => {
    const op = ec2Operations.find((o) => o.action === action);
    if (!op) throw new Error(`no handler for ${action}`);
    return op.handle(new QueryParams(Object.entries(params).map(([k, v]) => [k, String(v)])), ctx);
  };
  const fail = (action: string, params: Record<string, string | number> = {}): AwsError => {
    try {
      call(action, params);
    } catch (error) {
      if (error instanceof AwsError) return error;
      throw error;
    }
    throw new Error(`${action} succeeded`);
  };
  return { f, call, fail };
}

const at = (body: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], body);

describe('EC2 operation handlers', () => {
  it('has one handler per action, each action once', () => {
    const actions = ec2Operations.map((o) => o.action);
    assert.equal(new Set(actions).size, actions.length);
    for (const action of [
      'CreateVpc',
      'AssociateVpcCidrBlock',
      'DescribeSubnets',
      'DescribeLaunchTemplateVersions',
    ]) {
      assert.ok(actions.includes(action), action);
    }
    assert.ok(ec2Operations.filter((o) => o.action.startsWith('Describe')).every((o) => !o.mutating));
  });

  it('CreateVpc with TagSpecifications, then AssociateVpcCidrBlock and CreateSubnet by zone', () => {
    const { call } = harness();
    const created = call('CreateVpc', {
      CidrBlock: '10.0.0.0/16',
      'TagSpecification.1.ResourceType': 'vpc',
      'TagSpecification.1.Tag.1.Key': 'Name',
      'TagSpecification.1.Tag.1.Value': 'demo',
    });
    const vpcId = at(created, 'vpc', 'vpcId') as string;
    assert.deepEqual(at(created, 'vpc', 'tagSet'), [{ key: 'Name', value: 'demo' }]);
    assert.deepEqual(at(created, 'vpc', 'cidrBlockAssociationSet', 0, 'cidrBlockState'), {
      state: 'associated',
    });
    const associated = call('AssociateVpcCidrBlock', { VpcId: vpcId, CidrBlock: '100.64.0.0/16' });
    assert.equal(at(associated, 'cidrBlockAssociation', 'cidrBlock'), '100.64.0.0/16');
    assert.equal(at(associated, 'cidrBlockAssociation', 'cidrBlockState', 'state'), 'associating');
    const subnet = call('CreateSubnet', {
      VpcId: vpcId,
      CidrBlock: '100.64.0.0/19',
      AvailabilityZone: 'us-east-1a',
    });
    assert.equal(at(subnet, 'subnet', 'availableIpAddressCount'), 8187);
    assert.equal(at(subnet, 'subnet', 'availabilityZoneId'), 'use1-az1');
  });

  it('DescribeSubnets pages with MaxResults/NextToken and applies Filter.N', () => {
    const { call, fail } = harness();
    const vpcId = at(call('CreateVpc', { CidrBlock: '10.0.0.0/16' }), 'vpc', 'vpcId') as string;
    for (let i = 0; i < 7; i++)
      call('CreateSubnet', { VpcId: vpcId, CidrBlock: `10.0.${i}.0/24`, AvailabilityZone: 'us-east-1b' });
    const first = call('DescribeSubnets', { MaxResults: 5 });
    assert.equal((first.subnetSet as unknown[]).length, 5);
    const token = first.nextToken as string;
    const second = call('DescribeSubnets', { MaxResults: 5, NextToken: token });
    assert.equal((second.subnetSet as unknown[]).length, 2);
    assert.equal(second.nextToken, undefined);
    const filtered = call('DescribeSubnets', {
      'Filter.1.Name': 'cidr-block',
      'Filter.1.Value.1': '10.0.3.0/24',
      'Filter.1.Value.2': '10.0.4.0/24',
    });
    assert.equal((filtered.subnetSet as unknown[]).length, 2);
    assert.equal(fail('DescribeSubnets', { MaxResults: 2 }).code, 'InvalidParameterValue');
    assert.equal(fail('DescribeSubnets', { NextToken: 'garbage' }).code, 'InvalidPaginationToken');
    assert.equal(
      fail('DescribeSubnets', { MaxResults: 5, 'SubnetId.1': 'subnet-1' }).code,
      'InvalidParameterCombination',
    );
  });

  it('refuses missing parameters and DryRun with EC2 codes', () => {
    const { call, fail } = harness();
    assert.equal(
      fail('CreateSubnet', { CidrBlock: '10.0.0.0/24' }).message,
      'The request must contain the parameter VpcId',
    );
    const vpcId = at(call('CreateVpc', { CidrBlock: '10.0.0.0/16' }), 'vpc', 'vpcId') as string;
    const dry = fail('CreateSubnet', { VpcId: vpcId, CidrBlock: '10.0.0.0/24', DryRun: 'true' });
    assert.equal(dry.code, 'DryRunOperation');
    assert.equal(dry.httpStatus, 412);
    assert.equal(
      fail('CreateTags', { 'ResourceId.1': vpcId, 'Tag.1.Key': 'aws:x', 'Tag.1.Value': 'y' }).code,
      'InvalidParameterValue',
    );
  });

  it('CreateLaunchTemplate parses LaunchTemplateData and returns it from DescribeLaunchTemplateVersions', () => {
    const { call } = harness();
    const userData = Buffer.from('#!/bin/bash\necho hi\n').toString('base64');
    call('CreateLaunchTemplate', {
      LaunchTemplateName: 'nodes',
      'LaunchTemplateData.InstanceType': 'm5.large',
      'LaunchTemplateData.ImageId': 'ami-0123456789abcdef0',
      'LaunchTemplateData.UserData': userData,
      'LaunchTemplateData.SecurityGroupId.1': 'sg-0123',
      'LaunchTemplateData.MetadataOptions.HttpTokens': 'required',
      'LaunchTemplateData.MetadataOptions.HttpPutResponseHopLimit': 2,
      'LaunchTemplateData.BlockDeviceMapping.1.DeviceName': '/dev/xvda',
      'LaunchTemplateData.BlockDeviceMapping.1.Ebs.VolumeSize': 20,
      'LaunchTemplateData.TagSpecification.1.ResourceType': 'instance',
      'LaunchTemplateData.TagSpecification.1.Tag.1.Key': 'team',
      'LaunchTemplateData.TagSpecification.1.Tag.1.Value': 'x',
    });
    const versions = call('DescribeLaunchTemplateVersions', {
      LaunchTemplateName: 'nodes',
      'LaunchTemplateVersion.1': '$Latest',
    });
    const data = at(versions, 'launchTemplateVersionSet', 0, 'launchTemplateData');
    assert.equal(at(data, 'userData'), userData);
    assert.deepEqual(at(data, 'securityGroupIdSet'), ['sg-0123']);
    assert.equal(at(data, 'metadataOptions', 'httpPutResponseHopLimit'), 2);
    assert.equal(at(data, 'blockDeviceMappingSet', 0, 'ebs', 'volumeSize'), 20);
    assert.deepEqual(at(data, 'tagSpecificationSet', 0, 'tagSet'), [{ key: 'team', value: 'x' }]);
  });

  it('RunInstances and DescribeInstances group instances by reservation; TerminateInstances reports state codes', () => {
    const { call } = harness();
    const vpcId = at(call('CreateVpc', { CidrBlock: '10.0.0.0/16' }), 'vpc', 'vpcId') as string;
    const subnetId = at(
      call('CreateSubnet', { VpcId: vpcId, CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1a' }),
      'subnet',
      'subnetId',
    ) as string;
    const run = call('RunInstances', {
      MinCount: 2,
      MaxCount: 2,
      SubnetId: subnetId,
      InstanceType: 'm5.large',
      ImageId: 'ami-0123456789abcdef0',
    });
    assert.equal((run.instancesSet as unknown[]).length, 2);
    const described = call('DescribeInstances', {
      'Filter.1.Name': 'subnet-id',
      'Filter.1.Value.1': subnetId,
    });
    assert.equal((described.reservationSet as unknown[]).length, 1);
    const instanceId = at(run, 'instancesSet', 0, 'instanceId') as string;
    assert.equal(at(described, 'reservationSet', 0, 'instancesSet', 0, 'instanceState', 'name'), 'running');
    assert.equal(
      at(
        described,
        'reservationSet',
        0,
        'instancesSet',
        0,
        'networkInterfaceSet',
        0,
        'attachment',
        'deviceIndex',
      ),
      0,
    );
    const terminated = call('TerminateInstances', { 'InstanceId.1': instanceId });
    assert.deepEqual(at(terminated, 'instancesSet', 0, 'previousState'), { code: 16, name: 'running' });
    assert.deepEqual(at(terminated, 'instancesSet', 0, 'currentState'), { code: 32, name: 'shutting-down' });
  });

  it('DescribeNetworkInterfaces filters by attachment.instance-id; AssignPrivateIpAddresses returns the new addresses', () => {
    const { call } = harness();
    const vpcId = at(call('CreateVpc', { CidrBlock: '10.0.0.0/16' }), 'vpc', 'vpcId') as string;
    const subnetId = at(
      call('CreateSubnet', { VpcId: vpcId, CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1a' }),
      'subnet',
      'subnetId',
    ) as string;
    const run = call('RunInstances', {
      MinCount: 1,
      MaxCount: 1,
      SubnetId: subnetId,
      InstanceType: 'm5.large',
    });
    const instanceId = at(run, 'instancesSet', 0, 'instanceId') as string;
    const eni = call('CreateNetworkInterface', { SubnetId: subnetId, Description: `aws-K8S-${instanceId}` });
    const eniId = at(eni, 'networkInterface', 'networkInterfaceId') as string;
    call('AttachNetworkInterface', { NetworkInterfaceId: eniId, InstanceId: instanceId, DeviceIndex: 1 });
    const assigned = call('AssignPrivateIpAddresses', {
      NetworkInterfaceId: eniId,
      SecondaryPrivateIpAddressCount: 3,
    });
    assert.equal((assigned.assignedPrivateIpAddressesSet as unknown[]).length, 3);
    const enis = call('DescribeNetworkInterfaces', {
      'Filter.1.Name': 'attachment.instance-id',
      'Filter.1.Value.1': instanceId,
    });
    assert.equal((enis.networkInterfaceSet as unknown[]).length, 2);
    assert.equal(at(enis, 'networkInterfaceSet', 1, 'privateIpAddressesSet', 3, 'primary'), false);
    const subnet = call('DescribeSubnets', { 'SubnetId.1': subnetId });
    assert.equal(at(subnet, 'subnetSet', 0, 'availableIpAddressCount'), 251 - 1 - 4);
  });

  it('AssignPrivateIpAddresses with Ipv4PrefixCount / Ipv4Prefix.N; DescribeNetworkInterfaces shows ipv4PrefixSet', () => {
    const { call, fail } = harness();
    const vpcId = at(call('CreateVpc', { CidrBlock: '10.0.0.0/16' }), 'vpc', 'vpcId') as string;
    const subnetId = at(
      call('CreateSubnet', { VpcId: vpcId, CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1a' }),
      'subnet',
      'subnetId',
    ) as string;
    const eniId = at(
      call('CreateNetworkInterface', { SubnetId: subnetId }),
      'networkInterface',
      'networkInterfaceId',
    ) as string;
    const assigned = call('AssignPrivateIpAddresses', { NetworkInterfaceId: eniId, Ipv4PrefixCount: 2 });
    assert.deepEqual(assigned.assignedIpv4PrefixSet, [
      { ipv4Prefix: '10.0.1.16/28' },
      { ipv4Prefix: '10.0.1.32/28' },
    ]);
    assert.deepEqual(assigned.assignedPrivateIpAddressesSet, []);
    const named = call('AssignPrivateIpAddresses', {
      NetworkInterfaceId: eniId,
      'Ipv4Prefix.1': '10.0.1.128/28',
    });
    assert.deepEqual(named.assignedIpv4PrefixSet, [{ ipv4Prefix: '10.0.1.128/28' }]);
    assert.equal(
      fail('AssignPrivateIpAddresses', { NetworkInterfaceId: eniId, 'Ipv4Prefix.1': '10.0.1.128/28' }).code,
      'InsufficientCidrBlocks',
    );
    const described = call('DescribeNetworkInterfaces', { 'NetworkInterfaceId.1': eniId });
    assert.deepEqual(at(described, 'networkInterfaceSet', 0, 'ipv4PrefixSet'), [
      { ipv4Prefix: '10.0.1.16/28' },
      { ipv4Prefix: '10.0.1.32/28' },
      { ipv4Prefix: '10.0.1.128/28' },
    ]);
    const subnet = call('DescribeSubnets', { 'SubnetId.1': subnetId });
    assert.equal(at(subnet, 'subnetSet', 0, 'availableIpAddressCount'), 251 - 1 - 48);
    call('UnassignPrivateIpAddresses', { NetworkInterfaceId: eniId, 'Ipv4Prefix.1': '10.0.1.32/28' });
    const after = call('DescribeNetworkInterfaces', { 'NetworkInterfaceId.1': eniId });
    assert.equal((at(after, 'networkInterfaceSet', 0, 'ipv4PrefixSet') as unknown[]).length, 2);
  });
});
