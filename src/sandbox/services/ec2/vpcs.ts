/**
 * VPCs and their IPv4 CIDR blocks. The association rules (size, restricted ranges, overlap, route
 * destinations, quota) come from the shared facts so the planner and the sandbox apply the same
 * ones; this module keeps the states: `associating` -> `associated` after `timing.cidrAssociate`,
 * `disassociating` -> gone after `timing.cidrDisassociate`. Every block has a `local` route in every
 * route table of the VPC from the moment it is associated.
 */
import { checkVpcCidrAssociation, checkVpcCidrBlock } from '../../../shared/aws-facts/index.js';
import { overlaps, parseCidr } from '../../../shared/cidr/index.js';
import {
  CidrRuleViolation,
  DependencyViolation,
  IncorrectState,
  InvalidCidrBlockInUse,
  InvalidVpcCidrBlockAssociationIdNotFound,
  InvalidVpcIdNotFound,
  OperationNotPermitted,
} from './errors.js';
import { noteDue, vpcDueAt } from './due-transitions.js';
import { applyFilters, type Filter, type FilterSpec } from './filters.js';
import { liveCidrs, requireVpc } from './lookups.js';

export { liveCidrs, requireVpc };
import { addLocalRoute, createRouteTableRecord, removeLocalRoute } from './route-tables.js';
import { deleteGroupRules } from './security-group-rules.js';
import { createDefaultSecurityGroup } from './security-groups.js';
import { setTags, tagsOf } from './tags.js';
import type { CidrAssociation, Ec2Context, Ec2State, Tag, VpcRecord } from './types.js';

/** Default quota of IPv4 blocks per VPC, primary included (VPC quotas page; adjustable to 50). */
export const DEFAULT_CIDR_QUOTA = 5;

export interface VpcView extends VpcRecord {
  ownerId: string;
  state: 'available';
  isDefault: boolean;
  tags: Tag[];
}

export function createVpc(
  ctx: Ec2Context,
  input: { cidrBlock: string; instanceTenancy?: string | undefined; tags?: Tag[] | undefined },
): VpcRecord {
  const rule = checkVpcCidrBlock(input.cidrBlock);
  if (!rule.ok) throw new CidrRuleViolation(rule.code, rule.message);
  const cidrBlock = rule.cidr;
  const { env, state } = ctx;
  const vpcId = env.ids.next('vpc');
  const vpc: VpcRecord = {
    vpcId,
    cidrBlock,
    cidrAssociations: [{ associationId: env.ids.next('vpc-cidr-assoc'), cidrBlock, state: 'associated' }],
    dhcpOptionsId: dhcpOptionsIdOf(state, ctx),
    instanceTenancy: input.instanceTenancy ?? 'default',
    mainRouteTableId: '',
    defaultSecurityGroupId: '',
    createdAt: env.clock.now(),
  };
  if (input.tags) setTags(ctx, vpcId, input.tags);
  state.vpcs[vpcId] = vpc;
  vpc.mainRouteTableId = createRouteTableRecord(ctx, vpc, true).routeTableId;
  vpc.defaultSecurityGroupId = createDefaultSecurityGroup(ctx, vpcId).groupId;
  return vpc;
}

/** The account's one DHCP options set (AWS creates it with the default VPC). */
function dhcpOptionsIdOf(state: Ec2State, ctx: Ec2Context): string {
  const existing = Object.values(state.vpcs)[0]?.dhcpOptionsId;
  return existing ?? ctx.env.ids.next('dopt');
}

/** Refused while anything the user created still lives in the VPC (EC2 deletes only the defaults). */
export function deleteVpc(ctx: Ec2Context, vpcId: string): void {
  const { state } = ctx;
  const vpc = requireVpc(state, vpcId);
  const inVpc = (r: { vpcId: string }) => r.vpcId === vpcId;
  const dependent =
    Object.values(state.subnets).some(inVpc) ||
    Object.values(state.networkInterfaces).some(inVpc) ||
    Object.values(state.natGateways).some((n) => inVpc(n) && n.state !== 'deleted') ||
    Object.values(state.routeTables).some((r) => inVpc(r) && r.routeTableId !== vpc.mainRouteTableId) ||
    Object.values(state.securityGroups).some((g) => inVpc(g) && g.groupId !== vpc.defaultSecurityGroupId);
  if (dependent) throw new DependencyViolation('vpc', vpcId);
  for (const id of [vpc.mainRouteTableId, vpc.defaultSecurityGroupId, vpcId]) delete state.tags[id];
  delete state.routeTables[vpc.mainRouteTableId];
  deleteGroupRules(state, vpc.defaultSecurityGroupId);
  delete state.securityGroups[vpc.defaultSecurityGroupId];
  delete state.vpcs[vpcId];
}

/** Non-local route destinations of every route table in the VPC (a new block may not cover one). */
function routeDestinations(state: Ec2State, vpcId: string): string[] {
  return Object.values(state.routeTables)
    .filter((t) => t.vpcId === vpcId)
    .flatMap((t) => t.routes.filter((r) => r.gatewayId !== 'local').map((r) => r.destinationCidrBlock));
}

export function associateVpcCidrBlock(
  ctx: Ec2Context,
  input: { vpcId: string; cidrBlock: string; quota?: number | undefined },
): { vpcId: string; association: CidrAssociation } {
  const { env, state } = ctx;
  const vpc = requireVpc(state, input.vpcId);
  const rule = checkVpcCidrAssociation({
    vpcId: vpc.vpcId,
    cidr: input.cidrBlock,
    vpcCidrs: vpc.cidrAssociations.map((a) => ({ cidr: a.cidrBlock, state: a.state })),
    routeDestinations: routeDestinations(state, vpc.vpcId),
    quota: input.quota ?? DEFAULT_CIDR_QUOTA,
  });
  if (!rule.ok) throw new CidrRuleViolation(rule.code, rule.message);
  const cidrBlock = rule.cidr;
  const association: CidrAssociation = {
    associationId: env.ids.next('vpc-cidr-assoc'),
    cidrBlock,
    state: 'associating',
    dueAt: env.clock.now() + env.timing.cidrAssociate,
  };
  vpc.cidrAssociations.push(association);
  noteDue(state, 'vpc', vpc.vpcId, vpcDueAt(vpc));
  for (const table of Object.values(state.routeTables)) {
    if (table.vpcId === vpc.vpcId) addLocalRoute(table, cidrBlock);
  }
  return { vpcId: vpc.vpcId, association: { ...association } };
}

export function findCidrAssociation(
  state: Ec2State,
  associationId: string,
): { vpc: VpcRecord; association: CidrAssociation } | undefined {
  for (const vpc of Object.values(state.vpcs)) {
    const association = vpc.cidrAssociations.find((a) => a.associationId === associationId);
    if (association) return { vpc, association };
  }
  return undefined;
}

export function disassociateVpcCidrBlock(
  ctx: Ec2Context,
  associationId: string,
): { vpcId: string; association: CidrAssociation } {
  const { env, state } = ctx;
  const found = findCidrAssociation(state, associationId);
  if (!found || found.association.state === 'disassociated') {
    throw new InvalidVpcCidrBlockAssociationIdNotFound(associationId);
  }
  const { vpc, association } = found;
  if (association.associationId === vpc.cidrAssociations[0]?.associationId) {
    throw new OperationNotPermitted(
      `The vpc CIDR block with association ID ${associationId} may not be disassociated. It is the primary IPv4 CIDR block of the VPC`,
    );
  }
  if (association.state !== 'associated') {
    throw new IncorrectState(
      `The CIDR block association ${associationId} is in the ${association.state} state and cannot be disassociated.`,
    );
  }
  const block = parseCidr(association.cidrBlock);
  const inUse = Object.values(state.subnets).some(
    (s) => s.vpcId === vpc.vpcId && overlaps(block, parseCidr(s.cidrBlock)),
  );
  if (inUse) throw new InvalidCidrBlockInUse(vpc.vpcId, association.cidrBlock);
  association.state = 'disassociating';
  association.dueAt = env.clock.now() + (env.timing.cidrDisassociate ?? env.timing.cidrAssociate);
  noteDue(state, 'vpc', vpc.vpcId, vpcDueAt(vpc));
  return { vpcId: vpc.vpcId, association: { ...association } };
}

/** Completes the VPC's CIDR transitions due by `now` (its key came off the due queue). */
export function tickVpc(ctx: Ec2Context, vpcId: string, now: number): boolean {
  const vpc = ctx.state.vpcs[vpcId];
  if (!vpc) return false;
  let changed = false;
  for (const association of vpc.cidrAssociations) {
    if (association.dueAt === undefined || association.dueAt > now) continue;
    if (association.state === 'associating') association.state = 'associated';
    else if (association.state === 'disassociating') association.state = 'disassociated';
    association.dueAt = undefined;
    changed = true;
  }
  const gone = vpc.cidrAssociations.filter((a) => a.state === 'disassociated');
  if (gone.length > 0) {
    // EC2 lists a disassociated block for a while; we drop it with its local routes at once.
    vpc.cidrAssociations = vpc.cidrAssociations.filter((a) => a.state !== 'disassociated');
    for (const table of Object.values(ctx.state.routeTables)) {
      if (table.vpcId !== vpc.vpcId) continue;
      for (const a of gone) removeLocalRoute(table, a.cidrBlock);
    }
    changed = true;
  }
  noteDue(ctx.state, 'vpc', vpcId, vpcDueAt(vpc));
  return changed;
}

const vpcFilters: FilterSpec<VpcView> = {
  'vpc-id': (v) => v.vpcId,
  cidr: (v) => v.cidrBlock,
  'cidr-block': (v) => v.cidrBlock,
  'cidr-block-association.cidr-block': (v) => v.cidrAssociations.map((a) => a.cidrBlock),
  'cidr-block-association.association-id': (v) => v.cidrAssociations.map((a) => a.associationId),
  'cidr-block-association.state': (v) => v.cidrAssociations.map((a) => a.state),
  state: (v) => v.state,
  'is-default': (v) => v.isDefault,
  isDefault: (v) => v.isDefault,
  'owner-id': (v) => v.ownerId,
  'dhcp-options-id': (v) => v.dhcpOptionsId,
};

export function vpcView(ctx: Ec2Context, vpc: VpcRecord): VpcView {
  return {
    ...vpc,
    cidrAssociations: vpc.cidrAssociations.map((a) => ({ ...a })),
    ownerId: ctx.env.accountId,
    state: 'available',
    isDefault: false,
    tags: tagsOf(ctx.state, vpc.vpcId),
  };
}

export function describeVpcs(ctx: Ec2Context, input: { vpcIds?: string[]; filters?: Filter[] }): VpcView[] {
  const { state } = ctx;
  const ids = [...new Set(input.vpcIds ?? [])];
  const missing = ids.filter((id) => !state.vpcs[id]);
  if (missing.length > 0) throw new InvalidVpcIdNotFound(...missing);
  const vpcs = (ids.length > 0 ? ids.map((id) => requireVpc(state, id)) : Object.values(state.vpcs)).map(
    (v) => vpcView(ctx, v),
  );
  return applyFilters(vpcs, input.filters, vpcFilters, (v) => v.tags);
}
