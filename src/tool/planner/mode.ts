/**
 * Which way pods get addresses from the new block (docs/modes.md): enhanced subnet discovery or custom
 * networking. `--mode auto` decides from what discovery found and says why; an explicit mode the
 * cluster cannot run is a validation error naming what to change. Pure.
 */
import {
  SUBNET_DISCOVERY_ENV,
  SUBNET_DISCOVERY_MIN_CNI,
  SUBNET_DISCOVERY_TAG,
  SUBNET_EXCLUSION_MIN_CNI,
  compareVersions,
} from '../../shared/aws-facts/index.js';
import type { PlanRequest } from '../config/request.js';
import type { ClusterSnapshot } from '../discover/snapshot.js';
import { currentMaxPods, customNetworkingMaxPods, isReplacement } from './nodegroups.js';
import { cniVersionText } from './queries.js';
import { effectiveCniEnv } from './cni-env.js';
import type { Finding, ModeDecision, NetworkingMode, ValueSource } from './types.js';

export { effectiveCniEnv } from './cni-env.js';

export interface ModeChoice {
  /** Undefined when the request cannot be planned (an error finding says why). */
  decision?: ModeDecision | undefined;
  findings: Finding[];
}

export function customNetworkingOn(snapshot: ClusterSnapshot): boolean {
  return effectiveCniEnv(snapshot).AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG === 'true';
}

/** ENABLE_SUBNET_DISCOVERY set to false (its default, since 1.18, is true). */
export function subnetDiscoveryTurnedOff(snapshot: ClusterSnapshot): boolean {
  return effectiveCniEnv(snapshot)[SUBNET_DISCOVERY_ENV]?.toLowerCase() === 'false';
}

/** `1.18.6` from `v1.18.6-eksbuild.1`; undefined when unreadable. */
export function cniVersionNumber(snapshot: ClusterSnapshot): string | undefined {
  const m = /^v?(\d+\.\d+(?:\.\d+)?)/.exec(cniVersionText(snapshot) ?? '');
  return m?.[1];
}

/**
 * The security groups of the nodes' primary ENIs, which subnet discovery gives pods: read from the
 * ENIs when discovery listed them, else the cluster security group (what managed nodes get).
 */
export function nodeSecurityGroups(snapshot: ClusterSnapshot): string[] {
  const instances = new Set(snapshot.kube.nodes.map((n) => n.instanceId).filter((i) => i !== undefined));
  const primaries = (snapshot.networkInterfaces ?? []).filter(
    (e) => e.deviceIndex === 0 && e.instanceId !== undefined && instances.has(e.instanceId),
  );
  if (primaries.length > 0) return [...new Set(primaries.flatMap((e) => e.groups))].sort();
  const group = snapshot.cluster.clusterSecurityGroupId;
  return group ? [group] : [...snapshot.cluster.securityGroupIds];
}

/** The vpc-cni version a managed add-on would move to for subnet discovery: EKS's default if new enough, else the newest. */
export function discoveryAddonTarget(
  snapshot: ClusterSnapshot,
  min: string = SUBNET_DISCOVERY_MIN_CNI,
): string | undefined {
  if (snapshot.cni.install !== 'managed-addon') return undefined;
  const usable = (snapshot.cni.availableVersions ?? []).filter((v) => atLeast(v.version, min));
  const preferred = usable.find((v) => v.default);
  if (preferred) return preferred.version;
  return [...usable].sort((a, b) => compareVersions(b.version, a.version))[0]?.version;
}

/** What custom networking costs here, from the first node group it would replace. */
function customNetworkingCost(snapshot: ClusterSnapshot): string {
  const ng = snapshot.nodegroups.find((g) => !isReplacement(snapshot, g));
  const before = ng ? currentMaxPods(snapshot, ng) : undefined;
  const after = ng ? customNetworkingMaxPods(snapshot, ng) : undefined;
  const density =
    ng && before !== undefined && after !== undefined
      ? `max-pods drops ${before} -> ${after} on ${ng.name} (${ng.instanceTypes.join(', ')})`
      : 'max-pods drops (the primary ENI serves no pods)';
  return `custom networking would replace every node and ${density}, but would give pods their own security groups and free the node subnets' addresses`;
}

const DISCOVERY_GIVES =
  "subnet discovery would need no node replacement and no max-pods change, but pods keep the nodes' security groups and the primary ENI still takes node-subnet addresses";

function decide(
  mode: NetworkingMode,
  source: ValueSource,
  reason: string,
  snapshot: ClusterSnapshot,
  extra: { whyNotDiscovery?: string; addonVersionUpdate?: ModeDecision['addonVersionUpdate'] } = {},
): ModeDecision {
  const alternative =
    mode === 'subnet-discovery'
      ? customNetworkingCost(snapshot)
      : extra.whyNotDiscovery
        ? `${DISCOVERY_GIVES}; here it ${extra.whyNotDiscovery}`
        : DISCOVERY_GIVES;
  return {
    mode,
    source,
    reason,
    alternative,
    ...(extra.addonVersionUpdate ? { addonVersionUpdate: extra.addonVersionUpdate } : {}),
  };
}

const flagOf = (request: PlanRequest, field: 'mode' | 'securityGroups', flag: string) =>
  request.sources[field] === 'config' ? `${field} (config file)` : flag;

/** Security groups asked for that the nodes' primary ENIs do not have. */
function foreignGroups(snapshot: ClusterSnapshot, request: PlanRequest): string[] {
  if (request.securityGroups === 'auto') return [];
  const nodes = new Set(nodeSecurityGroups(snapshot));
  return request.securityGroups.filter((g) => !nodes.has(g));
}

/** Where the CNI stands on subnet discovery: usable now, after an add-on update, or why not. */
type DiscoveryReadiness =
  | { ready: true; version: string }
  | { ready: 'after-update'; from: string; to: string }
  | { ready: false; why: string; fix: string };

/** True when `version` is `min` or later (an unparsable version counts as false). */
function atLeast(version: string, min: string): boolean {
  try {
    return compareVersions(version, min) >= 0;
  } catch {
    return false;
  }
}

/**
 * The CNI version the request needs: 1.18.0 for subnet discovery, 1.22.0 when the node subnets are
 * tagged 0 (`--stop-node-subnet-pods`: older CNIs read only the tag's key, so 0 would opt them in).
 */
export function discoveryMinCni(request: Pick<PlanRequest, 'stopNodeSubnetPods'>): string {
  return request.stopNodeSubnetPods ? SUBNET_EXCLUSION_MIN_CNI : SUBNET_DISCOVERY_MIN_CNI;
}

function discoveryReadiness(
  snapshot: ClusterSnapshot,
  min: string = SUBNET_DISCOVERY_MIN_CNI,
): DiscoveryReadiness {
  const version = cniVersionNumber(snapshot);
  const cni = snapshot.cni;
  if (version && atLeast(version, min)) return { ready: true, version };
  if (cni.install === 'managed-addon') {
    const to = discoveryAddonTarget(snapshot, min);
    if (to) return { ready: 'after-update', from: cni.addonVersion, to };
    return {
      ready: false,
      why: `needs VPC CNI ${min} or later, and EKS offers no such vpc-cni version for Kubernetes ${snapshot.cluster.version} (the add-on runs ${cni.addonVersion || 'an unknown version'})`,
      fix: `update the cluster's Kubernetes version, then the vpc-cni add-on to ${min} or later`,
    };
  }
  const shown =
    version ??
    `an unreadable version (image ${cni.install === 'self-managed' ? (cni.image ?? 'unknown') : 'none'})`;
  return {
    ready: false,
    why: `needs VPC CNI ${min} or later; the self-managed aws-node DaemonSet runs ${shown}`,
    fix: `update the aws-node DaemonSet image to v${min} or later (or install the vpc-cni add-on)`,
  };
}

function ipv6Finding(snapshot: ClusterSnapshot): Finding {
  return {
    severity: 'error',
    code: 'E_IPV6_CLUSTER',
    field: 'mode',
    message: `Cluster ${snapshot.cluster.name} is an IPv6 cluster (ipFamily ipv6): its pods take IPv6 addresses, so neither subnet discovery nor custom networking of a secondary IPv4 block applies.`,
    hint: 'eks-cidr is for IPv4 clusters that run out of addresses; an IPv6 cluster does not run out of pod addresses.',
  };
}

function explicitDiscovery(snapshot: ClusterSnapshot, request: PlanRequest, source: ValueSource): ModeChoice {
  const findings: Finding[] = [];
  const asked = `${flagOf(request, 'mode', '--mode')} subnet-discovery`;
  if (customNetworkingOn(snapshot)) {
    findings.push({
      severity: 'error',
      code: 'E_MODE_CONFLICT',
      field: 'mode',
      message: `${asked}: the VPC CNI already runs with custom networking (AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG=true), which takes precedence over subnet discovery, so tagged subnets would never be used.`,
      hint: `Use --mode custom-networking (or auto) to extend the existing setup, or turn custom networking off first ('eks-cidr destroy --cluster ${snapshot.cluster.name}' when eks-cidr set it up).`,
    });
  } else if (snapshot.kube.eniConfigs.length > 0) {
    findings.push({
      severity: 'warning',
      code: 'W_ENICONFIGS_UNUSED',
      field: 'mode',
      message: `ENIConfigs exist (${snapshot.kube.eniConfigs.map((e) => e.name).join(', ')}) but custom networking is off: subnet discovery ignores them.`,
    });
  }
  const foreign = foreignGroups(snapshot, request);
  if (foreign.length > 0) {
    findings.push({
      severity: 'error',
      code: 'E_MODE_SECURITY_GROUPS',
      field: 'securityGroups',
      message: `${asked} with ${flagOf(request, 'securityGroups', '--security-groups')} ${foreign.join(', ')}: subnet discovery gives pods the security groups of the node's primary ENI (${nodeSecurityGroups(snapshot).join(', ') || 'none found'}), never others.`,
      hint: 'Use --mode custom-networking to give pods their own security groups, or leave out --security-groups.',
    });
  }
  const readiness = discoveryReadiness(snapshot, discoveryMinCni(request));
  if (readiness.ready === false) {
    findings.push({
      severity: 'error',
      code: 'E_MODE_CNI_TOO_OLD',
      field: 'mode',
      message: `${asked}: subnet discovery ${readiness.why}.`,
      hint: `To use it, ${readiness.fix}; or use --mode custom-networking (or auto).`,
    });
  }
  if (findings.some((f) => f.severity === 'error')) return { findings };
  const reason =
    readiness.ready === 'after-update'
      ? `asked for; the vpc-cni add-on moves from ${readiness.from} to ${readiness.to} first (${request.stopNodeSubnetPods ? `${SUBNET_DISCOVERY_TAG}=0 on the node subnets` : 'subnet discovery'} needs ${discoveryMinCni(request)})`
      : 'asked for';
  return {
    findings,
    decision: decide('subnet-discovery', source, reason, snapshot, {
      addonVersionUpdate:
        readiness.ready === 'after-update' ? { from: readiness.from, to: readiness.to } : undefined,
    }),
  };
}

function autoMode(snapshot: ClusterSnapshot, request: PlanRequest): ModeChoice {
  const why = (text: string, mode: NetworkingMode, extra: Parameters<typeof decide>[4] = {}) => ({
    findings: [],
    decision: decide(mode, 'auto', text, snapshot, extra),
  });
  if (customNetworkingOn(snapshot)) {
    return why(
      'the VPC CNI already runs with custom networking: eks-cidr finishes and extends that setup rather than switch it',
      'custom-networking',
      { whyNotDiscovery: 'is ignored while custom networking is on' },
    );
  }
  if (snapshot.kube.eniConfigs.length > 0) {
    return why(
      `ENIConfigs are in use (${snapshot.kube.eniConfigs.map((e) => e.name).join(', ')}): eks-cidr keeps custom networking rather than switch`,
      'custom-networking',
    );
  }
  const foreign = foreignGroups(snapshot, request);
  if (foreign.length > 0) {
    return why(
      `--security-groups names ${foreign.join(', ')}, which the nodes do not have: only custom networking gives pods their own security groups`,
      'custom-networking',
      { whyNotDiscovery: 'cannot give pods those security groups' },
    );
  }
  const readiness = discoveryReadiness(snapshot, discoveryMinCni(request));
  if (readiness.ready === true && subnetDiscoveryTurnedOff(snapshot)) {
    return why(
      `${SUBNET_DISCOVERY_ENV} is false on this cluster: eks-cidr does not turn it on unasked (--mode subnet-discovery does)`,
      'custom-networking',
      { whyNotDiscovery: `is turned off (${SUBNET_DISCOVERY_ENV}=false)` },
    );
  }
  if (readiness.ready === true) {
    return why(
      `VPC CNI ${readiness.version} has subnet discovery on: AWS recommends it for most clusters, and it needs no node replacement`,
      'subnet-discovery',
    );
  }
  if (readiness.ready === 'after-update') {
    return why(
      `the vpc-cni add-on (${readiness.from}) can move to ${readiness.to}, which has subnet discovery: no node replacement, one add-on version update`,
      'subnet-discovery',
      { addonVersionUpdate: { from: readiness.from, to: readiness.to } },
    );
  }
  return why(`subnet discovery ${readiness.why}`, 'custom-networking', {
    whyNotDiscovery: `first needs you to ${readiness.fix}`,
  });
}

/**
 * The mode decision. auto, in order: custom networking already on or ENIConfigs in use ->
 * custom-networking; --security-groups other than the nodes' -> custom-networking; CNI >= 1.18 with
 * discovery not turned off -> subnet-discovery; a managed add-on that can move to >= 1.18 ->
 * subnet-discovery with an add-on version update; otherwise custom-networking. IPv6: refused.
 */
export function chooseMode(snapshot: ClusterSnapshot, request: PlanRequest): ModeChoice {
  if (snapshot.cluster.ipFamily?.toLowerCase() === 'ipv6') return { findings: [ipv6Finding(snapshot)] };
  const source: ValueSource = request.sources.mode === 'config' ? 'config' : 'flag';
  if (request.mode === 'custom-networking') {
    const discovery = discoveryReadiness(snapshot);
    return {
      findings: [],
      decision: decide('custom-networking', source, 'asked for', snapshot, {
        whyNotDiscovery: discovery.ready === false ? discovery.why : undefined,
      }),
    };
  }
  if (request.mode === 'subnet-discovery') return explicitDiscovery(snapshot, request, source);
  return autoMode(snapshot, request);
}
