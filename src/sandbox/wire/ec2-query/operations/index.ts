/** Every EC2 action the sandbox serves, one handler per file named after the action. */
import type { Ec2Operation } from '../operation.js';
import { assignPrivateIpAddresses } from './assign-private-ip-addresses.js';
import { associateRouteTable } from './associate-route-table.js';
import { associateVpcCidrBlock } from './associate-vpc-cidr-block.js';
import { attachNetworkInterface } from './attach-network-interface.js';
import { authorizeSecurityGroupEgress } from './authorize-security-group-egress.js';
import { authorizeSecurityGroupIngress } from './authorize-security-group-ingress.js';
import { createLaunchTemplateVersion } from './create-launch-template-version.js';
import { createLaunchTemplate } from './create-launch-template.js';
import { createNatGateway } from './create-nat-gateway.js';
import { createNetworkInterface } from './create-network-interface.js';
import { createRouteTable } from './create-route-table.js';
import { createRoute } from './create-route.js';
import { createSecurityGroup } from './create-security-group.js';
import { createSubnet } from './create-subnet.js';
import { createTags } from './create-tags.js';
import { createVpc } from './create-vpc.js';
import { deleteNetworkInterface } from './delete-network-interface.js';
import { deleteRouteTable } from './delete-route-table.js';
import { deleteSubnet } from './delete-subnet.js';
import { deleteTags } from './delete-tags.js';
import { deleteVpc } from './delete-vpc.js';
import { describeAvailabilityZones } from './describe-availability-zones.js';
import { describeInstanceTypes } from './describe-instance-types.js';
import { describeInstances } from './describe-instances.js';
import { describeLaunchTemplateVersions } from './describe-launch-template-versions.js';
import { describeLaunchTemplates } from './describe-launch-templates.js';
import { describeNatGateways } from './describe-nat-gateways.js';
import { describeNetworkInterfaces } from './describe-network-interfaces.js';
import { describeRouteTables } from './describe-route-tables.js';
import { describeSecurityGroupRules } from './describe-security-group-rules.js';
import { describeSecurityGroups } from './describe-security-groups.js';
import { describeSubnets } from './describe-subnets.js';
import { describeTags } from './describe-tags.js';
import { describeVpcs } from './describe-vpcs.js';
import { disassociateRouteTable } from './disassociate-route-table.js';
import { disassociateVpcCidrBlock } from './disassociate-vpc-cidr-block.js';
import { replaceRouteTableAssociation } from './replace-route-table-association.js';
import { revokeSecurityGroupEgress } from './revoke-security-group-egress.js';
import { revokeSecurityGroupIngress } from './revoke-security-group-ingress.js';
import { runInstances } from './run-instances.js';
import { terminateInstances } from './terminate-instances.js';
import { unassignPrivateIpAddresses } from './unassign-private-ip-addresses.js';

export const ec2Operations: readonly Ec2Operation[] = [
  assignPrivateIpAddresses,
  associateRouteTable,
  associateVpcCidrBlock,
  attachNetworkInterface,
  authorizeSecurityGroupEgress,
  authorizeSecurityGroupIngress,
  createLaunchTemplateVersion,
  createLaunchTemplate,
  createNatGateway,
  createNetworkInterface,
  createRouteTable,
  createRoute,
  createSecurityGroup,
  createSubnet,
  createTags,
  createVpc,
  deleteNetworkInterface,
  deleteRouteTable,
  deleteSubnet,
  deleteTags,
  deleteVpc,
  describeAvailabilityZones,
  describeInstanceTypes,
  describeInstances,
  describeLaunchTemplateVersions,
  describeLaunchTemplates,
  describeNatGateways,
  describeNetworkInterfaces,
  describeRouteTables,
  describeSecurityGroupRules,
  describeSecurityGroups,
  describeSubnets,
  describeTags,
  describeVpcs,
  disassociateRouteTable,
  disassociateVpcCidrBlock,
  replaceRouteTableAssociation,
  revokeSecurityGroupEgress,
  revokeSecurityGroupIngress,
  runInstances,
  terminateInstances,
  unassignPrivateIpAddresses,
];
