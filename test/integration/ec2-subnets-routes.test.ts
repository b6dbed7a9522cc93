import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AssociateRouteTableCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DeleteSubnetCommand,
  DeleteTagsCommand,
  DescribeAvailabilityZonesCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeTagsCommand,
  DisassociateRouteTableCommand,
  ReplaceRouteTableAssociationCommand,
  paginateDescribeSubnets,
} from '@aws-sdk/client-ec2';
import { sdkError, startEc2Target, type Ec2Target } from './ec2-harness.js';

describe('EC2 over the wire: subnets, tags, route tables and NAT gateways (SDK v3)', () => {
  let t: Ec2Target;
  let vpcId: string;
  const subnets: string[] = [];
  before(async () => {
    t = await startEc2Target();
    vpcId = (await t.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc?.VpcId ?? '';
  });
  after(() => t.close());

  it('lists us-east-1 zones with zone IDs', async () => {
    const out = await t.ec2.send(new DescribeAvailabilityZonesCommand({}));
    assert.deepEqual(
      out.AvailabilityZones?.map((z) => z.ZoneName),
      ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1e', 'us-east-1f'],
    );
    assert.equal(out.AvailabilityZones?.[0]?.ZoneId, 'use1-az1');
    assert.equal(out.AvailabilityZones?.[0]?.State, 'available');
    assert.equal(out.AvailabilityZones?.[0]?.RegionName, 'us-east-1');
  });

  it('creates one subnet per zone with TagSpecifications; AvailableIpAddressCount leaves out 5 addresses', async () => {
    for (const [i, zone] of ['us-east-1a', 'us-east-1b', 'us-east-1c'].entries()) {
      const out = await t.ec2.send(
        new CreateSubnetCommand({
          VpcId: vpcId,
          CidrBlock: `10.0.${i * 32}.0/19`,
          AvailabilityZone: zone,
          TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'Name', Value: `private-${zone}` }] }],
        }),
      );
      assert.equal(out.Subnet?.AvailableIpAddressCount, 8187);
      assert.equal(out.Subnet?.AvailabilityZone, zone);
      assert.equal(out.Subnet?.State, 'available');
      assert.deepEqual(out.Subnet?.Tags, [{ Key: 'Name', Value: `private-${zone}` }]);
      subnets.push(out.Subnet?.SubnetId ?? '');
    }
  });

  it('refuses overlapping, out-of-range and wrong-zone subnets with EC2 codes', async () => {
    const conflict = await sdkError(
      t.ec2.send(
        new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1a' }),
      ),
    );
    assert.equal(conflict.name, 'InvalidSubnet.Conflict');
    assert.equal(conflict.message, "The CIDR '10.0.1.0/24' conflicts with another subnet");
    const range = await sdkError(
      t.ec2.send(
        new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.1.0.0/24', AvailabilityZone: 'us-east-1a' }),
      ),
    );
    assert.equal(range.name, 'InvalidSubnet.Range');
    const zone = await sdkError(
      t.ec2.send(
        new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.200.0/24', AvailabilityZone: 'eu-west-1a' }),
      ),
    );
    assert.equal(zone.name, 'InvalidParameterValue');
    assert.match(zone.message, /^Value \(eu-west-1a\) for parameter availabilityZone is invalid/);
  });

  it('filters subnets by vpc-id, availability-zone and tag:Name, and pages with the SDK paginator', async () => {
    const byZone = await t.ec2.send(
      new DescribeSubnetsCommand({
        Filters: [
          { Name: 'vpc-id', Values: [vpcId] },
          { Name: 'availability-zone', Values: ['us-east-1b', 'us-east-1c'] },
        ],
      }),
    );
    assert.deepEqual(
      byZone.Subnets?.map((s) => s.SubnetId),
      subnets.slice(1),
    );
    const byTag = await t.ec2.send(
      new DescribeSubnetsCommand({ Filters: [{ Name: 'tag:Name', Values: ['private-*-1a'] }] }),
    );
    assert.deepEqual(
      byTag.Subnets?.map((s) => s.SubnetId),
      [subnets[0]],
    );
    for (let i = 0; i < 4; i++) {
      await t.ec2.send(
        new CreateSubnetCommand({
          VpcId: vpcId,
          CidrBlock: `10.0.${200 + i}.0/24`,
          AvailabilityZone: 'us-east-1d',
        }),
      );
    }
    const pages: number[] = [];
    for await (const page of paginateDescribeSubnets({ client: t.ec2, pageSize: 5 }, {}))
      pages.push(page.Subnets?.length ?? 0);
    assert.deepEqual(pages, [5, 2]);
    const missing = await sdkError(
      t.ec2.send(new DescribeSubnetsCommand({ SubnetIds: ['subnet-0123456789abcdef0'] })),
    );
    assert.equal(missing.name, 'InvalidSubnetID.NotFound');
  });

  it('creates, describes and deletes tags; refuses aws: keys', async () => {
    await t.ec2.send(
      new CreateTagsCommand({
        Resources: [subnets[0] ?? ''],
        Tags: [{ Key: 'kubernetes.io/role/cni', Value: '1' }],
      }),
    );
    const out = await t.ec2.send(
      new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [subnets[0] ?? ''] }] }),
    );
    assert.deepEqual(
      out.Tags?.map((tag) => [tag.Key, tag.Value, tag.ResourceType]),
      [
        ['Name', 'private-us-east-1a', 'subnet'],
        ['kubernetes.io/role/cni', '1', 'subnet'],
      ],
    );
    await t.ec2.send(
      new DeleteTagsCommand({ Resources: [subnets[0] ?? ''], Tags: [{ Key: 'kubernetes.io/role/cni' }] }),
    );
    const reserved = await sdkError(
      t.ec2.send(new CreateTagsCommand({ Resources: [vpcId], Tags: [{ Key: 'aws:x', Value: 'y' }] })),
    );
    assert.equal(reserved.name, 'InvalidParameterValue');
    assert.match(reserved.message, /Tag keys starting with 'aws:' are reserved for internal use/);
  });

  it('associates route tables (one per subnet), replaces and disassociates', async () => {
    const table = (await t.ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable;
    assert.equal(table?.Routes?.[0]?.GatewayId, 'local');
    assert.equal(table?.Routes?.[0]?.State, 'active');
    const association = await t.ec2.send(
      new AssociateRouteTableCommand({ RouteTableId: table?.RouteTableId, SubnetId: subnets[0] }),
    );
    assert.equal(association.AssociationState?.State, 'associated');
    const again = await sdkError(
      t.ec2.send(new AssociateRouteTableCommand({ RouteTableId: table?.RouteTableId, SubnetId: subnets[0] })),
    );
    assert.equal(again.name, 'Resource.AlreadyAssociated');
    const bySubnet = await t.ec2.send(
      new DescribeRouteTablesCommand({
        Filters: [{ Name: 'association.subnet-id', Values: [subnets[0] ?? ''] }],
      }),
    );
    assert.equal(bySubnet.RouteTables?.[0]?.RouteTableId, table?.RouteTableId);
    const other = (await t.ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable;
    const replaced = await t.ec2.send(
      new ReplaceRouteTableAssociationCommand({
        AssociationId: association.AssociationId,
        RouteTableId: other?.RouteTableId,
      }),
    );
    assert.match(replaced.NewAssociationId ?? '', /^rtbassoc-/);
    await t.ec2.send(new DisassociateRouteTableCommand({ AssociationId: replaced.NewAssociationId }));
    const gone = await sdkError(
      t.ec2.send(new DisassociateRouteTableCommand({ AssociationId: replaced.NewAssociationId })),
    );
    assert.equal(gone.name, 'InvalidAssociationID.NotFound');
  });

  it('creates a NAT gateway and a default route to it', async () => {
    const nat = await t.ec2.send(
      new CreateNatGatewayCommand({ SubnetId: subnets[0], AllocationId: 'eipalloc-0123456789abcdef0' }),
    );
    const natId = nat.NatGateway?.NatGatewayId ?? '';
    assert.match(natId, /^nat-/);
    const table = (await t.ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable;
    const route = await t.ec2.send(
      new CreateRouteCommand({
        RouteTableId: table?.RouteTableId,
        DestinationCidrBlock: '0.0.0.0/0',
        NatGatewayId: natId,
      }),
    );
    assert.equal(route.Return, true);
    const described = await t.ec2.send(
      new DescribeNatGatewaysCommand({ Filter: [{ Name: 'vpc-id', Values: [vpcId] }] }),
    );
    assert.equal(described.NatGateways?.[0]?.State, 'available');
    assert.match(described.NatGateways?.[0]?.NatGatewayAddresses?.[0]?.PrivateIp ?? '', /^10\.0\.0\./);
    const withNat = await t.ec2.send(
      new DescribeRouteTablesCommand({ Filters: [{ Name: 'route.nat-gateway-id', Values: [natId] }] }),
    );
    assert.equal(withNat.RouteTables?.[0]?.Routes?.[1]?.NatGatewayId, natId);
    const subnet = await t.ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnets[0] ?? ''] }));
    assert.equal(subnet.Subnets?.[0]?.AvailableIpAddressCount, 8186);
    const busy = await sdkError(t.ec2.send(new DeleteSubnetCommand({ SubnetId: subnets[0] })));
    assert.equal(busy.name, 'DependencyViolation');
    await t.ec2.send(new DeleteSubnetCommand({ SubnetId: subnets[2] }));
  });
});
