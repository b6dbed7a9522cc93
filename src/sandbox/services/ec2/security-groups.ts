/**
 * Security groups: each VPC gets its `default` group (created with the VPC, deleted with it);
 * group names are unique per VPC and may not look like group IDs.
 */
import {
  InvalidGroupDuplicate,
  InvalidGroupNotFound,
  InvalidParameterValue,
  MissingParameter,
} from './errors.js';
import { applyFilters, type Filter, type FilterSpec } from './filters.js';
import { setTags, tagsOf } from './tags.js';
import { authorizeRules, ipPermissionsOf, rulesOf } from './security-group-rules.js';
import type { Ec2Context, Ec2State, IpPermissionRecord, SecurityGroupRecord, Tag } from './types.js';
import { requireVpc } from './lookups.js';

export interface SecurityGroupView extends SecurityGroupRecord {
  ownerId: string;
  securityGroupArn: string;
  tags: Tag[];
  ipPermissions: IpPermissionRecord[];
  ipPermissionsEgress: IpPermissionRecord[];
}

/** Every new group's one outbound rule: all traffic to anywhere. */
function allowAllEgress(ctx: Ec2Context, group: SecurityGroupRecord): void {
  authorizeRules(ctx, {
    group,
    isEgress: true,
    permissions: [{ ipProtocol: '-1', ipRanges: [{ cidrIp: '0.0.0.0/0' }], groups: [] }],
  });
}

export function requireSecurityGroup(state: Ec2State, groupId: string): SecurityGroupRecord {
  const group = state.securityGroups[groupId];
  if (!group) throw new InvalidGroupNotFound(groupId);
  return group;
}

export function createDefaultSecurityGroup(ctx: Ec2Context, vpcId: string): SecurityGroupRecord {
  const groupId = ctx.env.ids.next('sg');
  const group: SecurityGroupRecord = {
    groupId,
    groupName: 'default',
    description: 'default VPC security group',
    vpcId,
  };
  ctx.state.securityGroups[groupId] = group;
  // The default group lets its own members talk to each other.
  authorizeRules(ctx, {
    group,
    isEgress: false,
    permissions: [{ ipProtocol: '-1', ipRanges: [], groups: [{ groupId }] }],
  });
  allowAllEgress(ctx, group);
  return group;
}

export function createSecurityGroup(
  ctx: Ec2Context,
  input: { groupName: string; description: string; vpcId: string; tags?: Tag[] | undefined },
): SecurityGroupRecord {
  const { env, state } = ctx;
  if (!input.description)
    throw new MissingParameter('The request must contain the parameter GroupDescription');
  if (input.groupName.toLowerCase().startsWith('sg-')) {
    throw new InvalidParameterValue('Group names may not be in the format sg-*.');
  }
  if (input.groupName.length > 255) {
    throw new InvalidParameterValue(
      `Invalid value '${input.groupName}' for groupName. Length exceeds maximum of 255`,
    );
  }
  requireVpc(state, input.vpcId);
  const duplicate = Object.values(state.securityGroups).some(
    (g) => g.vpcId === input.vpcId && g.groupName === input.groupName,
  );
  if (duplicate) throw new InvalidGroupDuplicate(input.groupName, input.vpcId);
  const group: SecurityGroupRecord = {
    groupId: env.ids.next('sg'),
    groupName: input.groupName,
    description: input.description,
    vpcId: input.vpcId,
  };
  if (input.tags) setTags(ctx, group.groupId, input.tags);
  state.securityGroups[group.groupId] = group;
  allowAllEgress(ctx, group);
  return group;
}

export function securityGroupView(ctx: Ec2Context, group: SecurityGroupRecord): SecurityGroupView {
  const { env, state } = ctx;
  return {
    ...group,
    ownerId: env.accountId,
    securityGroupArn: `arn:aws:ec2:${env.region}:${env.accountId}:security-group/${group.groupId}`,
    tags: tagsOf(state, group.groupId),
    ipPermissions: ipPermissionsOf(rulesOf(state, group.groupId, false)),
    ipPermissionsEgress: ipPermissionsOf(rulesOf(state, group.groupId, true)),
  };
}

const groupFilters: FilterSpec<SecurityGroupView> = {
  'group-id': (g) => g.groupId,
  'group-name': (g) => g.groupName,
  'vpc-id': (g) => g.vpcId,
  description: (g) => g.description,
  'owner-id': (g) => g.ownerId,
};

export function describeSecurityGroups(
  ctx: Ec2Context,
  input: { groupIds?: string[]; groupNames?: string[]; filters?: Filter[] },
): SecurityGroupView[] {
  const { state } = ctx;
  const ids = [...new Set(input.groupIds ?? [])];
  const missing = ids.filter((id) => !state.securityGroups[id]);
  if (missing.length > 0) throw new InvalidGroupNotFound(...missing);
  let groups =
    ids.length > 0 ? ids.map((id) => requireSecurityGroup(state, id)) : Object.values(state.securityGroups);
  const names = input.groupNames ?? [];
  if (names.length > 0) {
    const unknown = names.filter((n) => !groups.some((g) => g.groupName === n));
    if (unknown.length > 0) throw new InvalidGroupNotFound(...unknown);
    groups = groups.filter((g) => names.includes(g.groupName));
  }
  return applyFilters(
    groups.map((g) => securityGroupView(ctx, g)),
    input.filters,
    groupFilters,
    (g) => g.tags,
  );
}
