/**
 * kube-scheduler's loop: every pending pod for `default-scheduler` without a node is filtered and
 * scored against the Nodes (scheduler.ts) and bound (`spec.nodeName`, PodScheduled=True, a
 * Scheduled event), or left Pending with PodScheduled=False/Unschedulable and a FailedScheduling event.
 */
import type { ClusterContext, Controller } from './engine.js';
import { NODES, PODS, type Condition, type Node, type Pod } from './kube-types.js';
import { byCreation, isTerminal, tryUpdate, tryUpdateStatus } from './kube-util.js';
import { PlacementIndex } from './placement-index.js';
import type { CandidateNode } from './scheduler.js';
import { kubeTime } from './time.js';
import { hasHardSpread } from './topology-spread.js';

function podsByNode(pods: readonly Pod[]) {
  const out = new Map<string, { namespace: string; labels: Record<string, string> }[]>();
  for (const p of pods) {
    if (!p.spec.nodeName || isTerminal(p)) continue;
    const list = out.get(p.spec.nodeName) ?? [];
    list.push({ namespace: p.metadata.namespace ?? 'default', labels: p.metadata.labels ?? {} });
    out.set(p.spec.nodeName, list);
  }
  return out;
}

function withCondition(pod: Pod, condition: Condition): Pod {
  // The store copies what it is given: the pod's other fields are shared, never cloned.
  const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== condition.type);
  return { ...pod, status: { ...pod.status, conditions: [...conditions, condition] } };
}

export const schedulerController: Controller = {
  name: 'scheduler',
  reconcile(ctx: ClusterContext) {
    let writes = 0;
    const pods = ctx.store.list(PODS) as Pod[];
    const pending = pods
      .filter((p) => !p.spec.nodeName && !p.metadata.deletionTimestamp && !isTerminal(p))
      .filter((p) => (p.spec.schedulerName ?? 'default-scheduler') === 'default-scheduler')
      .sort(byCreation);
    if (pending.length === 0) return 0;
    const counts = new Map<string, number>();
    for (const p of pods)
      if (p.spec.nodeName && !isTerminal(p))
        counts.set(p.spec.nodeName, (counts.get(p.spec.nodeName) ?? 0) + 1);
    // The bound pods' labels, by node, only when a pending pod spreads against them.
    const bound = pending.some(hasHardSpread) ? podsByNode(pods) : undefined;
    const candidates: CandidateNode[] = (ctx.store.list(NODES) as Node[])
      .filter((n) => !n.metadata.deletionTimestamp)
      .map((node) => ({
        node,
        podCount: counts.get(node.metadata.name ?? '') ?? 0,
        ...(bound ? { pods: bound.get(node.metadata.name ?? '') ?? [] } : {}),
      }));
    const placement = new PlacementIndex(candidates);
    for (const pod of pending) {
      if (ctx.overBudget()) break;
      const result = placement.place(pod);
      const ref = `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''}`;
      if (result.ok) {
        // Bind (spec.nodeName); the kubelet's first status carries PodScheduled=True (one write less per pod).
        const bound: Pod = { ...pod, spec: { ...pod.spec, nodeName: result.nodeName } };
        if (tryUpdate(ctx.store, PODS, bound) === 0) continue;
        writes++;
        placement.bound(result.nodeName, pod);
        ctx.events.record({
          involved: pod,
          type: 'Normal',
          reason: 'Scheduled',
          message: `Successfully assigned ${ref} to ${result.nodeName}`,
          source: { component: 'default-scheduler' },
          now: ctx.now,
        });
        continue;
      }
      const previous = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
      if (previous?.status === 'False' && previous.message === result.message) continue;
      const failed = withCondition(pod, {
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message: result.message,
        lastProbeTime: null,
        lastTransitionTime: kubeTime(ctx.now),
      });
      writes += tryUpdateStatus(ctx.store, PODS, failed);
      ctx.events.record({
        involved: pod,
        type: 'Warning',
        reason: 'FailedScheduling',
        message: result.message,
        source: { component: 'default-scheduler' },
        now: ctx.now,
      });
    }
    return writes;
  },
};
