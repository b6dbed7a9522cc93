import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awsErrorOf, basicNetwork, fixture } from './test-fixture.js';

describe('EC2 model: route tables and NAT gateways', () => {
  it('associates a subnet once (Resource.AlreadyAssociated), replaces and disassociates', () => {
    const f = fixture();
    const { vpcId, subnetA } = basicNetwork(f);
    const table = f.ec2.createRouteTable({ vpcId, tags: [{ key: 'Name', value: 'private-a' }] });
    const association = f.ec2.associateRouteTable({ routeTableId: table.routeTableId, subnetId: subnetA });
    assert.match(association.routeTableAssociationId, /^rtbassoc-/);
    assert.equal(f.ec2.routeTableForSubnet(subnetA)?.routeTableId, table.routeTableId);
    const other = f.ec2.createRouteTable({ vpcId });
    const error = awsErrorOf(() =>
      f.ec2.associateRouteTable({ routeTableId: other.routeTableId, subnetId: subnetA }),
    );
    assert.equal(error.code, 'Resource.AlreadyAssociated');
    assert.equal(
      error.message,
      `the specified association for route table ${other.routeTableId} conflicts with an existing association`,
    );
    const moved = f.ec2.replaceRouteTableAssociation({
      associationId: association.routeTableAssociationId,
      routeTableId: other.routeTableId,
    });
    assert.equal(f.ec2.routeTableForSubnet(subnetA)?.routeTableId, other.routeTableId);
    const bySubnet = f.ec2.describeRouteTables({
      filters: [{ name: 'association.subnet-id', values: [subnetA] }],
    });
    assert.deepEqual(
      bySubnet.map((t) => t.routeTableId),
      [other.routeTableId],
    );
    f.ec2.disassociateRouteTable(moved.routeTableAssociationId);
    // Without an explicit association the subnet uses the main table.
    assert.equal(f.ec2.routeTableForSubnet(subnetA)?.routeTableId, f.ec2.getVpc(vpcId)?.mainRouteTableId);
    assert.equal(
      awsErrorOf(() => f.ec2.disassociateRouteTable(moved.routeTableAssociationId)).code,
      'InvalidAssociationID.NotFound',
    );
  });

  it('refuses to disassociate the main association and to associate across VPCs', () => {
    const f = fixture();
    const { vpcId, subnetA } = basicNetwork(f);
    const main = f.ec2.describeRouteTables({
      routeTableIds: [f.ec2.getVpc(vpcId)?.mainRouteTableId ?? ''],
    })[0];
    const mainAssociation = main?.associations[0]?.routeTableAssociationId ?? '';
    assert.equal(
      awsErrorOf(() => f.ec2.disassociateRouteTable(mainAssociation)).code,
      'InvalidParameterValue',
    );
    const otherVpc = f.ec2.createVpc({ cidrBlock: '10.1.0.0/16' });
    const foreign = f.ec2.createRouteTable({ vpcId: otherVpc.vpcId });
    assert.equal(
      awsErrorOf(() => f.ec2.associateRouteTable({ routeTableId: foreign.routeTableId, subnetId: subnetA }))
        .code,
      'InvalidParameterValue',
    );
    assert.equal(
      awsErrorOf(() => f.ec2.associateRouteTable({ routeTableId: 'rtb-1', subnetId: subnetA })).code,
      'InvalidRouteTableID.NotFound',
    );
  });

  it('creates a NAT gateway with its own ENI and routes to it; duplicate routes are refused', () => {
    const f = fixture();
    const { vpcId, subnetA } = basicNetwork(f);
    const nat = f.ec2.createNatGateway({ subnetId: subnetA, allocationId: 'eipalloc-0123456789abcdef0' });
    assert.equal(nat.state, 'pending');
    assert.equal(f.ec2.getSubnet(subnetA)?.availableIpAddressCount, 250);
    f.clock.advance(1000);
    assert.equal(f.ec2.describeNatGateways({ natGatewayIds: [nat.natGatewayId] })[0]?.state, 'available');
    const table = f.ec2.createRouteTable({ vpcId });
    f.ec2.createRoute({
      routeTableId: table.routeTableId,
      destinationCidrBlock: '0.0.0.0/0',
      natGatewayId: nat.natGatewayId,
    });
    const duplicate = awsErrorOf(() =>
      f.ec2.createRoute({
        routeTableId: table.routeTableId,
        destinationCidrBlock: '0.0.0.0/0',
        natGatewayId: nat.natGatewayId,
      }),
    );
    assert.equal(duplicate.code, 'RouteAlreadyExists');
    assert.equal(duplicate.message, 'The route identified by 0.0.0.0/0 already exists.');
    const withNat = f.ec2.describeRouteTables({
      filters: [{ name: 'route.nat-gateway-id', values: [nat.natGatewayId] }],
    });
    assert.deepEqual(
      withNat.map((t) => t.routeTableId),
      [table.routeTableId],
    );
    assert.equal(
      awsErrorOf(() =>
        f.ec2.createRoute({
          routeTableId: table.routeTableId,
          destinationCidrBlock: '10.9.0.0/16',
          natGatewayId: 'nat-1',
        }),
      ).code,
      'InvalidNatGatewayID.NotFound',
    );
    assert.equal(
      awsErrorOf(() =>
        f.ec2.createRoute({
          routeTableId: table.routeTableId,
          destinationCidrBlock: '10.0.5.0/24',
          gatewayId: 'igw-1',
        }),
      ).code,
      'InvalidParameterValue',
    );
    assert.equal(
      awsErrorOf(() => f.ec2.describeNatGateways({ natGatewayIds: ['nat-1'] })).code,
      'NatGatewayNotFound',
    );
    assert.equal(awsErrorOf(() => f.ec2.createNatGateway({ subnetId: subnetA })).code, 'MissingParameter');
    assert.equal(awsErrorOf(() => f.ec2.deleteSubnet(subnetA)).code, 'DependencyViolation');
  });
});
