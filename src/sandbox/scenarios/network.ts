/**
 * The VPC every non-empty scenario starts from, laid out as eksctl and the AWS quick starts do:
 * 10.0.0.0/16, a public subnet per zone behind an internet gateway, one NAT gateway, and a private
 * subnet per zone (the node subnets) with its own route table whose default route is the NAT.
 */
import type { ScenarioWorld } from './types.js';
import { CLUSTER, VPC_NAME, zonesOf } from './names.js';

export interface ScenarioNetwork {
  vpcId: string;
  zones: string[];
  publicSubnets: string[];
  /** Node subnets, one per zone, in zone order. */
  privateSubnets: string[];
  /** The route table of each private subnet, in zone order. */
  privateRouteTables: string[];
  natGatewayId: string;
}

export function buildNetwork(world: ScenarioWorld): ScenarioNetwork {
  const { ec2, env } = world;
  const zones = zonesOf(env.region);
  const vpc = ec2.createVpc({ cidrBlock: '10.0.0.0/16', tags: [{ key: 'Name', value: VPC_NAME }] });
  const clusterTag = { key: `kubernetes.io/cluster/${CLUSTER}`, value: 'shared' };
  const igw = `igw-${env.ids.hex(17)}`;
  const publicTable = ec2.createRouteTable({
    vpcId: vpc.vpcId,
    tags: [{ key: 'Name', value: `${VPC_NAME}-public` }],
  });
  ec2.createRoute({
    routeTableId: publicTable.routeTableId,
    destinationCidrBlock: '0.0.0.0/0',
    gatewayId: igw,
  });
  const publicSubnets = zones.map((zone, i) => {
    const subnet = ec2.createSubnet({
      vpcId: vpc.vpcId,
      cidrBlock: `10.0.${100 + i}.0/24`,
      availabilityZone: zone,
      tags: [
        { key: 'Name', value: `${VPC_NAME}-public-${zone}` },
        { key: 'kubernetes.io/role/elb', value: '1' },
        clusterTag,
      ],
    });
    ec2.associateRouteTable({ routeTableId: publicTable.routeTableId, subnetId: subnet.subnetId });
    return subnet.subnetId;
  });
  const nat = ec2.createNatGateway({
    subnetId: publicSubnets[0] ?? '',
    allocationId: `eipalloc-${env.ids.hex(17)}`,
    tags: [{ key: 'Name', value: `${VPC_NAME}-nat` }],
  });
  const privateSubnets: string[] = [];
  const privateRouteTables: string[] = [];
  zones.forEach((zone, i) => {
    const subnet = ec2.createSubnet({
      vpcId: vpc.vpcId,
      cidrBlock: `10.0.${i + 1}.0/24`,
      availabilityZone: zone,
      tags: [
        { key: 'Name', value: `${VPC_NAME}-private-${zone}` },
        { key: 'kubernetes.io/role/internal-elb', value: '1' },
        clusterTag,
      ],
    });
    const table = ec2.createRouteTable({
      vpcId: vpc.vpcId,
      tags: [{ key: 'Name', value: `${VPC_NAME}-private-${zone}` }],
    });
    ec2.createRoute({
      routeTableId: table.routeTableId,
      destinationCidrBlock: '0.0.0.0/0',
      natGatewayId: nat.natGatewayId,
    });
    ec2.associateRouteTable({ routeTableId: table.routeTableId, subnetId: subnet.subnetId });
    privateSubnets.push(subnet.subnetId);
    privateRouteTables.push(table.routeTableId);
  });
  return {
    vpcId: vpc.vpcId,
    zones,
    publicSubnets,
    privateSubnets,
    privateRouteTables,
    natGatewayId: nat.natGatewayId,
  };
}
