/**
 * The capacity summary: pod addresses per zone before (free addresses in the node subnets, where pods
 * take them today) and after (the pod subnet's), and max-pods per node group before and after. Pure.
 */
import { usableAddressCount } from '../../shared/aws-facts/index.js';
import type { ClusterSnapshot } from '../discover/snapshot.js';
import { currentMaxPods, customNetworkingMaxPods, isReplacement } from './nodegroups.js';
import { nodeSubnetsByZone, nodesOf } from './queries.js';
import { existingPodSubnet } from './steps-network.js';
import type { CapacitySummary, NodegroupCapacity, PlanStep, ResolvedRequest, ZoneCapacity } from './types.js';

export function capacitySummary(
  snapshot: ClusterSnapshot,
  request: ResolvedRequest,
  steps: readonly PlanStep[],
): CapacitySummary {
  const nodeSubnets = nodeSubnetsByZone(snapshot);
  const zoneIds = new Map(snapshot.zones.map((z) => [z.zoneName, z.zoneId]));
  const zones: ZoneCapacity[] = request.zones.map((zone) => {
    const podSubnetCidr = request.zoneSubnets[zone] ?? '';
    const existing = podSubnetCidr ? existingPodSubnet(snapshot, zone, podSubnetCidr) : undefined;
    return {
      zone,
      zoneId: zoneIds.get(zone),
      podAddressesBefore: (nodeSubnets.get(zone) ?? []).reduce(
        (sum, s) => sum + s.availableIpAddressCount,
        0,
      ),
      podAddressesAfter: existing
        ? existing.availableIpAddressCount
        : podSubnetCidr
          ? usableAddressCount(podSubnetCidr)
          : 0,
      podSubnetCidr,
    };
  });
  const rotated = new Set(steps.flatMap((s) => (s.kind === 'create-nodegroup' ? [s.desired.replaces] : [])));
  const nodegroups: NodegroupCapacity[] = [...snapshot.nodegroups]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((ng) => {
      const before = currentMaxPods(snapshot, ng) ?? 0;
      const after = isReplacement(snapshot, ng) ? before : (customNetworkingMaxPods(snapshot, ng) ?? before);
      return {
        nodegroup: ng.name,
        instanceTypes: ng.instanceTypes,
        nodes: nodesOf(snapshot, ng).length,
        maxPodsBefore: before,
        maxPodsAfter: after,
        rotate: rotated.has(ng.name) && !isReplacement(snapshot, ng),
      };
    });
  return {
    zones,
    nodegroups,
    totals: {
      podAddressesBefore: zones.reduce((sum, z) => sum + z.podAddressesBefore, 0),
      podAddressesAfter: zones.reduce((sum, z) => sum + z.podAddressesAfter, 0),
    },
  };
}
