/**
 * The capacity model: per node group and zone, what the nodes hold before and after the plan (nodes,
 * instance type, max-pods, pod addresses per node in the address mode, pod slots), what the pods ask
 * for (non-hostNetwork, non-DaemonSet pods Running or stuck for an address; Pending pods with no
 * node), and the headroom left. Pure: the snapshot, the plan's steps and the address mode in.
 *
 * Formulas (brief section 4, max-pods-calculator.sh): pod addresses per node are the calculator's
 * formula without its `+ 2` (ENIs x (IPs - 1), one ENI fewer under custom networking, x 16 with
 * prefix delegation on Nitro); max-pods is what the kubelet runs with (allocatable pods), or what
 * the plan sets.
 */
import { SUBNET_DISCOVERY_TAG, findInstanceType, maxPodsDetails } from '../../shared/aws-facts/index.js';
import type { ClusterSnapshot, SnapshotNode, SnapshotNodegroup, SnapshotPod } from '../discover/snapshot.js';
import type { AddressMode, CapacityModel, CapacityRow, CapacitySide } from './capacity-types.js';
import { REPLACES_TAG } from './ownership.js';
import {
  cniVersionText,
  ipInCidr,
  nodeSubnetsByZone,
  nodesOf,
  podsOnNodes,
  subnetById,
  tryParseCidr,
} from './queries.js';
import { prefixDelegationOn, prefixDelegationWanted } from './prefix-delegation.js';
import { isReplacement } from './nodegroups.js';
import { effectiveCniEnv } from './cni-env.js';
import type { NetworkingMode, PlanStep } from './types.js';

export const CUSTOM_NETWORKING_ENV = 'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG';

/**
 * The mode the CNI runs in now (what nodes that start now get): read from the env it runs with, the
 * managed add-on's configurationValues over the DaemonSet's (an add-on update re-applies them).
 */
export function cniAddressMode(snapshot: ClusterSnapshot): AddressMode {
  const custom = effectiveCniEnv(snapshot)[CUSTOM_NETWORKING_ENV] === 'true';
  return {
    networking: custom ? 'custom-networking' : 'standard',
    prefixDelegation: prefixDelegationOn(snapshot),
    ...(!custom && nodeSubnetsExcludedNow(snapshot) ? { nodeSubnetsExcluded: true } : {}),
  };
}

/** Every node subnet is tagged kubernetes.io/role/cni=0: nodes that start now serve no pods from them. */
function nodeSubnetsExcludedNow(snapshot: ClusterSnapshot): boolean {
  const subnets = [...nodeSubnetsByZone(snapshot).values()].flat();
  return (
    subnets.length > 0 &&
    subnets.every((s) => s.tags.some((t) => t.key === SUBNET_DISCOVERY_TAG && t.value === '0'))
  );
}

function cleanVersion(text: string | undefined): string | undefined {
  const m = text ? /^v?(\d+\.\d+(?:\.\d+)?)/.exec(text) : null;
  return m?.[1];
}

/** Custom networking, or subnet discovery with the node subnets excluded: the primary ENI serves no pods. */
export function primaryEniServesNoPods(mode: AddressMode): boolean {
  return mode.networking === 'custom-networking' || mode.nodeSubnetsExcluded === true;
}

/** Pod addresses a node of this type can give pods in the mode; undefined for an unknown type. */
export function podAddressesPerNode(
  instanceType: string,
  mode: AddressMode,
  cniVersion?: string,
): number | undefined {
  if (!findInstanceType(instanceType)) return undefined;
  const d = maxPodsDetails({
    instanceType,
    customNetworking: primaryEniServesNoPods(mode),
    prefixDelegation: mode.prefixDelegation,
    cniVersion,
  });
  return d.uncappedMaxPods - 2;
}

/** max-pods the calculator gives this type in the mode (what EKS sets when it computes it). */
export function maxPodsInMode(
  instanceType: string,
  mode: AddressMode,
  cniVersion?: string,
): number | undefined {
  if (!findInstanceType(instanceType)) return undefined;
  return maxPodsDetails({
    instanceType,
    customNetworking: primaryEniServesNoPods(mode),
    prefixDelegation: mode.prefixDelegation,
    cniVersion,
  }).maxPods;
}

/** The group's instance types (its own list, else its launch template's type). */
export function instanceTypesOf(ng: SnapshotNodegroup): string[] {
  if (ng.instanceTypes.length > 0) return ng.instanceTypes;
  return ng.launchTemplate?.instanceType ? [ng.launchTemplate.instanceType] : [];
}

/** The type with the fewest pod addresses in the mode: what a node of the group is sure to hold. */
export function smallestType(types: string[], mode: AddressMode, cniVersion?: string): string {
  const known = types.filter((t) => findInstanceType(t));
  if (known.length === 0) return types[0] ?? 'unknown';
  return [...known].sort(
    (a, b) =>
      (podAddressesPerNode(a, mode, cniVersion) ?? 0) - (podAddressesPerNode(b, mode, cniVersion) ?? 0),
  )[0]!;
}

/** A pod every node carries: hostNetwork (no address) or a DaemonSet's. */
export const isPerNodePod = (p: SnapshotPod) => p.hostNetwork || p.ownerKind === 'DaemonSet';

const finished = (p: SnapshotPod) => p.phase === 'Succeeded' || p.phase === 'Failed';

/** Needs an address and counts as demand: not hostNetwork, not a DaemonSet's, not finished. */
export const isDemandPod = (p: SnapshotPod) => !finished(p) && !isPerNodePod(p);

/** On a node but without an address: stuck for one (ContainerCreating). */
export const isStuckPod = (p: SnapshotPod) =>
  isDemandPod(p) && p.nodeName !== undefined && p.podIP === undefined && p.phase !== 'Running';

/** Per node: pods that take a slot and no address (hostNetwork), and DaemonSet pods that take both. */
function perNodeLoad(pods: SnapshotPod[], nodes: SnapshotNode[]) {
  let slots = 0;
  let addresses = 0;
  for (const node of nodes) {
    const on = pods.filter((p) => p.nodeName === node.name && !finished(p) && isPerNodePod(p));
    slots = Math.max(slots, on.length);
    addresses = Math.max(addresses, on.filter((p) => !p.hostNetwork).length);
  }
  return { slots, addresses };
}

export interface SideInput {
  nodes: number;
  instanceType: string;
  maxPods: number;
  mode: AddressMode;
  cniVersion?: string | undefined;
  /** Per-node pods: slots they take (all) and addresses they take (non-hostNetwork). */
  perNode: { slots: number; addresses: number };
}

export function capacitySide(input: SideInput): CapacitySide {
  const addresses = podAddressesPerNode(input.instanceType, input.mode, input.cniVersion) ?? input.maxPods;
  const perNode = Math.max(
    0,
    Math.min(input.maxPods - input.perNode.slots, addresses - input.perNode.addresses),
  );
  return {
    nodes: input.nodes,
    instanceType: input.instanceType,
    maxPods: input.maxPods,
    podAddressesPerNode: addresses,
    podSlots: input.nodes * input.maxPods,
    servablePods: input.nodes * perNode,
    addressMode: input.mode,
  };
}

/** `total` nodes over `zones` as an auto scaling group balances them: even, the first zones take the rest. */
export function spreadOverZones(total: number, zones: string[]): Map<string, number> {
  const out = new Map<string, number>();
  const sorted = [...zones].sort();
  sorted.forEach((zone, i) => {
    out.set(zone, Math.floor(total / sorted.length) + (i < total % sorted.length ? 1 : 0));
  });
  return out;
}

export function zonesOfNodegroup(snapshot: ClusterSnapshot, ng: SnapshotNodegroup): string[] {
  const byId = subnetById(snapshot);
  const zones = new Set<string>();
  for (const id of ng.subnets) {
    const zone = byId.get(id)?.zone;
    if (zone) zones.add(zone);
  }
  for (const n of nodesOf(snapshot, ng)) if (n.zone) zones.add(n.zone);
  return [...zones].sort();
}

/** What the plan does to one original node group: its nodes after, their max-pods and mode. */
export interface GroupAfter {
  /** Total nodes after the plan; spread over the group's zones. */
  nodes: number;
  maxPods: number;
  mode: AddressMode;
  rotate: boolean;
}

export interface CapacityModelInput {
  snapshot: ClusterSnapshot;
  steps: readonly PlanStep[];
  /** The address mode nodes started by the plan run in. */
  targetMode: AddressMode;
  /** Overrides of a group's after-state (sizing), by the original group's name. */
  after?: ReadonlyMap<string, Partial<GroupAfter>> | undefined;
}

/** Node groups keyed by the group they stand for (a replacement counts under the group it replaces). */
export function nodegroupFamilies(snapshot: ClusterSnapshot): Map<string, SnapshotNodegroup[]> {
  const out = new Map<string, SnapshotNodegroup[]>();
  for (const ng of [...snapshot.nodegroups].sort((a, b) => a.name.localeCompare(b.name))) {
    const key = isReplacement(snapshot, ng) ? (ng.tags[REPLACES_TAG] ?? ng.name) : ng.name;
    out.set(key, [...(out.get(key) ?? []), ng]);
  }
  return out;
}

/** Whether a running pod on these nodes has an address in one of the group's node subnets. */
function podsInNodeSubnets(snapshot: ClusterSnapshot, group: SnapshotNodegroup[], nodes: SnapshotNode[]) {
  const byId = subnetById(snapshot);
  const blocks = group
    .flatMap((ng) => ng.subnets)
    .map((id) => tryParseCidr(byId.get(id)?.cidr ?? ''))
    .filter((b) => b !== undefined);
  return podsOnNodes(
    snapshot,
    nodes.map((n) => n.name),
  ).some(
    (p) =>
      !p.hostNetwork &&
      p.phase === 'Running' &&
      p.podIP !== undefined &&
      blocks.some((b) => ipInCidr(b, p.podIP!)),
  );
}

/**
 * The mode a group's running nodes are in. Replacements and nodes needing no rotation run the CNI's.
 * Nodes to rotate started before custom networking was turned on hand out node-subnet addresses
 * (standard); nodes rotated only for density (prefix delegation) on a cluster already running custom
 * networking have no pod in a node subnet, and run custom networking.
 */
function beforeModeOf(snapshot: ClusterSnapshot, group: SnapshotNodegroup[], rotate: boolean): AddressMode {
  const cni = cniAddressMode(snapshot);
  const replaced = group.some((ng) => isReplacement(snapshot, ng));
  if (replaced || !rotate) return cni;
  const nodes = group.flatMap((ng) => nodesOf(snapshot, ng));
  if (
    cni.networking === 'custom-networking' &&
    nodes.length > 0 &&
    !podsInNodeSubnets(snapshot, group, nodes)
  )
    return cni;
  return { networking: 'standard', prefixDelegation: cni.prefixDelegation };
}

/** The plan's decision per original group, from its steps (create-nodegroup: desired size, max-pods). */
function plannedAfter(steps: readonly PlanStep[]): Map<string, Partial<GroupAfter>> {
  const out = new Map<string, Partial<GroupAfter>>();
  for (const s of steps) {
    if (s.kind === 'roll-nodegroup') {
      out.set(s.target.nodegroupName, {
        nodes: s.desired.scaling.desiredSize,
        maxPods: s.desired.maxPods.maxPods,
        rotate: s.action !== 'no-op',
      });
    }
    if (s.kind === 'create-nodegroup') {
      out.set(s.desired.replaces, {
        nodes: s.desired.scaling.desiredSize,
        maxPods: s.desired.maxPods.maxPods,
        rotate: s.action !== 'no-op',
      });
    }
  }
  return out;
}

export function capacityModel(input: CapacityModelInput): CapacityModel {
  const { snapshot, targetMode } = input;
  const cniVersion = cleanVersion(cniVersionText(snapshot));
  const pods = snapshot.kube.pods;
  const planned = plannedAfter(input.steps);
  const rows: CapacityRow[] = [];
  for (const [name, group] of nodegroupFamilies(snapshot)) {
    const decided = { ...planned.get(name), ...input.after?.get(name) };
    const rotate = decided.rotate ?? false;
    const nodes = group.flatMap((ng) => nodesOf(snapshot, ng));
    const groupPods = podsOnNodes(
      snapshot,
      nodes.map((n) => n.name),
    );
    const beforeMode = beforeModeOf(snapshot, group, rotate || planned.has(name));
    const afterMode = rotate || planned.has(name) ? targetMode : beforeMode;
    const types = [...new Set(group.flatMap(instanceTypesOf))];
    const typeBefore = nodes[0]?.instanceType ?? smallestType(types, beforeMode, cniVersion);
    const typeAfter = smallestType(types.length > 0 ? types : [typeBefore], afterMode, cniVersion);
    const allocatable = nodes.map((n) => n.allocatablePods).filter((n): n is number => n !== undefined);
    const maxBefore =
      allocatable.length > 0
        ? Math.min(...allocatable)
        : (maxPodsInMode(typeBefore, beforeMode, cniVersion) ?? 0);
    const maxAfter =
      decided.maxPods ?? (rotate ? maxPodsInMode(typeAfter, afterMode, cniVersion) : undefined) ?? maxBefore;
    const zones = [...new Set([...group.flatMap((ng) => zonesOfNodegroup(snapshot, ng))])].sort();
    const totalAfter = decided.nodes ?? nodes.length;
    const afterByZone = decided.nodes !== undefined ? spreadOverZones(totalAfter, zones) : undefined;
    const perNode = perNodeLoad(groupPods, nodes);
    for (const zone of zones) {
      const zoneNodes = nodes.filter((n) => n.zone === zone);
      const zonePods = podsOnNodes(
        snapshot,
        zoneNodes.map((n) => n.name),
      );
      const demand = zonePods.filter(isDemandPod).length;
      const before = capacitySide({
        nodes: zoneNodes.length,
        instanceType: typeBefore,
        maxPods: maxBefore,
        mode: beforeMode,
        cniVersion,
        perNode,
      });
      const after = capacitySide({
        nodes: afterByZone?.get(zone) ?? zoneNodes.length,
        instanceType: typeAfter,
        maxPods: maxAfter,
        mode: afterMode,
        cniVersion,
        perNode,
      });
      rows.push({
        nodegroup: name,
        zone,
        rotate,
        before,
        after,
        demand,
        perNodePods: perNode.slots,
        stuck: zonePods.filter(isStuckPod).length,
        headroom: after.servablePods - demand,
      });
    }
  }
  const pending = pods.filter((p) => isDemandPod(p) && p.nodeName === undefined).length;
  const sum = (f: (r: CapacityRow) => number) => rows.reduce((acc, r) => acc + f(r), 0);
  const demand = sum((r) => r.demand) + pending;
  const servableAfter = sum((r) => r.after.servablePods);
  return {
    rows,
    totals: {
      nodesBefore: sum((r) => r.before.nodes),
      nodesAfter: sum((r) => r.after.nodes),
      podSlotsBefore: sum((r) => r.before.podSlots),
      podSlotsAfter: sum((r) => r.after.podSlots),
      servableBefore: sum((r) => r.before.servablePods),
      servableAfter,
      demand,
      pending,
      stuck: sum((r) => r.stuck),
      headroom: servableAfter - demand,
    },
  };
}

/**
 * The address mode nodes the plan starts run in, for each mode the planner resolves (planner/mode.ts):
 * subnet discovery or custom networking, each with prefix delegation when `--prefix-delegation`
 * turns it on, or (`keep`, the default) when the CNI runs with it already. `auto` is resolved
 * before this is called; called without a decision it says what the CNI runs now.
 */
export function targetAddressMode(
  snapshot: ClusterSnapshot,
  request: {
    mode?: NetworkingMode | 'auto' | undefined;
    prefixDelegation?: 'on' | 'off' | 'keep' | undefined;
    stopNodeSubnetPods?: boolean | undefined;
  },
): AddressMode {
  const prefixDelegation = prefixDelegationWanted(snapshot, request);
  if (request.mode === 'subnet-discovery' && request.stopNodeSubnetPods)
    return { networking: request.mode, prefixDelegation, nodeSubnetsExcluded: true };
  if (request.mode === 'subnet-discovery' || request.mode === 'custom-networking')
    return { networking: request.mode, prefixDelegation };
  return { networking: cniAddressMode(snapshot).networking, prefixDelegation };
}
