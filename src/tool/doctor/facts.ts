/**
 * Facts the checks share, derived once from the snapshot: the CNI's mode and version, which
 * ENIConfig each node selects (as ipamd resolves it), which subnets serve pods, the route table of
 * each subnet, the nodes' security groups. Pure.
 */
import { contains, parseCidr, parseIPv4 } from '../../shared/cidr/index.js';
import { compareVersions } from '../../shared/aws-facts/index.js';
import type {
  ClusterSnapshot,
  SnapshotEniConfig,
  SnapshotNetworkInterface,
  SnapshotNode,
  SnapshotRouteTable,
  SnapshotSubnet,
} from '../discover/snapshot.js';

/** ipamd's default for both ENI_CONFIG_LABEL_DEF and ENI_CONFIG_ANNOTATION_DEF (pkg/eniconfig). */
export const DEFAULT_ENICONFIG_KEY = 'k8s.amazonaws.com/eniConfig';
/** A node label that names its ENIConfig before anything else (pkg/eniconfig). */
export const EXTERNAL_ENICONFIG_LABEL = 'vpc.amazonaws.com/externalEniConfig';
export const CNI_ROLE_TAG = 'kubernetes.io/role/cni';
export const CNI_CLUSTER_TAG_PREFIX = 'cni.networking.k8s.aws/cluster/';
export const SUBNET_DISCOVERY_MIN_CNI = '1.18.0';

export interface NodeEniConfig {
  name: string;
  /** Where the name came from, in ipamd's order of precedence. */
  source: 'external-label' | 'annotation' | 'label' | 'default';
}

export interface DoctorFacts {
  cniVersion: string | undefined;
  cniEnv: Record<string, string>;
  customNetworking: boolean;
  prefixDelegation: boolean;
  externalSnat: boolean;
  /** ENABLE_SUBNET_DISCOVERY on (the default) and a CNI that has it; custom networking wins over it. */
  subnetDiscovery: boolean;
  labelDef: string;
  annotationDef: string;
  subnets: Map<string, SnapshotSubnet>;
  eniConfigs: Map<string, SnapshotEniConfig>;
  /** Per node name: the ENIConfig it selects. */
  nodeEniConfig: Map<string, NodeEniConfig>;
  /** Per node name: its primary interface (device 0), when ENIs were discovered. */
  primaryEni: Map<string, SnapshotNetworkInterface>;
  /** The subnets node groups and nodes launch in. */
  nodeSubnetIds: Set<string>;
  /** The subnets pods draw addresses from in the current mode. */
  podSubnetIds: Set<string>;
  /** Security groups of the nodes' primary interfaces, and the cluster security group. */
  nodeGroupIds: Set<string>;
  /** Zones that have at least one node. */
  nodeZones: Set<string>;
  /** Nodes whose pods still draw from the node subnets under custom networking. */
  notRotated: Set<string>;
  routeTableOf(subnetId: string): SnapshotRouteTable | undefined;
  subnetOfIp(ip: string): SnapshotSubnet | undefined;
}

const isTrue = (v: string | undefined) => v?.toLowerCase() === 'true';

export function tagValue(tags: readonly { key: string; value: string }[], key: string): string | undefined {
  return tags.find((t) => t.key === key)?.value;
}

/** The CNI version running: the aws-node image's tag, else the add-on version. */
export function cniVersionOf(snapshot: ClusterSnapshot): string | undefined {
  const cni = snapshot.cni;
  const tag = 'image' in cni && cni.image ? /:(v?\d+\.\d+(?:\.\d+)?[^@]*)/.exec(cni.image)?.[1] : undefined;
  if (tag) return tag;
  return cni.install === 'managed-addon' ? cni.addonVersion : undefined;
}

export function versionBelow(version: string | undefined, minimum: string): boolean {
  if (!version) return false;
  try {
    return compareVersions(version, minimum) < 0;
  } catch {
    return false;
  }
}

/** ipamd's choice of a node's ENIConfig name. */
export function eniConfigNameOf(node: SnapshotNode, labelDef: string, annotationDef: string): NodeEniConfig {
  const external = node.labels[EXTERNAL_ENICONFIG_LABEL];
  if (external) return { name: external, source: 'external-label' };
  const annotated = node.annotations?.[annotationDef];
  if (annotated) return { name: annotated, source: 'annotation' };
  const labelled = node.labels[labelDef];
  if (labelled) return { name: labelled, source: 'label' };
  return { name: 'default', source: 'default' };
}

function routeTableFinder(tables: readonly SnapshotRouteTable[]) {
  const explicit = new Map<string, SnapshotRouteTable>();
  for (const t of tables) for (const a of t.associations) if (a.subnetId) explicit.set(a.subnetId, t);
  const main = tables.find((t) => t.main);
  return (subnetId: string) => explicit.get(subnetId) ?? main;
}

export function deriveFacts(snapshot: ClusterSnapshot): DoctorFacts {
  const env = snapshot.cni.env;
  const cniVersion = cniVersionOf(snapshot);
  const customNetworking = isTrue(env['AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG']);
  const labelDef = env['ENI_CONFIG_LABEL_DEF'] || DEFAULT_ENICONFIG_KEY;
  const annotationDef = env['ENI_CONFIG_ANNOTATION_DEF'] || DEFAULT_ENICONFIG_KEY;
  const subnets = new Map(snapshot.subnets.map((s) => [s.subnetId, s]));
  const parsed = snapshot.subnets.map((s) => ({ subnet: s, block: parseCidr(s.cidr, { strict: false }) }));
  const subnetOfIp = (ip: string) => {
    const value = parseIPv4(ip);
    return parsed.find((p) => contains(p.block, value))?.subnet;
  };
  const eniConfigs = new Map(snapshot.kube.eniConfigs.map((e) => [e.name, e]));
  const nodeEniConfig = new Map(
    snapshot.kube.nodes.map((n) => [n.name, eniConfigNameOf(n, labelDef, annotationDef)]),
  );
  const enis = snapshot.networkInterfaces ?? [];
  const primaryEni = new Map<string, SnapshotNetworkInterface>();
  for (const node of snapshot.kube.nodes) {
    const eni = enis.find((e) => e.instanceId === node.instanceId && e.deviceIndex === 0);
    if (node.instanceId && eni) primaryEni.set(node.name, eni);
  }
  const nodeSubnetIds = new Set(snapshot.nodegroups.flatMap((g) => g.subnets));
  for (const eni of primaryEni.values()) nodeSubnetIds.add(eni.subnetId);
  const subnetDiscovery =
    !customNetworking &&
    (env['ENABLE_SUBNET_DISCOVERY'] ?? 'true').toLowerCase() !== 'false' &&
    !versionBelow(cniVersion, SUBNET_DISCOVERY_MIN_CNI);
  const nodeZones = new Set(snapshot.kube.nodes.flatMap((n) => (n.zone ? [n.zone] : [])));
  const podSubnetIds = new Set<string>();
  if (customNetworking) {
    for (const e of snapshot.kube.eniConfigs) if (e.subnet) podSubnetIds.add(e.subnet);
  } else {
    for (const id of nodeSubnetIds) podSubnetIds.add(id);
    if (subnetDiscovery) {
      // ipamd uses a tagged subnet only in a node's own zone, and only for the clusters it names.
      for (const s of snapshot.subnets) {
        if (tagValue(s.tags, CNI_ROLE_TAG) !== '1' || !nodeZones.has(s.zone)) continue;
        const scoped = s.tags.filter((t) => t.key.startsWith(CNI_CLUSTER_TAG_PREFIX));
        if (
          scoped.length === 0 ||
          scoped.some((t) => t.key === CNI_CLUSTER_TAG_PREFIX + snapshot.cluster.name)
        )
          podSubnetIds.add(s.subnetId);
      }
    }
  }
  const nodeGroupIds = new Set<string>();
  if (snapshot.cluster.clusterSecurityGroupId) nodeGroupIds.add(snapshot.cluster.clusterSecurityGroupId);
  for (const eni of primaryEni.values()) for (const g of eni.groups) nodeGroupIds.add(g);

  // Under custom networking a node that started in the old mode gives pods addresses (and puts its
  // secondary ENIs) in the node subnets; a rotated node never does.
  const notRotated = new Set<string>();
  if (customNetworking) {
    const eniConfigSubnets = new Set(snapshot.kube.eniConfigs.flatMap((e) => (e.subnet ? [e.subnet] : [])));
    const onNodeSubnet = (subnetId: string | undefined) =>
      subnetId !== undefined && nodeSubnetIds.has(subnetId) && !eniConfigSubnets.has(subnetId);
    for (const pod of snapshot.kube.pods) {
      if (pod.hostNetwork || !pod.podIP || !pod.nodeName) continue;
      if (onNodeSubnet(subnetOfIp(pod.podIP)?.subnetId)) notRotated.add(pod.nodeName);
    }
    for (const node of snapshot.kube.nodes) {
      const secondary = enis.filter((e) => e.instanceId === node.instanceId && (e.deviceIndex ?? 0) > 0);
      if (secondary.some((e) => onNodeSubnet(e.subnetId))) notRotated.add(node.name);
    }
  }
  return {
    cniVersion,
    cniEnv: env,
    customNetworking,
    prefixDelegation: isTrue(env['ENABLE_PREFIX_DELEGATION']),
    externalSnat: isTrue(env['AWS_VPC_K8S_CNI_EXTERNALSNAT']),
    subnetDiscovery,
    labelDef,
    annotationDef,
    subnets,
    eniConfigs,
    nodeEniConfig,
    primaryEni,
    nodeSubnetIds,
    podSubnetIds,
    nodeGroupIds,
    nodeZones,
    notRotated,
    routeTableOf: routeTableFinder(snapshot.routeTables),
    subnetOfIp,
  };
}
