/**
 * Garbage collection: dependents whose controlling owner is gone are deleted (background cascading
 * deletion: ReplicaSets of a deleted Deployment, Pods of a deleted ReplicaSet, DaemonSet or StatefulSet), and
 * PodGC force-deletes pods bound to Nodes that no longer exist, after its 40 s quarantine.
 */
import type { Controller } from './engine.js';
import {
  DAEMONSETS,
  DEPLOYMENTS,
  NODES,
  PODS,
  REPLICASETS,
  STATEFULSETS,
  type KubeObject,
  type Pod,
} from './kube-types.js';
import { controllerOf, tryDelete } from './kube-util.js';

/** PodGC's quarantine before deleting a pod whose node is gone (podgc.quarantineTime). */
export const ORPHAN_QUARANTINE_MS = 40_000;

const OWNER_KINDS: Record<string, typeof DEPLOYMENTS> = {
  Deployment: DEPLOYMENTS,
  ReplicaSet: REPLICASETS,
  DaemonSet: DAEMONSETS,
  StatefulSet: STATEFULSETS,
};

export const garbageCollector: Controller = {
  name: 'garbage-collector',
  reconcile(ctx) {
    let writes = 0;
    const uids = new Set<string>();
    for (const ref of Object.values(OWNER_KINDS))
      for (const o of ctx.store.list(ref)) if (o.metadata.uid) uids.add(o.metadata.uid);
    const orphaned = (obj: KubeObject) => {
      const owner = controllerOf(obj);
      return owner !== undefined && owner.kind in OWNER_KINDS && !uids.has(owner.uid);
    };
    for (const rs of ctx.store.list(REPLICASETS))
      if (orphaned(rs)) writes += tryDelete(ctx.store, REPLICASETS, rs);
    const nodes = new Set(ctx.store.list(NODES).map((n) => n.metadata.name));
    const since = (ctx.state.orphanedSince ??= {});
    const seen = new Set<string>();
    for (const pod of ctx.store.list(PODS) as Pod[]) {
      if (pod.spec.nodeName && !nodes.has(pod.spec.nodeName)) {
        const key = `${ctx.cluster}/${pod.metadata.uid ?? ''}`;
        seen.add(key);
        // Noticed ahead of the clock (a settled scenario): counts as now.
        const first = (since[key] = Math.min(since[key] ?? ctx.now, ctx.now));
        if (ctx.now - first >= ORPHAN_QUARANTINE_MS) writes += tryDelete(ctx.store, PODS, pod, 0);
        else ctx.requeueAt(first + ORPHAN_QUARANTINE_MS);
      } else if (orphaned(pod) && !pod.metadata.deletionTimestamp) {
        writes += tryDelete(ctx.store, PODS, pod);
      }
    }
    for (const key of Object.keys(since))
      if (key.startsWith(`${ctx.cluster}/`) && !seen.has(key)) delete since[key];
    return writes;
  },
};
