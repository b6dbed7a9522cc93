/**
 * What a managed node group does to a node's Kubernetes side before terminating its instance: find
 * the Node by its providerID, tell whether it is Ready, cordon it, and evict its pods through the
 * Eviction API (PodDisruptionBudgets honoured; DaemonSet and mirror pods stay, as `kubectl drain
 * --ignore-daemonsets` leaves them). With `force`, a pod a budget protects is deleted instead.
 */
import type { EksContext } from './context.js';
import type { EksKubeStorePort, KubeResourceRef } from './ports.js';

const NODES: KubeResourceRef = { group: '', version: 'v1', resource: 'nodes' };
const PODS: KubeResourceRef = { group: '', version: 'v1', resource: 'pods' };

interface NodeLike {
  metadata: { name?: string };
  spec?: { providerID?: string; unschedulable?: boolean };
  status?: { conditions?: { type: string; status: string }[] };
}

interface PodLike {
  metadata: {
    name?: string;
    namespace?: string;
    deletionTimestamp?: string;
    ownerReferences?: { kind: string; controller?: boolean }[];
  };
  spec?: { nodeName?: string };
  status?: { phase?: string };
}

export function kubeStoreOf(ctx: EksContext, cluster: string): EksKubeStorePort | undefined {
  const store = ctx.kube.store?.(cluster);
  return store?.scan ? store : undefined;
}

/** The Node object of an instance (providerID `aws:///<zone>/<instance-id>`). */
export function nodeOfInstance(store: EksKubeStorePort, instanceId: string): NodeLike | undefined {
  return (store.scan?.(NODES) as NodeLike[] | undefined)?.find((n) =>
    (n.spec?.providerID ?? '').endsWith(`/${instanceId}`),
  );
}

export function isNodeReady(node: NodeLike | undefined): boolean {
  return (node?.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

export function cordon(store: EksKubeStorePort, node: NodeLike): boolean {
  if (node.spec?.unschedulable) return false;
  const next = structuredClone(node);
  next.spec = { ...next.spec, unschedulable: true };
  try {
    store.update(NODES, next);
    return true;
  } catch {
    return false; // a conflicting write; the next tick tries again
  }
}

function staysOnNode(pod: PodLike): boolean {
  const owner = pod.metadata.ownerReferences?.find((o) => o.controller);
  return owner?.kind === 'DaemonSet' || owner?.kind === 'Node';
}

/**
 * One pass of a drain: evicts every pod that must leave the node. Returns how many are still on it
 * (refused by a budget, or terminating); 0 means drained.
 */
export function drainPass(store: EksKubeStorePort, nodeName: string, force: boolean): number {
  const pods = (store.scan?.(PODS) as PodLike[] | undefined) ?? [];
  let remaining = 0;
  for (const pod of pods) {
    if (pod.spec?.nodeName !== nodeName || staysOnNode(pod)) continue;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    remaining++;
    if (pod.metadata.deletionTimestamp) continue;
    const namespace = pod.metadata.namespace ?? 'default';
    const name = pod.metadata.name ?? '';
    try {
      store.evict?.(namespace, name);
    } catch {
      if (!force) continue;
      try {
        store.delete?.(PODS, namespace, name);
      } catch {
        // Already gone.
      }
    }
  }
  return remaining;
}
