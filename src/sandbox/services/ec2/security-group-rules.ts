/**
 * Security group rules: Authorize/Revoke Ingress/Egress and DescribeSecurityGroupRules. EC2 keeps one
 * rule (`sgr-...`) per peer: a permission naming two CIDRs and a group is three rules. Validation is
 * EC2's (protocols, port ranges, duplicates, the 60-rules-per-direction quota, unknown peers) and a
 * request is applied whole or not at all. Which traffic the rules admit is `security-group-flow.ts`.
 */
import { formatCidr, parseCidr } from '../../../shared/cidr/index.js';
import {
  InvalidGroupNotFound,
  InvalidParameterValue,
  InvalidPermissionDuplicate,
  InvalidPermissionNotFound,
  InvalidSecurityGroupRuleIdMalformed,
  InvalidSecurityGroupRuleIdNotFound,
  MissingParameter,
  RulesPerSecurityGroupLimitExceeded,
} from './errors.js';
import { applyFilters, type Filter, type FilterSpec } from './filters.js';
import { setTags, tagsOf } from './tags.js';
import type {
  Ec2Context,
  Ec2State,
  IpPermissionRecord,
  SecurityGroupRecord,
  SecurityGroupRuleRecord,
  Tag,
} from './types.js';

/** Inbound and outbound rules per group, each (EC2's default quota, "Amazon VPC quotas"). */
export const MAX_RULES_PER_DIRECTION = 60;

/** A permission as a request states it (`IpPermissions.N`): a protocol, ports and its peers. */
export interface PermissionInput {
  ipProtocol: string;
  fromPort?: number | undefined;
  toPort?: number | undefined;
  ipRanges: { cidrIp: string; description?: string | undefined }[];
  groups: { groupId: string; description?: string | undefined }[];
}

export interface SecurityGroupRuleView extends SecurityGroupRuleRecord {
  groupOwnerId: string;
  securityGroupRuleArn: string;
  tags: Tag[];
}

const PROTOCOL_NUMBERS: Record<string, string> = { '1': 'icmp', '6': 'tcp', '17': 'udp', '58': 'icmpv6' };
const NAMED = new Set(['tcp', 'udp', 'icmp', 'icmpv6', '-1']);

/** EC2 stores `tcp` for `TCP` or `6`, and any other protocol number (0-255) as given. */
export function normaliseProtocol(raw: string): string {
  const lower = raw.trim().toLowerCase();
  if (NAMED.has(lower)) return lower;
  if (/^\d{1,3}$/.test(lower) && Number(lower) <= 255)
    return PROTOCOL_NUMBERS[String(Number(lower))] ?? lower;
  throw new InvalidParameterValue(`Invalid value '${raw}' for IP protocol. Unknown protocol.`);
}

function portRange(protocol: string, from: number | undefined, to: number | undefined): [number, number] {
  if (protocol === 'tcp' || protocol === 'udp') {
    if (from === undefined || to === undefined) {
      throw new InvalidParameterValue(
        `Invalid value for portRange. Must specify both from and to ports with TCP/UDP.`,
      );
    }
    for (const [name, port] of [
      ['fromPort', from],
      ['toPort', to],
    ] as const) {
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new InvalidParameterValue(`Invalid value '${port}' for ${name}. Valid ports are 0 to 65535.`);
    }
    if (from > to)
      throw new InvalidParameterValue(`Invalid TCP/UDP port range: ${from} is greater than ${to}.`);
    return [from, to];
  }
  if (protocol === 'icmp' || protocol === 'icmpv6') {
    const type = from ?? -1;
    const code = to ?? -1;
    if (type < -1 || type > 255) throw new InvalidParameterValue(`Invalid value '${type}' for ICMP type.`);
    if (code < -1 || code > 255) throw new InvalidParameterValue(`Invalid value '${code}' for ICMP code.`);
    return [type, code];
  }
  // All protocols, or one without ports: every port.
  return [-1, -1];
}

function normaliseCidr(text: string): string {
  try {
    return formatCidr(parseCidr(text, { strict: false }));
  } catch {
    throw new InvalidParameterValue(`CIDR block ${text} is malformed`);
  }
}

type RuleDraft = Omit<SecurityGroupRuleRecord, 'ruleId'>;

/** The rules a list of permissions stands for, validated, one per peer. */
function draftsOf(
  state: Ec2State,
  group: SecurityGroupRecord,
  isEgress: boolean,
  permissions: readonly PermissionInput[],
): RuleDraft[] {
  if (permissions.length === 0) {
    throw new MissingParameter('The request must contain the parameter ipPermissions');
  }
  return permissions.flatMap((p) => {
    const ipProtocol = normaliseProtocol(p.ipProtocol);
    const [fromPort, toPort] = portRange(ipProtocol, p.fromPort, p.toPort);
    if (p.ipRanges.length === 0 && p.groups.length === 0) {
      throw new MissingParameter('Each permission must name a CIDR range or a security group as its peer');
    }
    const base = { groupId: group.groupId, isEgress, ipProtocol, fromPort, toPort };
    const check = (d?: string) => {
      if (d !== undefined && d.length > 255)
        throw new InvalidParameterValue('Invalid rule description. Length exceeds maximum of 255');
      return d;
    };
    return [
      ...p.ipRanges.map((r) => ({
        ...base,
        cidrIpv4: normaliseCidr(r.cidrIp),
        description: check(r.description),
      })),
      ...p.groups.map((g) => {
        const peer = state.securityGroups[g.groupId];
        if (!peer || peer.vpcId !== group.vpcId) throw new InvalidGroupNotFound(g.groupId);
        return { ...base, referencedGroupId: g.groupId, description: check(g.description) };
      }),
    ];
  });
}

const sameRule = (a: RuleDraft, b: RuleDraft) =>
  a.groupId === b.groupId &&
  a.isEgress === b.isEgress &&
  a.ipProtocol === b.ipProtocol &&
  a.fromPort === b.fromPort &&
  a.toPort === b.toPort &&
  a.cidrIpv4 === b.cidrIpv4 &&
  a.referencedGroupId === b.referencedGroupId;

/** The rule as EC2 names it in `InvalidPermission.Duplicate`. */
function describeRule(r: RuleDraft): string {
  const peer = r.cidrIpv4 ?? r.referencedGroupId ?? '';
  if (r.ipProtocol === '-1') return `peer: ${peer}, ALL, ALLOW`;
  return `peer: ${peer}, ${r.ipProtocol.toUpperCase()}, from port: ${r.fromPort}, to port: ${r.toPort}, ALLOW`;
}

/** The group's rules of one direction, in the order they were authorised. */
export function rulesOf(state: Ec2State, groupId: string, isEgress?: boolean): SecurityGroupRuleRecord[] {
  return Object.values(state.securityGroupRules).filter(
    (r) => r.groupId === groupId && (isEgress === undefined || r.isEgress === isEgress),
  );
}

export function authorizeRules(
  ctx: Ec2Context,
  input: {
    group: SecurityGroupRecord;
    isEgress: boolean;
    permissions: readonly PermissionInput[];
    tags?: Tag[] | undefined;
  },
): SecurityGroupRuleRecord[] {
  const { state, env } = ctx;
  const existing = rulesOf(state, input.group.groupId, input.isEgress);
  const drafts = draftsOf(state, input.group, input.isEgress, input.permissions);
  drafts.forEach((d, i) => {
    if (existing.some((r) => sameRule(r, d)) || drafts.slice(0, i).some((o) => sameRule(o, d)))
      throw new InvalidPermissionDuplicate(describeRule(d));
  });
  if (existing.length + drafts.length > MAX_RULES_PER_DIRECTION)
    throw new RulesPerSecurityGroupLimitExceeded();
  return drafts.map((d) => {
    const rule: SecurityGroupRuleRecord = { ruleId: env.ids.next('sgr'), ...d };
    if (rule.description === undefined) delete rule.description;
    state.securityGroupRules[rule.ruleId] = rule;
    if (input.tags) setTags(ctx, rule.ruleId, input.tags);
    return rule;
  });
}

function checkRuleId(id: string): void {
  if (!/^sgr-[0-9a-f]{8,17}$/.test(id)) throw new InvalidSecurityGroupRuleIdMalformed(id);
}

/** Revokes by permissions or by rule IDs; in a (non-default) VPC one unknown rule revokes nothing. */
export function revokeRules(
  ctx: Ec2Context,
  input: {
    group: SecurityGroupRecord;
    isEgress: boolean;
    permissions?: readonly PermissionInput[] | undefined;
    ruleIds?: readonly string[] | undefined;
  },
): SecurityGroupRuleRecord[] {
  const { state } = ctx;
  const existing = rulesOf(state, input.group.groupId, input.isEgress);
  let revoked: SecurityGroupRuleRecord[];
  if (input.ruleIds && input.ruleIds.length > 0) {
    input.ruleIds.forEach(checkRuleId);
    const unknown = input.ruleIds.filter((id) => !existing.some((r) => r.ruleId === id));
    if (unknown.length > 0) throw new InvalidSecurityGroupRuleIdNotFound(...unknown);
    revoked = existing.filter((r) => input.ruleIds?.includes(r.ruleId));
  } else {
    const drafts = draftsOf(state, input.group, input.isEgress, input.permissions ?? []);
    revoked = drafts.map((d) => {
      const found = existing.find((r) => sameRule(r, d));
      if (!found) throw new InvalidPermissionNotFound();
      return found;
    });
  }
  for (const r of revoked) {
    delete state.securityGroupRules[r.ruleId];
    delete state.tags[r.ruleId];
  }
  return revoked;
}

/** Removes every rule of a group being deleted, and every rule elsewhere that references it. */
export function deleteGroupRules(state: Ec2State, groupId: string): void {
  for (const r of Object.values(state.securityGroupRules)) {
    if (r.groupId === groupId || r.referencedGroupId === groupId) {
      delete state.securityGroupRules[r.ruleId];
      delete state.tags[r.ruleId];
    }
  }
}

/** DescribeSecurityGroups' grouping: one permission per protocol and port range, peers in rule order. */
export function ipPermissionsOf(rules: readonly SecurityGroupRuleRecord[]): IpPermissionRecord[] {
  const out: IpPermissionRecord[] = [];
  for (const r of rules) {
    let p = out.find(
      (q) =>
        q.ipProtocol === r.ipProtocol && (q.fromPort ?? -1) === r.fromPort && (q.toPort ?? -1) === r.toPort,
    );
    if (!p) {
      p =
        r.ipProtocol === '-1'
          ? { ipProtocol: '-1', ipRanges: [], groupIds: [] }
          : { ipProtocol: r.ipProtocol, fromPort: r.fromPort, toPort: r.toPort, ipRanges: [], groupIds: [] };
      out.push(p);
    }
    if (r.cidrIpv4) p.ipRanges.push({ cidrIp: r.cidrIpv4, description: r.description });
    if (r.referencedGroupId) p.groupIds.push({ groupId: r.referencedGroupId, description: r.description });
  }
  return out;
}

export function securityGroupRuleView(ctx: Ec2Context, rule: SecurityGroupRuleRecord): SecurityGroupRuleView {
  const { env, state } = ctx;
  return {
    ...rule,
    groupOwnerId: env.accountId,
    securityGroupRuleArn: `arn:aws:ec2:${env.region}:${env.accountId}:security-group-rule/${rule.ruleId}`,
    tags: tagsOf(state, rule.ruleId),
  };
}

const ruleFilters: FilterSpec<SecurityGroupRuleView> = {
  'group-id': (r) => r.groupId,
  'security-group-rule-id': (r) => r.ruleId,
};

export function describeSecurityGroupRules(
  ctx: Ec2Context,
  input: { ruleIds?: string[] | undefined; filters?: Filter[] | undefined },
): SecurityGroupRuleView[] {
  const { state } = ctx;
  const ids = [...new Set(input.ruleIds ?? [])];
  ids.forEach(checkRuleId);
  const unknown = ids.filter((id) => !state.securityGroupRules[id]);
  if (unknown.length > 0) throw new InvalidSecurityGroupRuleIdNotFound(...unknown);
  const rules =
    ids.length > 0 ? ids.map((id) => state.securityGroupRules[id]!) : Object.values(state.securityGroupRules);
  return applyFilters(
    rules.map((r) => securityGroupRuleView(ctx, r)),
    input.filters,
    ruleFilters,
    (r) => r.tags,
  );
}
