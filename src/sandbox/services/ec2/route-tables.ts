/**
 * Route tables: one main table per VPC (created with it, implicitly used by every subnet without an
 * explicit association), a `local` route per VPC CIDR block, at most one explicit association per
 * subnet (`Resource.AlreadyAssociated`), and routes to NAT gateways and other targets.
 */
import { contains, parseCidr } from '../../../shared/cidr/index.js';
import {
  DependencyViolation,
  InvalidAssociationIdNotFound,
  InvalidNatGatewayIdNotFound,
  InvalidParameterValue,
  InvalidRouteTableIdNotFound,
  MissingParameter,
  ResourceAlreadyAssociated,
  RouteAlreadyExists,
} from './errors.js';
import { applyFilters, type Filter, type FilterSpec } from './filters.js';
import { setTags, tagsOf, validateTags } from './tags.js';
import { liveCidrs, requireSubnet, requireVpc } from './lookups.js';
import type {
  Ec2Context,
  Ec2State,
  RouteRecord,
  RouteTarget,
  RouteTableAssociationRecord,
  RouteTableRecord,
  Tag,
  VpcRecord,
} from './types.js';

export interface RouteView extends RouteRecord {
  state: 'active' | 'blackhole';
}

export interface RouteTableView extends Omit<RouteTableRecord, 'routes'> {
  ownerId: string;
  routes: RouteView[];
  tags: Tag[];
}

export function requireRouteTable(state: Ec2State, id: string): RouteTableRecord {
  const table = state.routeTables[id];
  if (!table) throw new InvalidRouteTableIdNotFound(id);
  return table;
}

export function addLocalRoute(table: RouteTableRecord, cidrBlock: string): void {
  if (table.routes.some((r) => r.gatewayId === 'local' && r.destinationCidrBlock === cidrBlock)) return;
  // Local routes come first, in association order, as DescribeRouteTables lists them.
  const lastLocal = table.routes.filter((r) => r.gatewayId === 'local').length;
  table.routes.splice(lastLocal, 0, {
    destinationCidrBlock: cidrBlock,
    gatewayId: 'local',
    origin: 'CreateRouteTable',
  });
}

export function removeLocalRoute(table: RouteTableRecord, cidrBlock: string): void {
  table.routes = table.routes.filter(
    (r) => !(r.gatewayId === 'local' && r.destinationCidrBlock === cidrBlock),
  );
}

/** A new table with a local route for each of the VPC's live blocks; `main` for the VPC's own. */
export function createRouteTableRecord(ctx: Ec2Context, vpc: VpcRecord, main: boolean): RouteTableRecord {
  const { env, state } = ctx;
  const table: RouteTableRecord = {
    routeTableId: env.ids.next('rtb'),
    vpcId: vpc.vpcId,
    routes: [],
    associations: main ? [{ routeTableAssociationId: env.ids.next('rtbassoc'), main: true }] : [],
  };
  for (const a of liveCidrs(vpc)) addLocalRoute(table, a.cidrBlock);
  state.routeTables[table.routeTableId] = table;
  return table;
}

export function createRouteTable(
  ctx: Ec2Context,
  input: { vpcId: string; tags?: Tag[] | undefined },
): RouteTableRecord {
  const vpc = requireVpc(ctx.state, input.vpcId);
  if (input.tags) validateTags(input.tags);
  const table = createRouteTableRecord(ctx, vpc, false);
  if (input.tags) setTags(ctx, table.routeTableId, input.tags);
  return table;
}

export function deleteRouteTable(ctx: Ec2Context, routeTableId: string): void {
  const table = requireRouteTable(ctx.state, routeTableId);
  if (table.associations.length > 0) throw new DependencyViolation('routeTable', routeTableId);
  delete ctx.state.routeTables[routeTableId];
  delete ctx.state.tags[routeTableId];
}

function findAssociation(
  state: Ec2State,
  associationId: string,
): { table: RouteTableRecord; association: RouteTableAssociationRecord } {
  for (const table of Object.values(state.routeTables)) {
    const association = table.associations.find((a) => a.routeTableAssociationId === associationId);
    if (association) return { table, association };
  }
  throw new InvalidAssociationIdNotFound(associationId);
}

/** The explicit association of a subnet, if any. */
export function subnetAssociation(
  state: Ec2State,
  subnetId: string,
): { table: RouteTableRecord; association: RouteTableAssociationRecord } | undefined {
  for (const table of Object.values(state.routeTables)) {
    const association = table.associations.find((a) => a.subnetId === subnetId);
    if (association) return { table, association };
  }
  return undefined;
}

/** The table a subnet routes by: its explicit association, else its VPC's main table. */
export function effectiveRouteTable(state: Ec2State, subnetId: string): RouteTableRecord | undefined {
  const explicit = subnetAssociation(state, subnetId);
  if (explicit) return explicit.table;
  const subnet = state.subnets[subnetId];
  const vpc = subnet && state.vpcs[subnet.vpcId];
  return vpc ? state.routeTables[vpc.mainRouteTableId] : undefined;
}

export function associateRouteTable(
  ctx: Ec2Context,
  input: { routeTableId: string; subnetId: string },
): RouteTableAssociationRecord {
  const { env, state } = ctx;
  const table = requireRouteTable(state, input.routeTableId);
  const subnet = requireSubnet(state, input.subnetId);
  if (subnet.vpcId !== table.vpcId) {
    throw new InvalidParameterValue(
      `Route table ${table.routeTableId} and subnet ${subnet.subnetId} belong to different networks`,
    );
  }
  if (subnetAssociation(state, subnet.subnetId)) throw new ResourceAlreadyAssociated(table.routeTableId);
  const association = {
    routeTableAssociationId: env.ids.next('rtbassoc'),
    subnetId: subnet.subnetId,
    main: false,
  };
  table.associations.push(association);
  return { ...association };
}

export function disassociateRouteTable(ctx: Ec2Context, associationId: string): void {
  const { table, association } = findAssociation(ctx.state, associationId);
  if (association.main) {
    throw new InvalidParameterValue(`cannot disassociate the main route table association ${associationId}`);
  }
  table.associations = table.associations.filter((a) => a !== association);
}

/** Moves an association (explicit or main) to another table of the same VPC; returns the new ID. */
export function replaceRouteTableAssociation(
  ctx: Ec2Context,
  input: { associationId: string; routeTableId: string },
): RouteTableAssociationRecord {
  const { env, state } = ctx;
  const { table, association } = findAssociation(state, input.associationId);
  const target = requireRouteTable(state, input.routeTableId);
  if (target.vpcId !== table.vpcId) {
    throw new InvalidParameterValue(
      `Route table ${target.routeTableId} and association ${input.associationId} belong to different networks`,
    );
  }
  table.associations = table.associations.filter((a) => a !== association);
  const moved = { ...association, routeTableAssociationId: env.ids.next('rtbassoc') };
  target.associations.push(moved);
  if (moved.main) {
    const vpc = state.vpcs[target.vpcId];
    if (vpc) vpc.mainRouteTableId = target.routeTableId;
  }
  return { ...moved };
}

export type { RouteTarget };

export function createRoute(
  ctx: Ec2Context,
  input: { routeTableId: string; destinationCidrBlock: string } & RouteTarget,
): void {
  const { state } = ctx;
  const table = requireRouteTable(state, input.routeTableId);
  let destination;
  try {
    destination = parseCidr(input.destinationCidrBlock);
  } catch {
    throw new InvalidParameterValue(
      `Value (${input.destinationCidrBlock}) for parameter destinationCidrBlock is invalid. This is not a valid CIDR block.`,
    );
  }
  const targets = [
    input.gatewayId,
    input.natGatewayId,
    input.networkInterfaceId,
    input.instanceId,
    input.vpcPeeringConnectionId,
    input.transitGatewayId,
  ].filter((t) => t !== undefined);
  if (targets.length === 0) {
    throw new MissingParameter(
      'The request must contain exactly one of gatewayId, natGatewayId, networkInterfaceId, vpcPeeringConnectionId, transitGatewayId or instanceId',
    );
  }
  if (targets.length > 1) {
    throw new InvalidParameterValue(
      'The request must contain exactly one of gatewayId, natGatewayId, networkInterfaceId, vpcPeeringConnectionId, transitGatewayId or instanceId',
    );
  }
  if (input.natGatewayId !== undefined && !state.natGateways[input.natGatewayId]) {
    throw new InvalidNatGatewayIdNotFound(input.natGatewayId);
  }
  if (table.routes.some((r) => r.destinationCidrBlock === input.destinationCidrBlock)) {
    throw new RouteAlreadyExists(input.destinationCidrBlock);
  }
  const vpc = state.vpcs[table.vpcId];
  const insideVpc = vpc && liveCidrs(vpc).some((a) => contains(parseCidr(a.cidrBlock), destination));
  if (insideVpc && input.networkInterfaceId === undefined && input.instanceId === undefined) {
    throw new InvalidParameterValue(
      `The destination CIDR block ${input.destinationCidrBlock} is equal to or more specific than one of this VPC's CIDR blocks. This route can target only an interface or an instance.`,
    );
  }
  table.routes.push({
    destinationCidrBlock: input.destinationCidrBlock,
    gatewayId: input.gatewayId,
    natGatewayId: input.natGatewayId,
    networkInterfaceId: input.networkInterfaceId,
    instanceId: input.instanceId,
    vpcPeeringConnectionId: input.vpcPeeringConnectionId,
    transitGatewayId: input.transitGatewayId,
    origin: 'CreateRoute',
  });
}

function routeView(state: Ec2State, route: RouteRecord): RouteView {
  const nat = route.natGatewayId ? state.natGateways[route.natGatewayId] : undefined;
  const blackhole =
    route.natGatewayId !== undefined && (!nat || nat.state === 'deleted' || nat.state === 'failed');
  return { ...route, state: blackhole ? 'blackhole' : 'active' };
}

export function routeTableView(ctx: Ec2Context, table: RouteTableRecord): RouteTableView {
  return {
    ...table,
    associations: table.associations.map((a) => ({ ...a })),
    routes: table.routes.map((r) => routeView(ctx.state, r)),
    ownerId: ctx.env.accountId,
    tags: tagsOf(ctx.state, table.routeTableId),
  };
}

const routeTableFilters: FilterSpec<RouteTableView> = {
  'route-table-id': (t) => t.routeTableId,
  'vpc-id': (t) => t.vpcId,
  'owner-id': (t) => t.ownerId,
  'association.subnet-id': (t) => t.associations.map((a) => a.subnetId),
  'association.main': (t) => t.associations.map((a) => a.main),
  'association.route-table-association-id': (t) => t.associations.map((a) => a.routeTableAssociationId),
  'association.route-table-id': (t) => (t.associations.length > 0 ? t.routeTableId : undefined),
  'association.association-state': (t) => t.associations.map(() => 'associated'),
  'route.destination-cidr-block': (t) => t.routes.map((r) => r.destinationCidrBlock),
  'route.gateway-id': (t) => t.routes.map((r) => r.gatewayId),
  'route.nat-gateway-id': (t) => t.routes.map((r) => r.natGatewayId),
  'route.instance-id': (t) => t.routes.map((r) => r.instanceId),
  'route.origin': (t) => t.routes.map((r) => r.origin),
  'route.state': (t) => t.routes.map((r) => r.state),
  'route.vpc-peering-connection-id': (t) => t.routes.map((r) => r.vpcPeeringConnectionId),
  'route.transit-gateway-id': (t) => t.routes.map((r) => r.transitGatewayId),
};

export function describeRouteTables(
  ctx: Ec2Context,
  input: { routeTableIds?: string[]; filters?: Filter[] },
): RouteTableView[] {
  const { state } = ctx;
  const ids = [...new Set(input.routeTableIds ?? [])];
  const missing = ids.filter((id) => !state.routeTables[id]);
  if (missing.length > 0) throw new InvalidRouteTableIdNotFound(...missing);
  const tables =
    ids.length > 0 ? ids.map((id) => requireRouteTable(state, id)) : Object.values(state.routeTables);
  return applyFilters(
    tables.map((t) => routeTableView(ctx, t)),
    input.filters,
    routeTableFilters,
    (t) => t.tags,
  );
}
