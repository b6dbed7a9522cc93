/**
 * The network half of the EC2 model (VPCs, CIDR blocks, subnets, tags, route tables, NAT gateways,
 * security groups); `Ec2Model` (model.ts) adds zones, instances, ENIs and launch templates. All of
 * the state lives in one JSON object; every call first settles due transitions, so reads never see
 * a stale `associating` or `pending`.
 */
import type { Filter } from './filters.js';
import { takeDue } from './due-transitions.js';
import { tickInstance } from './instances.js';
import {
  createNatGateway,
  describeNatGateways,
  natGatewayView,
  tickNatGateway,
  type NatGatewayView,
} from './nat-gateways.js';
import {
  associateRouteTable,
  createRoute,
  createRouteTable,
  deleteRouteTable,
  describeRouteTables,
  disassociateRouteTable,
  effectiveRouteTable,
  replaceRouteTableAssociation,
  routeTableView,
  type RouteTableView,
  type RouteTarget,
} from './route-tables.js';
import { flowAllowed, type Flow } from './security-group-flow.js';
import {
  authorizeRules,
  describeSecurityGroupRules,
  revokeRules,
  securityGroupRuleView,
  type PermissionInput,
  type SecurityGroupRuleView,
} from './security-group-rules.js';
import {
  createSecurityGroup,
  requireSecurityGroup,
  describeSecurityGroups,
  securityGroupView,
  type SecurityGroupView,
} from './security-groups.js';
import {
  createSubnet,
  deleteSubnet,
  describeSubnets,
  subnetView,
  type PageSlicer,
  type SubnetView,
} from './subnets.js';
import { createTags, deleteTags, describeTags, type TagDescription, type TagOptions } from './tags.js';
import {
  emptyEc2State,
  type CidrAssociation,
  type Ec2Context,
  type Ec2Env,
  type Ec2State,
  type RouteTableAssociationRecord,
  type Tag,
} from './types.js';
import {
  associateVpcCidrBlock,
  createVpc,
  deleteVpc,
  describeVpcs,
  disassociateVpcCidrBlock,
  tickVpc,
  vpcView,
  type VpcView,
} from './vpcs.js';

export class Ec2NetworkModel {
  protected readonly ctx: Ec2Context;

  constructor(env: Ec2Env, state?: Ec2State) {
    this.ctx = { env, state: state ? structuredClone({ ...emptyEc2State(), ...state }) : emptyEc2State() };
  }

  snapshot(): Ec2State {
    return structuredClone(this.ctx.state);
  }

  /** Completes every transition due by `now`; true when anything changed. */
  tick(now: number = this.ctx.env.clock.now()): boolean {
    let changed = false;
    for (const { kind, id } of takeDue(this.ctx.state, now)) {
      if (kind === 'instance') changed = tickInstance(this.ctx, id, now) || changed;
      else if (kind === 'vpc') changed = tickVpc(this.ctx, id, now) || changed;
      else changed = tickNatGateway(this.ctx, id, now) || changed;
    }
    return changed;
  }

  /** Runs `fn` on settled state. */
  protected settled<T>(fn: (ctx: Ec2Context) => T): T {
    this.tick();
    return fn(this.ctx);
  }

  // VPCs and CIDR blocks
  createVpc(input: { cidrBlock: string; instanceTenancy?: string; tags?: Tag[] }): VpcView {
    return this.settled((ctx) => vpcView(ctx, createVpc(ctx, input)));
  }
  deleteVpc(vpcId: string): void {
    this.settled((ctx) => deleteVpc(ctx, vpcId));
  }
  describeVpcs(input: { vpcIds?: string[]; filters?: Filter[] } = {}): VpcView[] {
    return this.settled((ctx) => describeVpcs(ctx, input));
  }
  getVpc(vpcId: string): VpcView | undefined {
    return this.settled((ctx) => {
      const vpc = ctx.state.vpcs[vpcId];
      return vpc && vpcView(ctx, vpc);
    });
  }
  associateVpcCidrBlock(input: { vpcId: string; cidrBlock: string }): {
    vpcId: string;
    association: CidrAssociation;
  } {
    return this.settled((ctx) => associateVpcCidrBlock(ctx, input));
  }
  disassociateVpcCidrBlock(associationId: string): { vpcId: string; association: CidrAssociation } {
    return this.settled((ctx) => disassociateVpcCidrBlock(ctx, associationId));
  }

  // Subnets
  createSubnet(input: {
    vpcId: string;
    cidrBlock: string;
    availabilityZone?: string | undefined;
    availabilityZoneId?: string | undefined;
    tags?: Tag[] | undefined;
  }): SubnetView {
    return this.settled((ctx) => subnetView(ctx, createSubnet(ctx, input)));
  }
  deleteSubnet(subnetId: string): void {
    this.settled((ctx) => deleteSubnet(ctx, subnetId));
  }
  describeSubnets(
    input: { subnetIds?: string[]; filters?: Filter[]; page?: PageSlicer | undefined } = {},
  ): SubnetView[] {
    return this.settled((ctx) => describeSubnets(ctx, input));
  }
  getSubnet(subnetId: string): SubnetView | undefined {
    return this.settled((ctx) => {
      const subnet = ctx.state.subnets[subnetId];
      return subnet && subnetView(ctx, subnet);
    });
  }
  listSubnets(): SubnetView[] {
    return this.describeSubnets();
  }

  // Tags
  createTags(resourceIds: string[], tags: Tag[], options: TagOptions = {}): void {
    this.settled((ctx) => createTags(ctx, resourceIds, tags, options));
  }
  deleteTags(
    resourceIds: string[],
    tags: { key: string; value?: string | undefined }[],
    options: TagOptions = {},
  ): void {
    this.settled((ctx) => deleteTags(ctx, resourceIds, tags, options));
  }
  describeTags(filters?: Filter[]): TagDescription[] {
    return this.settled((ctx) => describeTags(ctx.state, filters));
  }

  // Route tables
  createRouteTable(input: { vpcId: string; tags?: Tag[] | undefined }): RouteTableView {
    return this.settled((ctx) => routeTableView(ctx, createRouteTable(ctx, input)));
  }
  deleteRouteTable(routeTableId: string): void {
    this.settled((ctx) => deleteRouteTable(ctx, routeTableId));
  }
  describeRouteTables(input: { routeTableIds?: string[]; filters?: Filter[] } = {}): RouteTableView[] {
    return this.settled((ctx) => describeRouteTables(ctx, input));
  }
  associateRouteTable(input: { routeTableId: string; subnetId: string }): RouteTableAssociationRecord {
    return this.settled((ctx) => associateRouteTable(ctx, input));
  }
  disassociateRouteTable(associationId: string): void {
    this.settled((ctx) => disassociateRouteTable(ctx, associationId));
  }
  replaceRouteTableAssociation(input: {
    associationId: string;
    routeTableId: string;
  }): RouteTableAssociationRecord {
    return this.settled((ctx) => replaceRouteTableAssociation(ctx, input));
  }
  createRoute(input: { routeTableId: string; destinationCidrBlock: string } & RouteTarget): void {
    this.settled((ctx) => createRoute(ctx, input));
  }
  /** The table a subnet routes by (explicit association, else the VPC's main table). */
  routeTableForSubnet(subnetId: string): RouteTableView | undefined {
    return this.settled((ctx) => {
      const table = effectiveRouteTable(ctx.state, subnetId);
      return table && routeTableView(ctx, table);
    });
  }

  // NAT gateways
  createNatGateway(input: {
    subnetId: string;
    connectivityType?: string | undefined;
    allocationId?: string | undefined;
    privateIpAddress?: string | undefined;
    tags?: Tag[] | undefined;
  }): NatGatewayView {
    return this.settled((ctx) => natGatewayView(ctx, createNatGateway(ctx, input)));
  }
  describeNatGateways(input: { natGatewayIds?: string[]; filters?: Filter[] } = {}): NatGatewayView[] {
    return this.settled((ctx) => describeNatGateways(ctx, input));
  }

  // Security groups
  createSecurityGroup(input: {
    groupName: string;
    description: string;
    vpcId: string;
    tags?: Tag[] | undefined;
  }): SecurityGroupView {
    return this.settled((ctx) => securityGroupView(ctx, createSecurityGroup(ctx, input)));
  }
  describeSecurityGroups(
    input: { groupIds?: string[]; groupNames?: string[]; filters?: Filter[] } = {},
  ): SecurityGroupView[] {
    return this.settled((ctx) => describeSecurityGroups(ctx, input));
  }
  /** Authorize{Ingress,Egress}: the new rules, one per peer; all or none are added. */
  authorizeSecurityGroupRules(input: {
    groupId: string;
    isEgress: boolean;
    permissions: PermissionInput[];
    tags?: Tag[] | undefined;
  }): SecurityGroupRuleView[] {
    return this.settled((ctx) =>
      authorizeRules(ctx, { ...input, group: requireSecurityGroup(ctx.state, input.groupId) }).map((r) =>
        securityGroupRuleView(ctx, r),
      ),
    );
  }
  /** Revoke{Ingress,Egress} by permissions or by rule IDs: the revoked rules. */
  revokeSecurityGroupRules(input: {
    groupId: string;
    isEgress: boolean;
    permissions?: PermissionInput[] | undefined;
    ruleIds?: string[] | undefined;
  }): SecurityGroupRuleView[] {
    return this.settled((ctx) =>
      revokeRules(ctx, { ...input, group: requireSecurityGroup(ctx.state, input.groupId) }).map((r) => ({
        ...r,
        groupOwnerId: ctx.env.accountId,
        securityGroupRuleArn: '',
        tags: [],
      })),
    );
  }
  describeSecurityGroupRules(
    input: { ruleIds?: string[] | undefined; filters?: Filter[] | undefined } = {},
  ): SecurityGroupRuleView[] {
    return this.settled((ctx) => describeSecurityGroupRules(ctx, input));
  }
  /** Whether the groups of both ends let a flow through (the simulation's DNS and node-to-pod checks). */
  securityGroupsAllow(flow: Flow): boolean {
    return flowAllowed(this.ctx.state, flow);
  }
}
