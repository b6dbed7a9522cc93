/**
 * The VPC side of the plan: associate the block, one pod subnet per zone, and each pod subnet on the
 * route table its zone's node subnets use. Each step compares what is wanted with what exists. Pure.
 */
import { compareVersions } from '../../shared/aws-facts/index.js';
import type { ClusterSnapshot, SnapshotSubnet } from '../discover/snapshot.js';
import { cidrBlockOwnership, ownershipTags } from './ownership.js';
import { cidrContains, heldCidrs, mainRouteTable, nodeSubnetsByZone, routeTableOf } from './queries.js';
import type {
  AssociateCidrStep,
  AssociateRouteTableStep,
  CreateSubnetStep,
  ResolvedRequest,
  Tag,
} from './types.js';

export const CIDR_STEP_ID = 'vpc-cidr';
export const subnetStepId = (zone: string) => `subnet:${zone}`;
export const routeTableStepId = (zone: string) => `route-table:${zone}`;

export function associateCidrStep(snapshot: ClusterSnapshot, request: ResolvedRequest): AssociateCidrStep {
  const vpcId = snapshot.vpc.vpcId;
  const existing = heldCidrs(snapshot).find((a) => a.cidr === request.cidr);
  const base = {
    id: CIDR_STEP_ID,
    kind: 'associate-cidr' as const,
    dependsOn: [],
    target: { vpcId },
    desired: { cidr: request.cidr },
  };
  const ownership = existing
    ? cidrBlockOwnership(snapshot.vpc.tags, request.cluster, existing.cidr, existing.associationId)
    : 'not-owned';
  if (existing && ownership === 'pending') {
    return {
      ...base,
      action: 'update',
      reason: `an interrupted run associated ${request.cidr} (${existing.associationId}): record it as eks-cidr's on ${vpcId}.`,
      current: { cidr: existing.cidr, associationId: existing.associationId, state: existing.state },
    };
  }
  if (existing) {
    return {
      ...base,
      action: 'no-op',
      reason:
        existing.state === 'associated'
          ? `${request.cidr} is already associated with ${vpcId}.`
          : `${request.cidr} is ${existing.state} with ${vpcId}; apply waits for it.`,
      current: { cidr: existing.cidr, associationId: existing.associationId, state: existing.state },
    };
  }
  return {
    ...base,
    action: 'create',
    reason: `${vpcId} has no block ${request.cidr}: associate it as a secondary IPv4 block.`,
  };
}

/** Tags of a new pod subnet: its Name, the ownership tags, and the cluster tag EKS needed up to 1.18. */
export function podSubnetTags(snapshot: ClusterSnapshot, request: ResolvedRequest, zone: string): Tag[] {
  const tags: Tag[] = [
    { key: 'Name', value: `${request.nameTagPrefix}-${zone}` },
    ...ownershipTags(request.cluster),
  ];
  const version = snapshot.cluster.version;
  if (/^\d+\.\d+$/.test(version) && compareVersions(`${version}.0`, '1.18.0') <= 0) {
    tags.push({ key: `kubernetes.io/cluster/${request.cluster}`, value: 'shared' });
  }
  return tags;
}

/** The existing subnet that is this zone's pod subnet: same zone, same CIDR. */
export function existingPodSubnet(
  snapshot: ClusterSnapshot,
  zone: string,
  cidr: string,
): SnapshotSubnet | undefined {
  return snapshot.subnets.find((s) => s.zone === zone && s.cidr === cidr);
}

export function createSubnetSteps(snapshot: ClusterSnapshot, request: ResolvedRequest): CreateSubnetStep[] {
  const zoneIds = new Map(snapshot.zones.map((z) => [z.zoneName, z.zoneId]));
  return request.zones.flatMap((zone): CreateSubnetStep[] => {
    const cidr = request.zoneSubnets[zone];
    if (!cidr) return [];
    const existing = existingPodSubnet(snapshot, zone, cidr);
    const base = {
      id: subnetStepId(zone),
      kind: 'create-subnet' as const,
      dependsOn: [CIDR_STEP_ID],
      target: { vpcId: snapshot.vpc.vpcId, zone, zoneId: zoneIds.get(zone) },
      desired: { cidr, tags: podSubnetTags(snapshot, request, zone) },
    };
    if (existing) {
      return [
        {
          ...base,
          action: 'no-op',
          reason: `${existing.subnetId} (${cidr}) exists in ${zone}.`,
          current: {
            subnetId: existing.subnetId,
            cidr: existing.cidr,
            availableIpAddressCount: existing.availableIpAddressCount,
            tags: existing.tags,
          },
        },
      ];
    }
    return [{ ...base, action: 'create', reason: `${zone} has no pod subnet: create ${cidr} there.` }];
  });
}

/** The route table the zone's node subnets use (the first node subnet by id), for the pod subnet to share. */
export function zoneRouteTable(snapshot: ClusterSnapshot, zone: string) {
  const nodeSubnet = (nodeSubnetsByZone(snapshot).get(zone) ?? [])[0];
  if (nodeSubnet) return routeTableOf(snapshot, nodeSubnet.subnetId)?.table;
  return mainRouteTable(snapshot);
}

export function routeTableSteps(
  snapshot: ClusterSnapshot,
  request: ResolvedRequest,
): AssociateRouteTableStep[] {
  return request.zones.flatMap((zone): AssociateRouteTableStep[] => {
    const cidr = request.zoneSubnets[zone];
    const table = zoneRouteTable(snapshot, zone);
    if (!cidr || !table) return [];
    const existing = existingPodSubnet(snapshot, zone, cidr);
    const base = {
      id: routeTableStepId(zone),
      kind: 'associate-route-table' as const,
      dependsOn: [subnetStepId(zone)],
      target: { subnet: { stepId: subnetStepId(zone), zone, subnetId: existing?.subnetId } },
      desired: { routeTableId: table.routeTableId, main: table.main },
    };
    if (!existing) {
      return [
        table.main
          ? {
              ...base,
              action: 'no-op',
              reason: `The new subnet will use the main route table ${table.routeTableId}, as ${zone}'s node subnets do.`,
            }
          : {
              ...base,
              action: 'create',
              reason: `Associate the new subnet with ${table.routeTableId}, the route table of ${zone}'s node subnets.`,
            },
      ];
    }
    const now = routeTableOf(snapshot, existing.subnetId);
    const current = now
      ? { routeTableId: now.table.routeTableId, associationId: now.associationId, main: !now.explicit }
      : undefined;
    if (now?.table.routeTableId === table.routeTableId) {
      return [
        {
          ...base,
          action: 'no-op',
          reason: `${existing.subnetId} already uses ${table.routeTableId}.`,
          current,
        },
      ];
    }
    if (now?.explicit) {
      return [
        {
          ...base,
          action: 'update',
          reason: `${existing.subnetId} uses ${now.table.routeTableId}; replace the association with ${table.routeTableId}.`,
          current,
        },
      ];
    }
    return [
      {
        ...base,
        action: 'create',
        reason: `${existing.subnetId} uses the main table; associate it with ${table.routeTableId}.`,
        current,
      },
    ];
  });
}

/** True when the zone's pod subnet lies in the request's block (a sanity check for callers). */
export function inPodBlock(request: ResolvedRequest, cidr: string): boolean {
  return cidrContains(request.cidr, cidr);
}
