/**
 * Node groups under custom networking: max-pods before and after, whether a node group still hands
 * out pod addresses outside the pod block (and so must be replaced), and how its replacement sets
 * max-pods. Pure.
 */
import { findInstanceType, maxPodsFor } from '../../shared/aws-facts/index.js';
import type { ClusterSnapshot, SnapshotNodegroup } from '../discover/snapshot.js';
import { REPLACES_TAG, isOwnedBy } from './ownership.js';
import {
  cniVersionText,
  ipInCidr,
  nodesOf,
  podsOnNodes,
  prefixDelegationEnabled,
  tryParseCidr,
} from './queries.js';
import type { MaxPodsSetting } from './types.js';

const REPLACEMENT_SUFFIX = '-eks-cidr';

/** Deterministic, so a re-run after a crash finds the replacement it already created. */
export function replacementName(nodegroup: string): string {
  return nodegroup.slice(0, 63 - REPLACEMENT_SUFFIX.length) + REPLACEMENT_SUFFIX;
}

export function isReplacement(snapshot: ClusterSnapshot, ng: SnapshotNodegroup): boolean {
  return isOwnedBy(ng.tags, snapshot.cluster.name);
}

function computedMaxPods(
  snapshot: ClusterSnapshot,
  ng: SnapshotNodegroup,
  customNetworking: boolean,
  prefixDelegation: boolean = prefixDelegationEnabled(snapshot),
): number | undefined {
  const known = ng.instanceTypes.filter((t) => findInstanceType(t) !== undefined);
  if (known.length === 0) return undefined;
  const cniVersion = cleanVersion(cniVersionText(snapshot));
  return Math.min(
    ...known.map((instanceType) =>
      maxPodsFor({
        instanceType,
        customNetworking,
        prefixDelegation,
        cniVersion,
      }),
    ),
  );
}

function cleanVersion(text: string | undefined): string | undefined {
  const m = text ? /^v?(\d+\.\d+(?:\.\d+)?)/.exec(text) : null;
  return m?.[1];
}

/** max-pods set in launch-template user data (bootstrap.sh --max-pods=N, or nodeadm maxPods: N). */
export function userDataMaxPods(userData: string | undefined): number | undefined {
  if (!userData) return undefined;
  const m = /--max-pods[= ](\d+)/.exec(userData) ?? /maxPods:\s*(\d+)/.exec(userData);
  return m?.[1] ? Number(m[1]) : undefined;
}

/** What the node group's nodes run with now: their allocatable pods, else the user data, else the formula. */
export function currentMaxPods(snapshot: ClusterSnapshot, ng: SnapshotNodegroup): number | undefined {
  const allocatable = nodesOf(snapshot, ng)
    .map((n) => n.allocatablePods)
    .filter((n): n is number => n !== undefined);
  if (allocatable.length > 0) return Math.min(...allocatable);
  return (
    userDataMaxPods(ng.launchTemplate?.userData) ?? computedMaxPods(snapshot, ng, isReplacement(snapshot, ng))
  );
}

export function customNetworkingMaxPods(
  snapshot: ClusterSnapshot,
  ng: SnapshotNodegroup,
): number | undefined {
  return computedMaxPods(snapshot, ng, true);
}

/** max-pods by the calculator for a networking setting (smallest over the node group's types). */
export function maxPodsWith(
  snapshot: ClusterSnapshot,
  ng: SnapshotNodegroup,
  setting: { customNetworking: boolean; prefixDelegation: boolean },
): number | undefined {
  return computedMaxPods(snapshot, ng, setting.customNetworking, setting.prefixDelegation);
}

/**
 * Whether a node group's nodes still give pods addresses outside the pod block. Until the CNI runs
 * with custom networking every node does; after, a node does when one of its pods has such an address.
 */
export function needsRotation(
  snapshot: ClusterSnapshot,
  ng: SnapshotNodegroup,
  podCidr: string,
  cniConfigured: boolean,
): boolean {
  if (isReplacement(snapshot, ng)) return false;
  const nodes = new Set(nodesOf(snapshot, ng).map((n) => n.name));
  if (nodes.size === 0) return false;
  if (!cniConfigured) return true;
  const block = tryParseCidr(podCidr);
  if (!block) return true;
  return podsOnNodes(snapshot, nodes).some(
    (p) => !p.hostNetwork && p.phase === 'Running' && p.podIP !== undefined && !ipInCidr(block, p.podIP),
  );
}

export function amiFamilyOf(ng: SnapshotNodegroup): 'AL2023' | 'AL2' | 'Bottlerocket' | 'unknown' {
  const ami = ng.amiType ?? '';
  if (ami.startsWith('AL2023')) return 'AL2023';
  if (ami.startsWith('AL2_')) return 'AL2';
  if (ami.startsWith('BOTTLEROCKET')) return 'Bottlerocket';
  const userData = ng.launchTemplate?.userData ?? '';
  if (/NodeConfig|nodeadm/.test(userData)) return 'AL2023';
  if (/bootstrap\.sh/.test(userData)) return 'AL2';
  if (/^\s*\[settings/m.test(userData)) return 'Bottlerocket';
  return 'unknown';
}

/**
 * How the replacement sets max-pods. Without a launch template naming an AMI, EKS computes max-pods
 * for managed node groups from the VPC CNI's configuration itself (EKS user guide, custom networking);
 * with one, the user data must say it.
 */
export function maxPodsSetting(ng: SnapshotNodegroup, maxPods: number): MaxPodsSetting {
  const lt = ng.launchTemplate;
  if (!lt?.imageId) return { via: 'eks-default', maxPods };
  return {
    via: 'launch-template',
    maxPods,
    amiFamily: amiFamilyOf(ng),
    launchTemplate: { id: lt.id, name: lt.name, version: lt.version },
  };
}

/** Replacement node groups by the name of the node group each replaces. */
export function replacementsByOriginal(snapshot: ClusterSnapshot): Map<string, SnapshotNodegroup> {
  const out = new Map<string, SnapshotNodegroup>();
  for (const ng of snapshot.nodegroups) {
    if (!isReplacement(snapshot, ng)) continue;
    const original = ng.tags[REPLACES_TAG];
    if (original) out.set(original, ng);
  }
  return out;
}
