/**
 * The scheduler's filter and score, pure: for a pod and the cluster's nodes (with their pod
 * counts), the node to bind to or the FailedScheduling message kube-scheduler would write. Filters
 * run in kube-scheduler's default order and each node reports its first failure: NodeUnschedulable,
 * TaintToleration, NodeAffinity (nodeSelector, required node affinity incl. matchFields on
 * metadata.name as DaemonSet pods use), NodeResourcesFit (allocatable pods).
 */
import type { Node, NodeSelectorTerm, Pod, Taint, Toleration } from './kube-types.js';
import { matchesRequirement } from './labels.js';

export interface CandidateNode {
  node: Node;
  /** Pods bound to the node that still count against its capacity (not Succeeded/Failed). */
  podCount: number;
}

export type ScheduleResult = { ok: true; nodeName: string } | { ok: false; message: string };

const UNSCHEDULABLE = 'node(s) were unschedulable';
const AFFINITY = "node(s) didn't match Pod's node affinity/selector";
const TOO_MANY_PODS = 'Too many pods';

export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  const operator = toleration.operator ?? 'Equal';
  if (!toleration.key) return operator === 'Exists';
  if (toleration.key !== taint.key) return false;
  if (operator === 'Exists') return true;
  return operator === 'Equal' && (toleration.value ?? '') === (taint.value ?? '');
}

export function untoleratedTaint(pod: Pod, node: Node): Taint | undefined {
  const tolerations = pod.spec.tolerations ?? [];
  return (node.spec.taints ?? []).find(
    (t) =>
      (t.effect === 'NoSchedule' || t.effect === 'NoExecute') &&
      !tolerations.some((tol) => toleratesTaint(tol, t)),
  );
}

function matchesTerm(term: NodeSelectorTerm, node: Node): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  if (!exprs.every((r) => matchesRequirement(labels, r, true))) return false;
  const fieldValues = { 'metadata.name': node.metadata.name ?? '' };
  return fields.every((r) => matchesRequirement(fieldValues, r));
}

export function matchesNodeAffinity(pod: Pod, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(pod.spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const required = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required) return required.nodeSelectorTerms.some((t) => matchesTerm(t, node));
  return true;
}

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
export function filterNode(pod: Pod, candidate: CandidateNode): string | undefined {
  const reason = staticFilterNode(pod, candidate.node);
  if (reason) return reason;
  if (candidate.podCount + 1 > allocatablePods(candidate.node)) return TOO_MANY_PODS;
  return undefined;
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
    r === TOO_MANY_PODS
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
    const reason = filterNode(pod, candidate);
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
