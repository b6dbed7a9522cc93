/**
 * Questions the planner asks of a ClusterSnapshot: which subnets hold nodes in a zone, which route
 * table a subnet uses, which subnets eks-cidr created, which CNI version runs. Pure.
 */
import { contains, parseCidr, parseIPv4, type Cidr } from '../../shared/cidr/index.js';
import type {
  ClusterSnapshot,
  SnapshotNode,
  SnapshotNodegroup,
  SnapshotPod,
  SnapshotRouteTable,
  SnapshotSubnet,
} from '../discover/snapshot.js';
import { isOwnedBy } from './ownership.js';

/** Association states that no longer hold a block. */
export const RELEASED_CIDR_STATES = new Set(['disassociated', 'disassociating', 'failed', 'failing']);

export function heldCidrs(snapshot: ClusterSnapshot) {
  return snapshot.vpc.cidrAssociations.filter((a) => !RELEASED_CIDR_STATES.has(a.state));
}

/** Destinations of every non-local route in the VPC's route tables. */
export function routeDestinations(snapshot: ClusterSnapshot): string[] {
  const out = new Set<string>();
  for (const table of snapshot.routeTables) {
    for (const route of table.routes) if (route.target !== 'local') out.add(route.destination);
  }
  return [...out];
}

interface SnapshotIndex {
  subnetById: Map<string, SnapshotSubnet>;
  nodesByNodegroup: Map<string, SnapshotNode[]>;
  podsByNode: Map<string, SnapshotPod[]>;
}

/**
 * Lookups built once per snapshot, so planning stays linear on large clusters (1,000 subnets, tens
 * of thousands of pods). Snapshots are treated as immutable once planning starts.
 */
const indexes = new WeakMap<ClusterSnapshot, SnapshotIndex>();

function indexOf(snapshot: ClusterSnapshot): SnapshotIndex {
  let index = indexes.get(snapshot);
  if (!index) {
    const nodesByNodegroup = new Map<string, SnapshotNode[]>();
    for (const node of snapshot.kube.nodes) {
      if (node.nodegroup === undefined) continue;
      nodesByNodegroup.set(node.nodegroup, [...(nodesByNodegroup.get(node.nodegroup) ?? []), node]);
    }
    const podsByNode = new Map<string, SnapshotPod[]>();
    for (const pod of snapshot.kube.pods) {
      if (pod.nodeName === undefined) continue;
      const list = podsByNode.get(pod.nodeName);
      if (list) list.push(pod);
      else podsByNode.set(pod.nodeName, [pod]);
    }
    index = {
      subnetById: new Map(snapshot.subnets.map((s) => [s.subnetId, s])),
      nodesByNodegroup,
      podsByNode,
    };
    indexes.set(snapshot, index);
  }
  return index;
}

export function subnetById(snapshot: ClusterSnapshot): Map<string, SnapshotSubnet> {
  return indexOf(snapshot).subnetById;
}

/** The pods scheduled on any of these nodes. */
export function podsOnNodes(snapshot: ClusterSnapshot, nodeNames: Iterable<string>): SnapshotPod[] {
  const byNode = indexOf(snapshot).podsByNode;
  return [...nodeNames].flatMap((name) => byNode.get(name) ?? []);
}

export function ownedSubnets(snapshot: ClusterSnapshot): SnapshotSubnet[] {
  return snapshot.subnets.filter((s) => isOwnedBy(s.tags, snapshot.cluster.name));
}

export function tryParseCidr(text: string): Cidr | undefined {
  try {
    return parseCidr(text, { strict: false });
  } catch {
    return undefined;
  }
}

export function cidrContains(outer: string, inner: string): boolean {
  const a = tryParseCidr(outer);
  const b = tryParseCidr(inner);
  return a !== undefined && b !== undefined && contains(a, b);
}

export function ipInCidr(block: Cidr, ip: string): boolean {
  try {
    return contains(block, parseIPv4(ip));
  } catch {
    return false;
  }
}

/** Nodes that belong to no managed node group and are not Fargate: eks-cidr cannot replace them. */
export function selfManagedNodes(snapshot: ClusterSnapshot) {
  return snapshot.kube.nodes.filter((n) => n.nodegroup === undefined && !isFargateNode(n));
}

export function isFargateNode(node: SnapshotNode): boolean {
  return node.labels['eks.amazonaws.com/compute-type'] === 'fargate';
}

/** The subnets nodes run in, per zone: node-group subnets, else the cluster's own subnets. */
export function nodeSubnetsByZone(snapshot: ClusterSnapshot): Map<string, SnapshotSubnet[]> {
  const byId = subnetById(snapshot);
  const ids = new Set(snapshot.nodegroups.flatMap((ng) => ng.subnets));
  if (ids.size === 0) for (const id of snapshot.cluster.subnetIds) ids.add(id);
  const out = new Map<string, SnapshotSubnet[]>();
  for (const id of [...ids].sort()) {
    const subnet = byId.get(id);
    if (!subnet) continue;
    out.set(subnet.zone, [...(out.get(subnet.zone) ?? []), subnet]);
  }
  return out;
}

/** Zones where nodes run or node groups may launch them. */
export function zonesInUse(snapshot: ClusterSnapshot): string[] {
  const zones = new Set<string>();
  // Fargate nodes take pod addresses from their profile's subnets, never from an ENIConfig.
  for (const node of snapshot.kube.nodes) if (node.zone && !isFargateNode(node)) zones.add(node.zone);
  const byId = subnetById(snapshot);
  for (const ng of snapshot.nodegroups) {
    for (const id of ng.subnets) {
      const zone = byId.get(id)?.zone;
      if (zone) zones.add(zone);
    }
  }
  return [...zones].sort();
}

export function mainRouteTable(snapshot: ClusterSnapshot): SnapshotRouteTable | undefined {
  return snapshot.routeTables.find((t) => t.main);
}

/** The route table a subnet uses: its explicit association, else the VPC's main table. */
export function routeTableOf(
  snapshot: ClusterSnapshot,
  subnetId: string,
): { table: SnapshotRouteTable; associationId?: string | undefined; explicit: boolean } | undefined {
  for (const table of snapshot.routeTables) {
    const association = table.associations.find((a) => a.subnetId === subnetId);
    if (association) return { table, associationId: association.associationId, explicit: true };
  }
  const main = mainRouteTable(snapshot);
  return main ? { table: main, explicit: false } : undefined;
}

/** The VPC CNI version running: the add-on's version, else the aws-node image tag. */
export function cniVersionText(snapshot: ClusterSnapshot): string | undefined {
  const cni = snapshot.cni;
  if (cni.install === 'managed-addon' && cni.addonVersion) return cni.addonVersion;
  if (cni.install === 'absent') return undefined;
  const tag = cni.image?.split(':').pop();
  return tag && /^v?\d+\.\d+/.test(tag) ? tag : undefined;
}

export function prefixDelegationEnabled(snapshot: ClusterSnapshot): boolean {
  return snapshot.cni.env.ENABLE_PREFIX_DELEGATION === 'true';
}

export function nodesOf(snapshot: ClusterSnapshot, nodegroup: SnapshotNodegroup): SnapshotNode[] {
  return indexOf(snapshot).nodesByNodegroup.get(nodegroup.name) ?? [];
}
