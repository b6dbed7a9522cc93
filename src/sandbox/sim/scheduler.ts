/**
 * The scheduler's filter and score, pure: for a pod and the cluster's nodes (with their pod
 * counts), the node to bind to or the FailedScheduling message kube-scheduler would write. Filters
 * run in kube-scheduler's default order and each node reports its first failure: NodeUnschedulable,
 * TaintToleration, NodeAffinity (nodeSelector, required node affinity incl. matchFields on
 * metadata.name as DaemonSet pods use), NodeResourcesFit (allocatable pods), PodTopologySpread
 * (hard constraints, topology-spread.ts).
 */
import type { Node, Pod, Taint } from './kube-types.js';
import { matchesNodeAffinity, toleratesTaint, untoleratedTaint } from './node-match.js';
import { SPREAD_MISMATCH, filterSpread } from './topology-spread.js';

export interface CandidateNode {
  node: Node;
  /** Pods bound to the node that still count against its capacity (not Succeeded/Failed). */
  podCount: number;
  /** Those pods' namespaces and labels (for topology spread constraints); none when not given. */
  pods?: { namespace: string; labels: Record<string, string> }[] | undefined;
}

export { matchesNodeAffinity, toleratesTaint, untoleratedTaint } from './node-match.js';

export type ScheduleResult = { ok: true; nodeName: string } | { ok: false; message: string };

const UNSCHEDULABLE = 'node(s) were unschedulable';
const AFFINITY = "node(s) didn't match Pod's node affinity/selector";
const TOO_MANY_PODS = 'Too many pods';

export function allocatablePods(node: Node): number {
  const value = Number(node.status?.allocatable?.pods ?? '0');
  return Number.isFinite(value) ? value : 0;
}

/**
 * The filters that depend only on the pod and the node (not on the pods bound to it), in
 * kube-scheduler's order: NodeUnschedulable, TaintToleration, NodeAffinity.
 */
export function staticFilterNode(pod: Pod, node: Node): string | undefined {
  if (node.spec.unschedulable) {
    const taint: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };
    if (!(pod.spec.tolerations ?? []).some((t) => toleratesTaint(t, taint))) return UNSCHEDULABLE;
  }
  const taint = untoleratedTaint(pod, node);
  if (taint) return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
  if (!matchesNodeAffinity(pod, node)) return AFFINITY;
  return undefined;
}

/** The first filter a node fails for this pod, in kube-scheduler's words; undefined when it fits. */
export function filterNode(
  pod: Pod,
  candidate: CandidateNode,
  all: readonly CandidateNode[] = [candidate],
): string | undefined {
  const reason = staticFilterNode(pod, candidate.node);
  if (reason) return reason;
  if (candidate.podCount + 1 > allocatablePods(candidate.node)) return TOO_MANY_PODS;
  return filterSpread(pod, candidate.node, all);
}

function histogram(reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts.entries()]
    .map(([reason, n]) => `${n} ${reason}`)
    .sort()
    .join(', ');
}

/** kube-scheduler's FitError text, with the preemption post-filter's verdict appended. */
export function failedSchedulingMessage(total: number, reasons: string[]): string {
  if (total === 0) return 'no nodes available to schedule pods';
  const preemption = reasons.map((r) =>
    r === TOO_MANY_PODS || r === SPREAD_MISMATCH
      ? 'No preemption victims found for incoming pod'
      : 'Preemption is not helpful for scheduling',
  );
  return `0/${total} nodes are available: ${histogram(reasons)}. preemption: 0/${total} nodes are available: ${histogram(preemption)}.`;
}

/** Filters, then scores by fewest pods (spreading), ties broken by name for determinism. */
export function schedulePod(pod: Pod, candidates: readonly CandidateNode[]): ScheduleResult {
  const reasons: string[] = [];
  let best: CandidateNode | undefined;
  for (const candidate of candidates) {
    const reason = filterNode(pod, candidate, candidates);
    if (reason) {
      reasons.push(reason);
      continue;
    }
    if (
      !best ||
      candidate.podCount < best.podCount ||
      (candidate.podCount === best.podCount &&
        (candidate.node.metadata.name ?? '') < (best.node.metadata.name ?? ''))
    ) {
      best = candidate;
    }
  }
  if (best) return { ok: true, nodeName: best.node.metadata.name ?? '' };
  return { ok: false, message: failedSchedulingMessage(candidates.length, reasons) };
}
