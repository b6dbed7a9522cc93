/**
 * kube-scheduler's PodTopologySpread filter for `whenUnsatisfiable: DoNotSchedule` constraints, pure
 * (Kubernetes docs, "Pod Topology Spread Constraints"). Domains are the values of `topologyKey` on
 * the nodes that count: those matching the pod's node affinity/selector (`nodeAffinityPolicy`,
 * default Honor) and, with `nodeTaintsPolicy: Honor` (default Ignore), whose taints the pod
 * tolerates. A node fits when placing the pod there keeps `count(domain) + 1 - min(count)` within
 * `maxSkew`, counting the pods of the pod's namespace that match `labelSelector`. `ScheduleAnyway`
 * only scores, so it never filters.
 */
import type { Node, Pod } from './kube-types.js';
import { matchesSelector } from './labels.js';
import { matchesNodeAffinity, untoleratedTaint } from './node-match.js';

export interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  labelSelector?: { matchLabels?: Record<string, string> } | undefined;
  nodeAffinityPolicy?: 'Honor' | 'Ignore' | undefined;
  nodeTaintsPolicy?: 'Honor' | 'Ignore' | undefined;
}

/** A node and the pods bound to it that are not finished (their namespace and labels). */
export interface SpreadCandidate {
  node: Node;
  pods?: readonly { namespace: string; labels: Record<string, string> }[] | undefined;
}

export const SPREAD_MISMATCH = "node(s) didn't match pod topology spread constraints";
export const SPREAD_MISSING_LABEL =
  "node(s) didn't match pod topology spread constraints (missing required label)";

export function constraintsOf(pod: Pod): TopologySpreadConstraint[] {
  const list = pod.spec.topologySpreadConstraints;
  return Array.isArray(list) ? (list as TopologySpreadConstraint[]) : [];
}

/** Whether the pod has a constraint the scheduler filters on (DoNotSchedule). */
export function hasHardSpread(pod: Pod): boolean {
  return constraintsOf(pod).some((c) => c.whenUnsatisfiable === 'DoNotSchedule');
}

function countsToward(pod: Pod, c: TopologySpreadConstraint, node: Node): boolean {
  if (node.metadata.labels?.[c.topologyKey] === undefined) return false;
  if ((c.nodeAffinityPolicy ?? 'Honor') === 'Honor' && !matchesNodeAffinity(pod, node)) return false;
  if (c.nodeTaintsPolicy === 'Honor') {
    if (untoleratedTaint(pod, node)) return false;
    // A cordoned node carries node.kubernetes.io/unschedulable:NoSchedule.
    if (node.spec.unschedulable) return false;
  }
  return true;
}

/** The reason the node fails the pod's hard spread constraints; undefined when it passes. */
export function filterSpread(
  pod: Pod,
  node: Node,
  candidates: readonly SpreadCandidate[],
): string | undefined {
  const own = pod.metadata.labels ?? {};
  for (const c of constraintsOf(pod)) {
    if (c.whenUnsatisfiable !== 'DoNotSchedule') continue;
    const domain = node.metadata.labels?.[c.topologyKey];
    if (domain === undefined) return SPREAD_MISSING_LABEL;
    // No labelSelector matches no pod (every domain counts 0).
    const selector = c.labelSelector;
    const namespace = pod.metadata.namespace ?? 'default';
    const counts = new Map<string, number>();
    for (const cand of candidates) {
      if (!countsToward(pod, c, cand.node)) continue;
      const value = cand.node.metadata.labels![c.topologyKey]!;
      const matching = (cand.pods ?? []).filter(
        (p) => p.namespace === namespace && matchesSelector(p.labels, selector),
      ).length;
      counts.set(value, (counts.get(value) ?? 0) + matching);
    }
    const min = counts.size === 0 ? 0 : Math.min(...counts.values());
    const self = matchesSelector(own, selector) ? 1 : 0;
    if ((counts.get(domain) ?? 0) + self - min > c.maxSkew) return SPREAD_MISMATCH;
  }
  return undefined;
}
