/**
 * The StatefulSet controller: pods named `<set>-<ordinal>` with the template's labels plus
 * `statefulset.kubernetes.io/pod-name`, recreated under the same name when deleted or evicted.
 * `OrderedReady` (the default) creates ordinal N only once 0..N-1 are Ready and removes the highest
 * ordinal first; `Parallel` creates and removes without waiting. Reports status as the real one.
 */
import type { ClusterContext, Controller } from './engine.js';
import { PODS, STATEFULSETS, type Pod, type StatefulSet } from './kube-types.js';
import {
  isActive,
  isOwnedBy,
  isPodReady,
  isTerminal,
  sameJson,
  tryDelete,
  tryUpdateStatus,
} from './kube-util.js';
import { podFromTemplate } from './pod-template.js';

const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';

function ordinalOf(set: string, pod: Pod): number | undefined {
  const name = pod.metadata.name ?? '';
  const m = name.startsWith(`${set}-`) ? /^(\d+)$/.exec(name.slice(set.length + 1)) : null;
  return m ? Number(m[1]) : undefined;
}

function reconcileOne(ctx: ClusterContext, sts: StatefulSet, allPods: Pod[]): number {
  let writes = 0;
  const name = sts.metadata.name ?? '';
  const desired = sts.spec.replicas ?? 1;
  const parallel = sts.spec.podManagementPolicy === 'Parallel';
  const byOrdinal = new Map<number, Pod>();
  for (const pod of allPods) {
    if (!isOwnedBy(pod, sts)) continue;
    const ordinal = ordinalOf(name, pod);
    if (ordinal !== undefined) byOrdinal.set(ordinal, pod);
  }
  if (!sts.metadata.deletionTimestamp) {
    for (let i = 0; i < desired; i++) {
      const pod = byOrdinal.get(i);
      if (pod && isActive(pod)) {
        if (!parallel && !isPodReady(pod)) break;
        continue;
      }
      if (pod) {
        // A finished pod is deleted to be recreated under its name; until it is gone the name is taken.
        if (isTerminal(pod) && !pod.metadata.deletionTimestamp) writes += tryDelete(ctx.store, PODS, pod);
        if (parallel) continue;
        break;
      }
      if (ctx.overBudget()) break;
      const podName = `${name}-${i}`;
      const created = ctx.store.create(
        PODS,
        podFromTemplate(sts.spec.template, sts, podName, { labels: { [POD_NAME_LABEL]: podName } }),
      ) as Pod;
      byOrdinal.set(i, created);
      ctx.events.record({
        involved: sts,
        type: 'Normal',
        reason: 'SuccessfulCreate',
        message: `create Pod ${podName} in StatefulSet ${name} successful`,
        source: { component: 'statefulset-controller' },
        now: ctx.now,
      });
      writes++;
      if (!parallel) break;
    }
    const extra = [...byOrdinal.entries()]
      .filter(([i, p]) => i >= desired && !p.metadata.deletionTimestamp)
      .sort(([a], [b]) => b - a);
    for (const [, pod] of parallel ? extra : extra.slice(0, 1)) {
      writes += tryDelete(ctx.store, PODS, pod);
      ctx.events.record({
        involved: sts,
        type: 'Normal',
        reason: 'SuccessfulDelete',
        message: `delete Pod ${pod.metadata.name ?? ''} in StatefulSet ${name} successful`,
        source: { component: 'statefulset-controller' },
        now: ctx.now,
      });
    }
  }
  const current = [...byOrdinal.values()].filter((p) => isActive(p) && !p.metadata.deletionTimestamp);
  const ready = current.filter(isPodReady).length;
  const status: Record<string, unknown> = {
    replicas: current.length,
    readyReplicas: ready,
    currentReplicas: current.length,
    updatedReplicas: current.length,
    availableReplicas: ready,
    observedGeneration: sts.metadata.generation ?? 1,
  };
  for (const key of ['readyReplicas', 'availableReplicas'] as const)
    if (status[key] === 0) delete status[key];
  if (!sameJson(status, sts.status ?? {})) {
    const fresh = ctx.store.get(STATEFULSETS, sts.metadata.namespace, name) as StatefulSet | undefined;
    if (fresh) writes += tryUpdateStatus(ctx.store, STATEFULSETS, { ...fresh, status });
  }
  return writes;
}

export const statefulSetController: Controller = {
  name: 'statefulset',
  reconcile(ctx) {
    let writes = 0;
    const sets = ctx.store.list(STATEFULSETS) as StatefulSet[];
    if (sets.length === 0) return 0;
    const pods = ctx.store.list(PODS) as Pod[];
    for (const sts of sets) {
      if (ctx.overBudget()) break;
      writes += reconcileOne(ctx, sts, pods);
    }
    return writes;
  },
};
