/**
 * Pods grouped by node and by controlling owner, built once per pod list: the tick store hands out
 * the same list until a write, so every controller of a pass shares one grouping instead of scanning
 * every pod for each node or each workload. The groups are shared like the list: read, never mutate.
 */
import type { Pod } from './kube-types.js';
import { controllerOf } from './kube-util.js';

const byNodeCache = new WeakMap<readonly Pod[], Map<string, Pod[]>>();
const byOwnerCache = new WeakMap<readonly Pod[], Map<string, Pod[]>>();

function groupBy(pods: readonly Pod[], key: (pod: Pod) => string | undefined): Map<string, Pod[]> {
  const out = new Map<string, Pod[]>();
  for (const pod of pods) {
    const k = key(pod);
    if (k === undefined) continue;
    const list = out.get(k);
    if (list) list.push(pod);
    else out.set(k, [pod]);
  }
  return out;
}

/** The pods bound to each node (`spec.nodeName`), in list order. */
export function podsByNode(pods: readonly Pod[]): ReadonlyMap<string, readonly Pod[]> {
  let index = byNodeCache.get(pods);
  if (!index) {
    index = groupBy(pods, (p) => p.spec.nodeName || undefined);
    byNodeCache.set(pods, index);
  }
  return index;
}

/** The pods of each controlling owner, by the owner's uid, in list order. */
export function podsByOwner(pods: readonly Pod[]): ReadonlyMap<string, readonly Pod[]> {
  let index = byOwnerCache.get(pods);
  if (!index) {
    index = groupBy(pods, (p) => controllerOf(p)?.uid);
    byOwnerCache.set(pods, index);
  }
  return index;
}
