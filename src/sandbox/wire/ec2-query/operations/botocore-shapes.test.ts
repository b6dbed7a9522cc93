/**
 * Golden check of every EC2 response against botocore's model: each element a handler writes must
 * be a member (by its XML locationName) of the output shape at that place, and every list must use
 * `<item>` members. A misspelt element would otherwise be silently dropped by the SDK and the CLI.
 * The fixture (testdata/botocore-output-shapes.json) holds the output shapes of the served actions,
 * extracted from botocore/data/ec2/2016-11-15/service-2.json.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fixture } from '../../../services/ec2/test-fixture.js';
import type { Ec2OpContext } from '../operation.js';
import { QueryParams } from '../params.js';
import type { XmlBody, XmlValue } from '../xml.js';
import { ec2Operations } from './index.js';

type ShapeDef = string | { members: Record<string, string> } | { member: string; memberName: string };
interface Model {
  operations: Record<string, string | null>;
  shapes: Record<string, ShapeDef>;
}

const model = JSON.parse(
  readFileSync(
    new URL(
      '../../../../../../src/sandbox/wire/ec2-query/operations/testdata/botocore-output-shapes.json',
      import.meta.url,
    ),
    'utf8',
  ),
) as Model;

function check(
  value: XmlValue,
  shapeName: string,
  path: string,
  problems: string[],
  memberName = 'item',
): void {
  if (value === undefined || value === null) return;
  const shape = model.shapes[shapeName];
  if (shape === undefined) return void problems.push(`${path}: unknown shape ${shapeName}`);
  if (typeof shape === 'string') {
    if (typeof value === 'object' && !(value instanceof Date))
      problems.push(`${path}: ${shape} written as a structure`);
    return;
  }
  if ('member' in shape) {
    if (!Array.isArray(value)) return void problems.push(`${path}: list written as a scalar or structure`);
    if (shape.memberName !== memberName)
      problems.push(`${path}: botocore expects <${shape.memberName}> members, not <${memberName}>`);
    (value as XmlValue[]).forEach((v, i) => check(v, shape.member, `${path}[${i}]`, problems));
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value) || value instanceof Date) {
    return void problems.push(`${path}: structure ${shapeName} written as a scalar or list`);
  }
  for (const [key, child] of Object.entries(value as XmlBody)) {
    if (child === undefined || child === null) continue;
    // `listElement(name, member)` keys: a list whose members are <member> elements.
    const [name = key, listMember] = key.split('/');
    const member = shape.members[name];
    if (member === undefined) problems.push(`${path}/${name}: not a member of ${shapeName}`);
    else check(child, member, `${path}/${name}`, problems, listMember);
  }
}

describe('EC2 responses against botocore output shapes', () => {
  it('every served action writes only elements botocore knows, at the right place', () => {
    const f = fixture({ cidrAssociate: 0, instanceBoot: 0, natGatewayCreate: 0, instanceTerminate: 0 });
    const ctx: Ec2OpContext = { ec2: f.ec2, requestId: 'r', region: 'us-east-1', accountId: '123456789012' };
    const problems: string[] = [];
    const seen = new Set<string>();
    const call = (action: string, params: Record<string, string | number> = {}): XmlBody => {
      const op = ec2Operations.find((o) => o.action === action);
      assert.ok(op, action);
      const body = op.handle(new QueryParams(Object.entries(params).map(([k, v]) => [k, String(v)])), ctx);
      const output = model.operations[action];
      assert.ok(output !== undefined, `${action} is not in the fixture`);
      if (output) check(body, output, action, problems);
      seen.add(action);
      return body;
    };
    const get = (body: XmlBody, ...path: (string | number)[]): string =>
      String(path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], body));

    const tag = { 'TagSpecification.1.Tag.1.Key': 'Name', 'TagSpecification.1.Tag.1.Value': 'x' };
    const vpcId = get(
      call('CreateVpc', { CidrBlock: '10.0.0.0/16', 'TagSpecification.1.ResourceType': 'vpc', ...tag }),
      'vpc',
      'vpcId',
    );
    const assoc = call('AssociateVpcCidrBlock', { VpcId: vpcId, CidrBlock: '100.64.0.0/16' });
    const subnetId = get(
      call('CreateSubnet', {
        VpcId: vpcId,
        CidrBlock: '10.0.1.0/24',
        AvailabilityZone: 'us-east-1a',
        'TagSpecification.1.ResourceType': 'subnet',
        ...tag,
      }),
      'subnet',
      'subnetId',
    );
    const spare = get(call('CreateSubnet', { VpcId: vpcId, CidrBlock: '10.0.2.0/24' }), 'subnet', 'subnetId');
    call('DescribeVpcs');
    call('DescribeSubnets');
    call('CreateTags', { 'ResourceId.1': subnetId, 'Tag.1.Key': 'team', 'Tag.1.Value': 'x' });
    call('DescribeTags');
    call('DeleteTags', { 'ResourceId.1': subnetId, 'Tag.1.Key': 'team' });
    const rtb = get(
      call('CreateRouteTable', { VpcId: vpcId, 'TagSpecification.1.ResourceType': 'route-table', ...tag }),
      'routeTable',
      'routeTableId',
    );
    const rtbAssoc = get(
      call('AssociateRouteTable', { RouteTableId: rtb, SubnetId: subnetId }),
      'associationId',
    );
    const rtb2 = get(call('CreateRouteTable', { VpcId: vpcId }), 'routeTable', 'routeTableId');
    const moved = get(
      call('ReplaceRouteTableAssociation', { AssociationId: rtbAssoc, RouteTableId: rtb2 }),
      'newAssociationId',
    );
    call('DisassociateRouteTable', { AssociationId: moved });
    call('DeleteRouteTable', { RouteTableId: rtb2 });
    const nat = get(
      call('CreateNatGateway', {
        SubnetId: subnetId,
        AllocationId: 'eipalloc-0123456789abcdef0',
        'TagSpecification.1.ResourceType': 'natgateway',
        ...tag,
      }),
      'natGateway',
      'natGatewayId',
    );
    call('CreateRoute', { RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: nat });
    call('DescribeRouteTables');
    call('DescribeNatGateways');
    const sg = get(
      call('CreateSecurityGroup', {
        GroupName: 'nodes',
        GroupDescription: 'nodes',
        VpcId: vpcId,
        'TagSpecification.1.ResourceType': 'security-group',
        ...tag,
      }),
      'groupId',
    );
    const peer = get(
      call('CreateSecurityGroup', { GroupName: 'pods', GroupDescription: 'pods', VpcId: vpcId }),
      'groupId',
    );
    const added = call('AuthorizeSecurityGroupIngress', {
      GroupId: sg,
      'IpPermissions.1.IpProtocol': 'udp',
      'IpPermissions.1.FromPort': 53,
      'IpPermissions.1.ToPort': 53,
      'IpPermissions.1.IpRanges.1.CidrIp': '10.0.0.0/16',
      'IpPermissions.1.IpRanges.1.Description': 'dns',
      'IpPermissions.1.Groups.1.GroupId': peer,
      'TagSpecification.1.ResourceType': 'security-group-rule',
      ...tag,
    });
    call('AuthorizeSecurityGroupEgress', {
      GroupId: sg,
      'IpPermissions.1.IpProtocol': 'tcp',
      'IpPermissions.1.FromPort': 443,
      'IpPermissions.1.ToPort': 443,
      'IpPermissions.1.Groups.1.GroupId': peer,
    });
    call('DescribeSecurityGroups');
    call('DescribeSecurityGroupRules', { 'Filter.1.Name': 'group-id', 'Filter.1.Value.1': sg });
    call('RevokeSecurityGroupIngress', {
      GroupId: sg,
      'SecurityGroupRuleId.1': get(added, 'securityGroupRuleSet', 0, 'securityGroupRuleId'),
    });
    call('RevokeSecurityGroupEgress', {
      GroupId: sg,
      'IpPermissions.1.IpProtocol': 'tcp',
      'IpPermissions.1.FromPort': 443,
      'IpPermissions.1.ToPort': 443,
      'IpPermissions.1.Groups.1.GroupId': peer,
    });
    call('DescribeAvailabilityZones');
    call('DescribeInstanceTypes', { 'InstanceType.1': 'm5.large', 'InstanceType.2': 'm5.metal' });
    call('CreateLaunchTemplate', {
      LaunchTemplateName: 'nodes',
      'LaunchTemplateData.InstanceType': 'm5.large',
      'LaunchTemplateData.UserData': 'ZWNobyBoaQo=',
      'LaunchTemplateData.SecurityGroupId.1': sg,
      'LaunchTemplateData.Monitoring.Enabled': 'true',
      'LaunchTemplateData.IamInstanceProfile.Arn': 'arn:aws:iam::123456789012:instance-profile/nodes',
      'LaunchTemplateData.MetadataOptions.HttpTokens': 'required',
      'LaunchTemplateData.BlockDeviceMapping.1.DeviceName': '/dev/xvda',
      'LaunchTemplateData.BlockDeviceMapping.1.Ebs.VolumeSize': 20,
      'LaunchTemplateData.NetworkInterface.1.DeviceIndex': 0,
      'LaunchTemplateData.NetworkInterface.1.SecurityGroupId.1': sg,
      'LaunchTemplateData.TagSpecification.1.ResourceType': 'instance',
      'LaunchTemplateData.TagSpecification.1.Tag.1.Key': 'team',
      'LaunchTemplateData.TagSpecification.1.Tag.1.Value': 'x',
      'TagSpecification.1.ResourceType': 'launch-template',
      ...tag,
    });
    call('CreateLaunchTemplateVersion', {
      LaunchTemplateName: 'nodes',
      SourceVersion: '1',
      'LaunchTemplateData.ImageId': 'ami-0123456789abcdef0',
    });
    call('DescribeLaunchTemplates');
    call('DescribeLaunchTemplateVersions', { LaunchTemplateName: 'nodes' });
    const run = call('RunInstances', {
      MinCount: 1,
      MaxCount: 1,
      SubnetId: subnetId,
      'LaunchTemplate.LaunchTemplateName': 'nodes',
      'TagSpecification.1.ResourceType': 'instance',
      ...tag,
    });
    const instanceId = get(run, 'instancesSet', 0, 'instanceId');
    const eni = get(
      call('CreateNetworkInterface', { SubnetId: subnetId, 'SecurityGroupId.1': sg }),
      'networkInterface',
      'networkInterfaceId',
    );
    call('AttachNetworkInterface', { NetworkInterfaceId: eni, InstanceId: instanceId, DeviceIndex: 1 });
    call('AssignPrivateIpAddresses', { NetworkInterfaceId: eni, SecondaryPrivateIpAddressCount: 2 });
    call('AssignPrivateIpAddresses', { NetworkInterfaceId: eni, Ipv4PrefixCount: 1 });
    call('DescribeNetworkInterfaces');
    call('DescribeInstances');
    const assigned = f.ec2.getNetworkInterface(eni)?.privateIpAddresses[1]?.privateIpAddress ?? '';
    call('UnassignPrivateIpAddresses', { NetworkInterfaceId: eni, 'PrivateIpAddress.1': assigned });
    call('TerminateInstances', { 'InstanceId.1': instanceId });
    call('DescribeInstances');
    call('DeleteNetworkInterface', { NetworkInterfaceId: eni });
    call('DisassociateVpcCidrBlock', { AssociationId: get(assoc, 'cidrBlockAssociation', 'associationId') });
    call('DeleteSubnet', { SubnetId: spare });
    const other = get(call('CreateVpc', { CidrBlock: '172.16.0.0/16' }), 'vpc', 'vpcId');
    call('DeleteVpc', { VpcId: other });

    assert.deepEqual(problems, []);
    const unexercised = ec2Operations.map((o) => o.action).filter((a) => !seen.has(a));
    assert.deepEqual(unexercised, []);
  });

  it('catches a misspelt element (the check can fail)', () => {
    const problems: string[] = [];
    check({ subnet: { subnetID: 'subnet-1' } }, 'CreateSubnetResult', 'CreateSubnet', problems);
    assert.deepEqual(problems, ['CreateSubnet/subnet/subnetID: not a member of Subnet']);
  });
});
