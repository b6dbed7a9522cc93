/**
 * The ReplicaSet controller: keeps `spec.replicas` active pods (creating from the template,
 * deleting the least useful first: unscheduled, then not ready, then newest) and reports status.
 */
import type { ClusterContext, Controller } from './engine.js';
import { PODS, REPLICASETS, type Pod, type ReplicaSet } from './kube-types.js';
import { byCreation, isActive, isPodReady, sameJson, tryDelete, tryUpdateStatus } from './kube-util.js';
import { matchesSelector } from './labels.js';
import { podsByOwner } from './pod-index.js';
import { randomSuffix } from './names.js';
import { podFromTemplate } from './pod-template.js';

function deletionRank(pod: Pod): number {
  if (!pod.spec.nodeName) return 0;
  if (!isPodReady(pod)) return 1;
  return 2;
}

export function podsToDelete(pods: Pod[], count: number): Pod[] {
  if (count <= 0) return [];
  return [...pods]
    .sort((a, b) => deletionRank(a) - deletionRank(b) || -byCreation(a, b))
    .slice(0, Math.max(0, count));
}

function reconcileOne(ctx: ClusterContext, rs: ReplicaSet, owned: readonly Pod[]): number {
  let writes = 0;
  const active = owned.filter(isActive);
  const desired = rs.spec.replicas ?? 1;
  const name = rs.metadata.name ?? '';
  if (!rs.metadata.deletionTimestamp) {
    for (let i = active.length; i < desired; i++) {
      if (ctx.overBudget()) break;
      const podName = `${name}-${randomSuffix(ctx.env.ids)}`;
      const pod = ctx.store.create(PODS, podFromTemplate(rs.spec.template, rs, podName));
      ctx.events.record({
        involved: rs,
        type: 'Normal',
        reason: 'SuccessfulCreate',
        message: `Created pod: ${pod.metadata.name ?? podName}`,
        source: { component: 'replicaset-controller' },
        now: ctx.now,
      });
      active.push(pod as Pod);
      writes++;
    }
    for (const pod of podsToDelete(active, active.length - desired)) {
      writes += tryDelete(ctx.store, PODS, pod);
      ctx.events.record({
        involved: rs,
        type: 'Normal',
        reason: 'SuccessfulDelete',
        message: `Deleted pod: ${pod.metadata.name ?? ''}`,
        source: { component: 'replicaset-controller' },
        now: ctx.now,
      });
    }
  }
  const current = active.filter((p) => !p.metadata.deletionTimestamp);
  const ready = current.filter(isPodReady).length;
  const status: Record<string, unknown> = {
    replicas: current.length,
    fullyLabeledReplicas: current.filter((p) => matchesSelector(p.metadata.labels, rs.spec.selector)).length,
    readyReplicas: ready,
    availableReplicas: ready,
    observedGeneration: rs.metadata.generation ?? 1,
  };
  for (const key of ['readyReplicas', 'availableReplicas', 'fullyLabeledReplicas'] as const)
    if (status[key] === 0) delete status[key];
  if (!sameJson(status, rs.status ?? {})) {
    const fresh = ctx.store.get(REPLICASETS, rs.metadata.namespace, name) as ReplicaSet | undefined;
    if (fresh) writes += tryUpdateStatus(ctx.store, REPLICASETS, { ...fresh, status });
  }
  return writes;
}

export const replicaSetController: Controller = {
  name: 'replicaset',
  reconcile(ctx) {
    let writes = 0;
    // Pods by their controller's uid, once per pod list (not every pod for every ReplicaSet).
    const byOwner = podsByOwner(ctx.store.list(PODS) as Pod[]);
    for (const rs of ctx.store.list(REPLICASETS) as ReplicaSet[]) {
      if (ctx.overBudget()) break;
      writes += reconcileOne(ctx, rs, byOwner.get(rs.metadata.uid ?? '') ?? []);
    }
    return writes;
  },
};
