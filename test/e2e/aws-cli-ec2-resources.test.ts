/**
 * The AWS CLI v2 against the sandbox for the other EC2 action families: tags, route tables and NAT
 * gateways, security groups, zones and instance types, launch templates, instances and network
 * interfaces. The CLI parses responses with botocore's model, so a misnamed element would show up
 * here as a missing field.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const run = promisify(execFile);
const AWS = '/usr/bin/aws';

describe(
  'AWS CLI v2 against the sandbox: EC2 resources',
  { skip: !existsSync(AWS) && 'AWS CLI v2 not installed' },
  () => {
    let sb: TestSandbox;
    let env: NodeJS.ProcessEnv;
    let vpcId = '';
    let subnetId = '';

    async function aws<T = unknown>(args: string[]): Promise<T> {
      const { stdout } = await run(AWS, ['--endpoint-url', sb.endpoint, '--output', 'json', ...args], {
        env,
      });
      return (stdout.trim() === '' ? {} : JSON.parse(stdout)) as T;
    }
    async function awsError(args: string[]): Promise<string> {
      try {
        await run(AWS, ['--endpoint-url', sb.endpoint, ...args], { env });
      } catch (error) {
        return (error as { stderr: string }).stderr;
      }
      throw new Error(`aws ${args.join(' ')} succeeded`);
    }

    before(async () => {
      sb = await startTestSandbox();
      env = {
        PATH: process.env.PATH,
        HOME: sb.stateDir,
        ...sb.env,
        AWS_PAGER: '',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      };
      vpcId = (await aws<{ Vpc: { VpcId: string } }>(['ec2', 'create-vpc', '--cidr-block', '10.0.0.0/16']))
        .Vpc.VpcId;
      subnetId = (
        await aws<{ Subnet: { SubnetId: string } }>([
          'ec2',
          'create-subnet',
          '--vpc-id',
          vpcId,
          '--cidr-block',
          '10.0.1.0/24',
          '--availability-zone',
          'us-east-1a',
        ])
      ).Subnet.SubnetId;
    });
    after(() => sb.cleanup());

    it('tags a subnet and reads the tags back', async () => {
      await aws([
        'ec2',
        'create-tags',
        '--resources',
        subnetId,
        '--tags',
        'Key=Name,Value=nodes-a',
        'Key=kubernetes.io/role/cni,Value=1',
      ]);
      const tags = await aws<{ Tags: { Key: string; Value: string; ResourceType: string }[] }>([
        'ec2',
        'describe-tags',
        '--filters',
        `Name=resource-id,Values=${subnetId}`,
      ]);
      assert.deepEqual(
        tags.Tags.map((t) => [t.Key, t.Value, t.ResourceType]),
        [
          ['Name', 'nodes-a', 'subnet'],
          ['kubernetes.io/role/cni', '1', 'subnet'],
        ],
      );
      assert.match(
        await awsError(['ec2', 'create-tags', '--resources', subnetId, '--tags', 'Key=aws:x,Value=1']),
        /\(InvalidParameterValue\)/,
      );
    });

    it('creates a route table with a NAT route and associates the subnet once', async () => {
      const nat = await aws<{ NatGateway: { NatGatewayId: string } }>([
        'ec2',
        'create-nat-gateway',
        '--subnet-id',
        subnetId,
        '--allocation-id',
        'eipalloc-0123456789abcdef0',
      ]);
      const table = await aws<{ RouteTable: { RouteTableId: string } }>([
        'ec2',
        'create-route-table',
        '--vpc-id',
        vpcId,
      ]);
      const rtb = table.RouteTable.RouteTableId;
      await aws([
        'ec2',
        'create-route',
        '--route-table-id',
        rtb,
        '--destination-cidr-block',
        '0.0.0.0/0',
        '--nat-gateway-id',
        nat.NatGateway.NatGatewayId,
      ]);
      const association = await aws<{ AssociationId: string; AssociationState: { State: string } }>([
        'ec2',
        'associate-route-table',
        '--route-table-id',
        rtb,
        '--subnet-id',
        subnetId,
      ]);
      assert.equal(association.AssociationState.State, 'associated');
      assert.match(
        await awsError(['ec2', 'associate-route-table', '--route-table-id', rtb, '--subnet-id', subnetId]),
        /An error occurred \(Resource\.AlreadyAssociated\) when calling the AssociateRouteTable operation/,
      );
      const found = await aws<{
        RouteTables: {
          RouteTableId: string;
          Routes: { DestinationCidrBlock: string; NatGatewayId?: string; GatewayId?: string }[];
        }[];
      }>(['ec2', 'describe-route-tables', '--filters', `Name=association.subnet-id,Values=${subnetId}`]);
      assert.equal(found.RouteTables[0]?.RouteTableId, rtb);
      assert.deepEqual(
        found.RouteTables[0]?.Routes.map((r) => [r.DestinationCidrBlock, r.GatewayId ?? r.NatGatewayId]),
        [
          ['10.0.0.0/16', 'local'],
          ['0.0.0.0/0', nat.NatGateway.NatGatewayId],
        ],
      );
      const nats = await aws<{ NatGateways: { State: string; VpcId: string }[] }>([
        'ec2',
        'describe-nat-gateways',
      ]);
      assert.equal(nats.NatGateways[0]?.VpcId, vpcId);
    });

    it('lists zones, instance types and security groups', async () => {
      const zones = await aws<{ AvailabilityZones: { ZoneName: string; ZoneId: string; State: string }[] }>([
        'ec2',
        'describe-availability-zones',
        '--zone-names',
        'us-east-1c',
      ]);
      assert.deepEqual(
        zones.AvailabilityZones.map((z) => [z.ZoneName, z.ZoneId, z.State]),
        [['us-east-1c', 'use1-az4', 'available']],
      );
      const types = await aws<{
        InstanceTypes: {
          NetworkInfo: { MaximumNetworkInterfaces: number; Ipv4AddressesPerInterface: number };
        }[];
      }>(['ec2', 'describe-instance-types', '--instance-types', 'm5.large']);
      assert.deepEqual(types.InstanceTypes[0]?.NetworkInfo.MaximumNetworkInterfaces, 3);
      assert.deepEqual(types.InstanceTypes[0]?.NetworkInfo.Ipv4AddressesPerInterface, 10);
      const sg = await aws<{ GroupId: string }>([
        'ec2',
        'create-security-group',
        '--group-name',
        'nodes',
        '--description',
        'nodes',
        '--vpc-id',
        vpcId,
      ]);
      const groups = await aws<{ SecurityGroups: { GroupId: string; GroupName: string }[] }>([
        'ec2',
        'describe-security-groups',
        '--filters',
        `Name=vpc-id,Values=${vpcId}`,
        'Name=group-name,Values=nodes',
      ]);
      assert.deepEqual(
        groups.SecurityGroups.map((g) => g.GroupId),
        [sg.GroupId],
      );
    });

    it('runs an instance from a launch template and shows its ENIs and addresses', async () => {
      const data = JSON.stringify({
        InstanceType: 'm5.large',
        UserData: Buffer.from('#!/bin/bash\n').toString('base64'),
      });
      const lt = await aws<{ LaunchTemplate: { LaunchTemplateId: string } }>([
        'ec2',
        'create-launch-template',
        '--launch-template-name',
        'nodes',
        '--launch-template-data',
        data,
      ]);
      await aws([
        'ec2',
        'create-launch-template-version',
        '--launch-template-name',
        'nodes',
        '--source-version',
        '1',
        '--launch-template-data',
        '{"ImageId":"ami-0123456789abcdef0"}',
      ]);
      const versions = await aws<{
        LaunchTemplateVersions: {
          VersionNumber: number;
          LaunchTemplateData: { InstanceType: string; ImageId?: string };
        }[];
      }>([
        'ec2',
        'describe-launch-template-versions',
        '--launch-template-id',
        lt.LaunchTemplate.LaunchTemplateId,
      ]);
      assert.deepEqual(
        versions.LaunchTemplateVersions.map((v) => [
          v.VersionNumber,
          v.LaunchTemplateData.InstanceType,
          v.LaunchTemplateData.ImageId,
        ]),
        [
          [2, 'm5.large', 'ami-0123456789abcdef0'],
          [1, 'm5.large', undefined],
        ],
      );
      const ran = await aws<{ Instances: { InstanceId: string; PrivateIpAddress: string }[] }>([
        'ec2',
        'run-instances',
        '--count',
        '1',
        '--subnet-id',
        subnetId,
        '--launch-template',
        'LaunchTemplateName=nodes,Version=$Latest',
      ]);
      const instanceId = ran.Instances[0]?.InstanceId ?? '';
      const described = await aws<{
        Reservations: { Instances: { State: { Name: string }; ImageId: string }[] }[];
      }>(['ec2', 'describe-instances', '--instance-ids', instanceId]);
      assert.equal(described.Reservations[0]?.Instances[0]?.State.Name, 'running');
      assert.equal(described.Reservations[0]?.Instances[0]?.ImageId, 'ami-0123456789abcdef0');
      const enis = await aws<{
        NetworkInterfaces: {
          PrivateIpAddress: string;
          Status: string;
          Attachment: { DeviceIndex: number };
        }[];
      }>([
        'ec2',
        'describe-network-interfaces',
        '--filters',
        `Name=attachment.instance-id,Values=${instanceId}`,
      ]);
      assert.deepEqual(
        enis.NetworkInterfaces.map((e) => [e.PrivateIpAddress, e.Status, e.Attachment.DeviceIndex]),
        [[ran.Instances[0]?.PrivateIpAddress, 'in-use', 0]],
      );
      const terminated = await aws<{ TerminatingInstances: { CurrentState: { Name: string } }[] }>([
        'ec2',
        'terminate-instances',
        '--instance-ids',
        instanceId,
      ]);
      assert.equal(terminated.TerminatingInstances[0]?.CurrentState.Name, 'shutting-down');
    });
  },
);
