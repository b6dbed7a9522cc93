/**
 * Which traffic security groups admit, for the simulation: a flow from an interface (its address and
 * groups) to another passes when some outbound rule of the source's groups and some inbound rule of
 * the destination's groups match it. Groups are stateful, so replies need no rule. Pure.
 */
import { contains, parseCidr, parseIPv4 } from '../../../shared/cidr/index.js';
import { rulesOf } from './security-group-rules.js';
import type { Ec2State, SecurityGroupRuleRecord } from './types.js';

export interface FlowEnd {
  ip: string;
  groupIds: readonly string[];
}

export interface Flow {
  /** `tcp` or `udp` (or `icmp`). */
  protocol: string;
  port: number;
  from: FlowEnd;
  to: FlowEnd;
}

function matches(rule: SecurityGroupRuleRecord, protocol: string, port: number, peer: FlowEnd): boolean {
  if (rule.ipProtocol !== '-1') {
    if (rule.ipProtocol !== protocol) return false;
    if ((protocol === 'tcp' || protocol === 'udp') && (port < rule.fromPort || port > rule.toPort))
      return false;
  }
  if (rule.referencedGroupId) return peer.groupIds.includes(rule.referencedGroupId);
  if (rule.cidrIpv4) return contains(parseCidr(rule.cidrIpv4), parseIPv4(peer.ip));
  return false;
}

const anyRule = (
  state: Ec2State,
  groupIds: readonly string[],
  egress: boolean,
  ok: (r: SecurityGroupRuleRecord) => boolean,
) => groupIds.some((g) => rulesOf(state, g, egress).some(ok));

/** True when the source's outbound rules and the destination's inbound rules both allow the flow. */
export function flowAllowed(state: Ec2State, flow: Flow): boolean {
  return (
    anyRule(state, flow.from.groupIds, true, (r) => matches(r, flow.protocol, flow.port, flow.to)) &&
    anyRule(state, flow.to.groupIds, false, (r) => matches(r, flow.protocol, flow.port, flow.from))
  );
}
