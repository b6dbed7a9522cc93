/**
 * kube-scheduler's choice for many pods in one pass without scanning every node for every pod. Pods
 * that ask the same of a node (nodeSelector, required node affinity, tolerations) form a class; a
 * class filters the nodes once (only the named ones when its affinity pins `metadata.name`, as
 * DaemonSet pods do) and keeps the nodes that pass in a heap by (pods bound, name), so each pod takes
 * the top: the node `schedulePod` would pick (fewest pods, then the smallest name), at O(log nodes).
 * Bound counts only grow during a pass, so a heap entry whose count went stale is pushed back with
 * the new count, and a node found full stays out. A pod that fits nowhere gets `schedulePod`'s own
 * message (one full scan), kept for the rest of its class: nothing that pass can make it fit. A pod
 * with hard topology spread constraints depends on where its peers went, so it is placed by a full
 * scan (`schedulePod`), as few pods are.
 */
import TinyQueue from 'tinyqueue';
import type { Pod } from './kube-types.js';
import { hasHardSpread } from './topology-spread.js';
import {
  allocatablePods,
  schedulePod,
  staticFilterNode,
  type CandidateNode,
  type ScheduleResult,
} from './scheduler.js';

interface Entry {
  candidate: CandidateNode;
  /** podCount when pushed. */
  count: number;
  name: string;
}

interface PodClass {
  heap: TinyQueue<Entry>;
  /** Set once the class fits nowhere: every later pod of it fails with this message. */
  failure?: string;
}

const byLoadThenName = (a: Entry, b: Entry): number =>
  a.count - b.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The node names a required node affinity limits the pod to, when every term names them. */
function pinnedNames(pod: Pod): string[] | undefined {
  const terms =
    pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms || terms.length === 0) return undefined;
  const names: string[] = [];
  for (const term of terms) {
    const pin = (term.matchFields ?? []).find((f) => f.key === 'metadata.name' && f.operator === 'In');
    if (!pin) return undefined;
    names.push(...(pin.values ?? []));
  }
  return names;
}

function classKey(pod: Pod): string {
  const { nodeSelector, affinity, tolerations } = pod.spec;
  return JSON.stringify([
    nodeSelector ?? null,
    affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? null,
    tolerations ?? null,
  ]);
}

export class PlacementIndex {
  private readonly byName = new Map<string, CandidateNode>();
  private readonly classes = new Map<string, PodClass>();

  constructor(private readonly candidates: readonly CandidateNode[]) {
    for (const c of candidates) this.byName.set(c.node.metadata.name ?? '', c);
  }

  private classOf(pod: Pod): PodClass {
    const key = classKey(pod);
    let cls = this.classes.get(key);
    if (cls) return cls;
    const pinned = pinnedNames(pod);
    const pool = pinned
      ? [...new Set(pinned)].flatMap((n) => {
          const c = this.byName.get(n);
          return c ? [c] : [];
        })
      : this.candidates;
    const entries: Entry[] = [];
    for (const candidate of pool) {
      if (staticFilterNode(pod, candidate.node) !== undefined) continue;
      entries.push({ candidate, count: candidate.podCount, name: candidate.node.metadata.name ?? '' });
    }
    cls = { heap: new TinyQueue(entries, byLoadThenName) };
    this.classes.set(key, cls);
    return cls;
  }

  /** Where the pod goes, or why it cannot go anywhere (same answer as `schedulePod`). */
  place(pod: Pod): ScheduleResult {
    if (hasHardSpread(pod)) return schedulePod(pod, this.candidates);
    const cls = this.classOf(pod);
    if (cls.failure !== undefined) return { ok: false, message: cls.failure };
    for (let top = cls.heap.peek(); top; top = cls.heap.peek()) {
      const { candidate } = top;
      if (top.count !== candidate.podCount) {
        cls.heap.pop();
        cls.heap.push({ ...top, count: candidate.podCount });
      } else if (candidate.podCount + 1 > allocatablePods(candidate.node)) {
        cls.heap.pop();
      } else {
        return { ok: true, nodeName: top.name };
      }
    }
    const result = schedulePod(pod, this.candidates);
    if (!result.ok) cls.failure = result.message;
    return result;
  }

  /** A pod was bound to the node: it counts against the node's capacity (and spreads) from now on. */
  bound(nodeName: string, pod?: Pod): void {
    const candidate = this.byName.get(nodeName);
    if (!candidate) return;
    candidate.podCount++;
    if (pod)
      candidate.pods?.push({
        namespace: pod.metadata.namespace ?? 'default',
        labels: pod.metadata.labels ?? {},
      });
  }
}
