/**
 * Garbage collection: dependents whose controlling owner is gone are deleted (background cascading
 * deletion: ReplicaSets of a deleted Deployment, Pods of a deleted ReplicaSet or DaemonSet), and
 * PodGC force-deletes pods bound to Nodes that no longer exist.
 */
import type { Controller } from './engine.js';
import {
  DAEMONSETS,
  DEPLOYMENTS,
  NODES,
  PODS,
  REPLICASETS,
  type KubeObject,
  type Pod,
} from './kube-types.js';
import { controllerOf, tryDelete } from './kube-util.js';

const OWNER_KINDS: Record<string, typeof DEPLOYMENTS> = {
  Deployment: DEPLOYMENTS,
  ReplicaSet: REPLICASETS,
  DaemonSet: DAEMONSETS,
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
    for (const pod of ctx.store.list(PODS) as Pod[]) {
      if (pod.spec.nodeName && !nodes.has(pod.spec.nodeName)) writes += tryDelete(ctx.store, PODS, pod, 0);
      else if (orphaned(pod) && !pod.metadata.deletionTimestamp) writes += tryDelete(ctx.store, PODS, pod);
    }
    return writes;
  },
};
