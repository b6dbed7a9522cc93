/**
 * The capacity view of `report`: per zone and per node group, how many more pods fit now. Two limits
 * meet there: pod addresses (free in the subnets that serve the zone's pods, plus the addresses the
 * nodes' warm pools already hold; with prefix delegation, whole free /28 prefixes) and pod slots
 * (the kubelet's max-pods less the pods on the node). "N more pods fit" is the lower of the two.
 * Pure: the discovered snapshot in (with the VPC's ENIs for warm pools and prefixes, and the pods'
 * events for the stuck ones), plain data out.
 */
import { IPS_PER_PREFIX } from '../../shared/aws-facts/index.js';
import type { ClusterSnapshot, SnapshotNode, SnapshotPod } from '../discover/snapshot.js';
import { freePrefixCount } from '../doctor/checks/subnets.js';
import { NO_ADDRESS } from '../doctor/checks/pods.js';
import { deriveFacts, type DoctorFacts } from '../doctor/facts.js';

export const SELF_MANAGED = '(self-managed)';

export interface CapacityFigures {
  nodes: number;
  /** Sum of the nodes' max-pods (allocatable pods). */
  podSlots: number;
  /** Pods on the nodes that take a slot (every pod not Succeeded or Failed, hostNetwork included). */
  podsOnNodes: number;
  /** Per node max(0, max-pods - pods), summed. */
  slotsFree: number;
  /** Pods on the nodes that need an address (not hostNetwork): running with one or stuck for one. */
  demand: number;
  /** Pods on the nodes stuck ContainerCreating because the CNI could not give them an address. */
  stuck: number;
  /** AvailableIpAddressCount of the subnets that serve the pods of these zones. */
  subnetAddressesFree: number;
  /** Addresses the nodes' ENIs already hold (warm pool, free /28 space) that no pod uses. */
  warmAddresses: number;
  /** With prefix delegation: aligned /28 blocks free in those subnets (undefined when it is off). */
  prefixesFree?: number | undefined;
  /** New pod addresses available: warm + subnet free (with prefix delegation: warm + 16 x prefixes). */
  addressesFree: number;
  /** min(addressesFree, slotsFree). */
  fit: number;
  limitedBy: 'pod-addresses' | 'pod-slots';
}

export interface ZoneCapacity extends CapacityFigures {
  zone: string;
  /** The subnets that serve this zone's pods in the CNI's current mode. */
  podSubnets: string[];
}

export interface NodegroupCapacity extends CapacityFigures {
  nodegroup: string;
  /** The zones its nodes run in: their pod addresses are shared with other groups of those zones. */
  zones: string[];
}

export interface CapacityView {
  mode: {
    networking: 'standard' | 'custom-networking' | 'subnet-discovery';
    prefixDelegation: boolean;
  };
  zones: ZoneCapacity[];
  nodegroups: NodegroupCapacity[];
  /** Pods scheduled on no node (Pending): no node with a free slot, or another scheduling reason. */
  pending: number;
  /** Pods stuck for an address, cluster-wide. */
  stuck: number;
  /** Sum of the zones' fit. */
  fit: number;
  warnings: string[];
}

const finished = (p: SnapshotPod) => p.phase === 'Succeeded' || p.phase === 'Failed';

interface NodeLoad {
  node: SnapshotNode;
  group: string;
  zone: string;
  slots: number;
  pods: number;
  demand: number;
  stuck: number;
  warm: number;
}

function nodeLoads(snapshot: ClusterSnapshot, facts: DoctorFacts): NodeLoad[] {
  const noAddress = new Set(
    (snapshot.kube.podEvents ?? [])
      .filter((e) => e.reason === 'FailedCreatePodSandBox' && NO_ADDRESS.test(e.message))
      .map((e) => `${e.namespace}/${e.pod}`),
  );
  const byNode = new Map<string, SnapshotPod[]>();
  for (const p of snapshot.kube.pods) {
    if (!p.nodeName || finished(p)) continue;
    byNode.set(p.nodeName, [...(byNode.get(p.nodeName) ?? []), p]);
  }
  const enis = snapshot.networkInterfaces ?? [];
  return snapshot.kube.nodes.map((node) => {
    const pods = byNode.get(node.name) ?? [];
    const addressed = pods.filter((p) => !p.hostNetwork && p.podIP).length;
    const stuck = pods.filter(
      (p) => !p.hostNetwork && !p.podIP && p.phase === 'Pending' && noAddress.has(`${p.namespace}/${p.name}`),
    ).length;
    // Addresses the node's ENIs hold for pods: every secondary address (under custom networking the
    // primary ENI serves none) and every delegated prefix.
    let held = 0;
    for (const eni of enis) {
      if (!node.instanceId || eni.instanceId !== node.instanceId) continue;
      if (facts.customNetworking && (eni.deviceIndex ?? 0) === 0) continue;
      held += Math.max(0, eni.privateIps.length - 1) + eni.prefixes.length * IPS_PER_PREFIX;
    }
    return {
      node,
      group: node.nodegroup ?? SELF_MANAGED,
      zone: node.zone ?? 'unknown',
      slots: node.allocatablePods ?? 0,
      pods: pods.length,
      demand: addressed + stuck,
      stuck,
      warm: Math.max(0, held - addressed),
    };
  });
}

interface ZoneAddresses {
  podSubnets: string[];
  subnetFree: number;
  prefixesFree: number | undefined;
}

function zoneAddresses(snapshot: ClusterSnapshot, facts: DoctorFacts, zone: string): ZoneAddresses {
  const subnets = [...facts.podSubnetIds]
    .map((id) => facts.subnets.get(id))
    .filter((s) => s !== undefined && s.zone === zone)
    .sort((a, b) => a!.cidr.localeCompare(b!.cidr));
  return {
    podSubnets: subnets.map((s) => s!.subnetId),
    subnetFree: subnets.reduce((sum, s) => sum + s!.availableIpAddressCount, 0),
    prefixesFree:
      facts.prefixDelegation && snapshot.networkInterfaces
        ? subnets.reduce((sum, s) => sum + freePrefixCount(snapshot, s!), 0)
        : undefined,
  };
}

function figures(loads: NodeLoad[], addresses: Omit<ZoneAddresses, 'podSubnets'>): CapacityFigures {
  const slotsFree = loads.reduce((sum, l) => sum + Math.max(0, l.slots - l.pods), 0);
  const warm = loads.reduce((sum, l) => sum + l.warm, 0);
  const fresh =
    addresses.prefixesFree === undefined ? addresses.subnetFree : addresses.prefixesFree * IPS_PER_PREFIX;
  const addressesFree = warm + fresh;
  return {
    nodes: loads.length,
    podSlots: loads.reduce((sum, l) => sum + l.slots, 0),
    podsOnNodes: loads.reduce((sum, l) => sum + l.pods, 0),
    slotsFree,
    demand: loads.reduce((sum, l) => sum + l.demand, 0),
    stuck: loads.reduce((sum, l) => sum + l.stuck, 0),
    subnetAddressesFree: addresses.subnetFree,
    warmAddresses: warm,
    ...(addresses.prefixesFree === undefined ? {} : { prefixesFree: addresses.prefixesFree }),
    addressesFree,
    fit: Math.min(addressesFree, slotsFree),
    limitedBy: addressesFree < slotsFree ? 'pod-addresses' : 'pod-slots',
  };
}

export function buildCapacity(snapshot: ClusterSnapshot, facts = deriveFacts(snapshot)): CapacityView {
  const cluster = snapshot.cluster.name;
  const loads = nodeLoads(snapshot, facts);
  const podSubnetZones = [...facts.podSubnetIds].flatMap((id) => {
    const zone = facts.subnets.get(id)?.zone;
    return zone ? [zone] : [];
  });
  const zoneNames = [...new Set([...loads.map((l) => l.zone), ...podSubnetZones])].sort();
  const byZone = new Map(zoneNames.map((z) => [z, zoneAddresses(snapshot, facts, z)]));

  const zones: ZoneCapacity[] = zoneNames.map((zone) => {
    const a = byZone.get(zone)!;
    return {
      zone,
      podSubnets: a.podSubnets,
      ...figures(
        loads.filter((l) => l.zone === zone),
        a,
      ),
    };
  });

  const groupNames = [
    ...new Set([...snapshot.nodegroups.map((g) => g.name), ...loads.map((l) => l.group)]),
  ].sort();
  const nodegroups: NodegroupCapacity[] = groupNames.map((nodegroup) => {
    const mine = loads.filter((l) => l.group === nodegroup);
    const groupZones = [...new Set(mine.map((l) => l.zone))].sort();
    const shared = groupZones.map((z) => byZone.get(z)!);
    const prefixes = shared.map((a) => a.prefixesFree);
    return {
      nodegroup,
      zones: groupZones,
      ...figures(mine, {
        subnetFree: shared.reduce((sum, a) => sum + a.subnetFree, 0),
        prefixesFree:
          facts.prefixDelegation && snapshot.networkInterfaces
            ? prefixes.reduce<number>((sum, p) => sum + (p ?? 0), 0)
            : undefined,
      }),
    };
  });

  const pending = snapshot.kube.pods.filter((p) => p.phase === 'Pending' && !p.nodeName).length;
  const stuck = zones.reduce((sum, z) => sum + z.stuck, 0);
  const warnings: string[] = [];
  for (const z of zones) {
    if (z.nodes > 0 && z.fit === 0)
      warnings.push(
        `zone ${z.zone}: no more pods fit (${z.limitedBy === 'pod-addresses' ? `${z.addressesFree} pod address(es) free` : `${z.slotsFree} pod slot(s) free`}): eks-cidr doctor --cluster ${cluster}, then eks-cidr plan --cluster ${cluster}`,
      );
    else if (z.nodes > 0 && z.limitedBy === 'pod-addresses' && z.addressesFree < z.slotsFree)
      warnings.push(
        `zone ${z.zone}: pod addresses (${z.addressesFree}) run out before pod slots (${z.slotsFree}): eks-cidr doctor --cluster ${cluster} says why; eks-cidr plan --cluster ${cluster} gives pods a secondary CIDR block`,
      );
  }
  if (stuck > 0)
    warnings.push(
      `${stuck} pod(s) stuck for an address: eks-cidr doctor --cluster ${cluster} names the root cause`,
    );
  if (pending > 0)
    warnings.push(
      `${pending} pod(s) Pending on no node: no node has a free pod slot, or another scheduling reason (kubectl describe pod); eks-cidr doctor --cluster ${cluster}`,
    );
  return {
    mode: {
      networking: facts.customNetworking
        ? 'custom-networking'
        : [...facts.podSubnetIds].some((id) => !facts.nodeSubnetIds.has(id))
          ? 'subnet-discovery'
          : 'standard',
      prefixDelegation: facts.prefixDelegation,
    },
    zones,
    nodegroups,
    pending,
    stuck,
    fit: zones.reduce((sum, z) => sum + z.fit, 0),
    warnings,
  };
}
