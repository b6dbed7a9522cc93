/**
 * Network rules checked before anything is done: the block against AssociateVpcCidrBlock's rules and
 * quota, the pod subnets against CreateSubnet's, the zones against the region's, the security groups
 * against the VPC's, and the route to the internet pods need. Pure.
 */
import {
  checkSubnetCidr,
  checkVpcCidrAssociation,
  specialPurposeRangeOf,
} from '../../shared/aws-facts/index.js';
import type { ClusterSnapshot } from '../discover/snapshot.js';
import {
  cidrContains,
  heldCidrs,
  nodeSubnetsByZone,
  routeDestinations,
  subnetById,
  tryParseCidr,
  zonesInUse,
} from './queries.js';
import { existingPodSubnet, zoneRouteTable } from './steps-network.js';
import type { Finding, ResolvedRequest } from './types.js';

const CIDR_HINTS: Record<string, string> = {
  CidrLimitExceeded:
    "The VPC holds its quota of IPv4 blocks: disassociate an unused one, or raise the 'IPv4 CIDR blocks per VPC' quota in Service Quotas.",
  InvalidParameterValue: 'Write the block as address/prefix, for example 100.64.0.0/16.',
};

/** EC2 says only "restricted" or "invalid": say which rule, for this VPC, and what to pass instead. */
function invalidRangeHint(snapshot: ClusterSnapshot, cidr: string): string {
  const prefix = Number(cidr.split('/')[1]);
  if (prefix < 16 || prefix > 28)
    return `A VPC block must be from /16 to /28 (this one is /${prefix}): pass a smaller or larger block, such as a /16 of 100.64.0.0/10, or use --cidr auto.`;
  const block = tryParseCidr(cidr);
  const special = block ? specialPurposeRangeOf(block) : undefined;
  if (special)
    return `No VPC can hold addresses of ${special.name}: pass a block of 100.64.0.0/10, or use --cidr auto.`;
  const primary = heldCidrs(snapshot)[0]?.cidr ?? 'unknown';
  return (
    `The primary block of ${snapshot.vpc.vpcId} is ${primary}, and EC2 allows only some ranges beside it ` +
    '(docs/plan.md, "Choosing a CIDR"); 100.64.0.0/10 is allowed beside any primary. The block must also ' +
    'not overlap the VPC blocks or route destinations. Pass such a block, or use --cidr auto.'
  );
}

export function validateCidr(snapshot: ClusterSnapshot, request: ResolvedRequest, quota?: number): Finding[] {
  if (!request.cidr) return [];
  const held = heldCidrs(snapshot);
  if (held[0]?.cidr === request.cidr) {
    return [
      {
        severity: 'error',
        code: 'E_CIDR_IS_PRIMARY',
        field: 'cidr',
        message: `${request.cidr} is the primary block of ${snapshot.vpc.vpcId}, the one the nodes already use: pods need a secondary block beside it.`,
        hint: 'Pass a block the VPC does not hold yet, such as a /16 of 100.64.0.0/10, or use --cidr auto.',
      },
    ];
  }
  if (held.some((a) => a.cidr === request.cidr)) return [];
  const rule = checkVpcCidrAssociation({
    vpcId: snapshot.vpc.vpcId,
    cidr: request.cidr,
    vpcCidrs: snapshot.vpc.cidrAssociations,
    routeDestinations: routeDestinations(snapshot),
    ...(quota !== undefined ? { quota } : {}),
  });
  if (rule.ok) return [];
  const hint =
    rule.code === 'InvalidVpc.Range' ? invalidRangeHint(snapshot, request.cidr) : CIDR_HINTS[rule.code];
  return [{ severity: 'error', code: rule.code, field: 'cidr', message: rule.message, hint }];
}

export function validateSubnets(snapshot: ClusterSnapshot, request: ResolvedRequest): Finding[] {
  if (!request.cidr) return [];
  const findings: Finding[] = [];
  const vpcCidrs = [...heldCidrs(snapshot).map((a) => a.cidr), request.cidr];
  for (const zone of request.zones) {
    const cidr = request.zoneSubnets[zone];
    if (!cidr || existingPodSubnet(snapshot, zone, cidr)) continue;
    const rule = checkSubnetCidr({ cidr, vpcCidrs, existingSubnets: snapshot.subnets.map((s) => s.cidr) });
    if (!rule.ok) {
      findings.push({
        severity: 'error',
        code: rule.code,
        field: 'subnetPrefix',
        message: `Pod subnet for ${zone}: ${rule.message}`,
        hint: 'Choose another --cidr or --subnet-prefix, or leave them auto.',
      });
    }
  }
  const byId = subnetById(snapshot);
  for (const ng of snapshot.nodegroups) {
    const inPodBlock = ng.subnets.filter((id) => cidrContains(request.cidr, byId.get(id)?.cidr ?? ''));
    if (inPodBlock.length > 0) {
      findings.push({
        severity: 'error',
        code: 'E_NODEGROUP_IN_POD_SUBNET',
        message: `Node group ${ng.name} launches nodes in subnet(s) ${inPodBlock.join(', ')} of the pod block ${request.cidr}.`,
        hint: "Pod subnets must not be node subnets: remove them from the node group's subnets, or choose another --cidr.",
      });
    }
  }
  return findings;
}

export function validateZones(snapshot: ClusterSnapshot, request: ResolvedRequest): Finding[] {
  const findings: Finding[] = [];
  const available = snapshot.zones.filter((z) => z.state === 'available').map((z) => z.zoneName);
  const unknown = request.zones.filter((z) => !available.includes(z));
  for (const zone of unknown) {
    findings.push({
      severity: 'error',
      code: 'E_ZONE_UNKNOWN',
      field: 'zones',
      message: `Value (${zone}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: ${available.join(', ')}.`,
      hint: `Use zones of ${snapshot.region}, or --zones auto.`,
    });
  }
  const uncovered = zonesInUse(snapshot).filter((z) => !request.zones.includes(z));
  if (uncovered.length > 0) {
    findings.push({
      severity: 'error',
      code: 'E_ZONE_NOT_COVERED',
      field: 'zones',
      message: `Nodes run (or node groups launch them) in ${uncovered.join(', ')}, which get no pod subnet: with custom networking their pods would get no address.`,
      hint: `Add ${uncovered.join(', ')} to --zones, or use --zones auto.`,
    });
  }
  if (request.zones.length === 0) {
    findings.push({
      severity: 'error',
      code: 'E_NO_ZONES',
      field: 'zones',
      message:
        'No zone to create pod subnets in: the cluster has no nodes, node groups or subnets with a zone.',
      hint: 'Pass --zones.',
    });
  }
  return findings;
}

export function validateSecurityGroups(snapshot: ClusterSnapshot, request: ResolvedRequest): Finding[] {
  if (request.securityGroups.length === 0) {
    return [
      {
        severity: 'error',
        code: 'E_NO_SECURITY_GROUP',
        field: 'securityGroups',
        message: 'The cluster has no cluster security group to give the pod ENIs.',
        hint: 'Pass --security-groups sg-...',
      },
    ];
  }
  const missing = request.securityGroups.filter((id) => !snapshot.securityGroupIds.includes(id));
  return missing.map((id) => ({
    severity: 'error' as const,
    code: 'InvalidGroup.NotFound',
    field: 'securityGroups',
    message: `The security group '${id}' does not exist in VPC '${snapshot.vpc.vpcId}'`,
    hint: 'Pass security groups of the cluster VPC (aws ec2 describe-security-groups), or --security-groups auto.',
  }));
}

/** Pods in 100.64/10 or 198.19/16 reach the internet through the node's NAT route (the CNI SNATs them). */
export function validateRoutes(snapshot: ClusterSnapshot, request: ResolvedRequest): Finding[] {
  const findings: Finding[] = [];
  const zonesWithNodes = nodeSubnetsByZone(snapshot);
  for (const zone of request.zones) {
    const table = zoneRouteTable(snapshot, zone);
    if (!table || !zonesWithNodes.has(zone)) continue;
    const hasDefault = table.routes.some((r) => r.destination === '0.0.0.0/0' && r.target !== '');
    if (!hasDefault) {
      findings.push({
        severity: 'warning',
        code: 'W_NO_DEFAULT_ROUTE',
        message: `Route table ${table.routeTableId} (zone ${zone}) has no 0.0.0.0/0 route: pods will reach only the VPC.`,
        hint: 'Add a route through a NAT gateway if pods need the internet.',
      });
    }
  }
  return findings;
}
