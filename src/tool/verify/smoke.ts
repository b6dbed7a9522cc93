/**
 * `verify --smoke` and capacity: by default one smoke pod per node that can take one, spread with a
 * hard topology spread constraint so every node (and so every zone) is proven; what the smoke pods
 * are doing, for the progress lines; and, when some stay Pending because no node has room, one
 * `E_NO_CAPACITY` problem with the numbers and the scheduler's own words, distinct from a pod stuck
 * for an address. Pure.
 */
import type { EventInfo, NodeInfo, PodInfo } from '../steps/ports.js';
import type { VerifyProblem } from './evaluate.js';

export const SMOKE_SPREAD_KEY = 'kubernetes.io/hostname';
const FARGATE_LABEL = 'eks.amazonaws.com/compute-type';

/** Nodes a smoke pod can land on: Ready, not cordoned, not Fargate (no DaemonSets, a pod per node anyway). */
export function smokeNodes(nodes: readonly NodeInfo[]): NodeInfo[] {
  return nodes.filter((n) => n.ready && !n.unschedulable && n.labels[FARGATE_LABEL] !== 'fargate');
}

/** One smoke pod per node that can take one (at least one). */
export function defaultSmokeReplicas(nodes: readonly NodeInfo[]): number {
  return Math.max(1, smokeNodes(nodes).length);
}

export interface SmokeState {
  replicas: number;
  running: number;
  ready: number;
  /** Smoke pods without a node (Pending, not scheduled). */
  unscheduled: string[];
  /**
   * Those of them the scheduler has not judged yet: no PodScheduled=False condition and no
   * FailedScheduling event. Not a capacity verdict: the scheduler has not tried them yet.
   */
  undecided: string[];
  /** The scheduler's words for one of them: its PodScheduled condition, else its last FailedScheduling event. */
  schedulerMessage?: string | undefined;
}

export function smokeState(
  pods: readonly PodInfo[],
  events: ReadonlyMap<string, readonly EventInfo[]>,
  app: string,
  replicas: number,
): SmokeState {
  const smoke = pods.filter((p) => p.labels.app === app && !p.deleting);
  const running = smoke.filter((p) => p.phase === 'Running');
  const unscheduled = smoke.filter((p) => p.phase === 'Pending' && !p.nodeName);
  let schedulerMessage: string | undefined;
  const undecided: string[] = [];
  for (const p of unscheduled) {
    const failed = (events.get(`${p.namespace}/${p.name}`) ?? []).filter(
      (e) => e.reason === 'FailedScheduling',
    );
    const verdict = p.unschedulable ?? failed.at(-1)?.message;
    if (verdict === undefined) undecided.push(`${p.namespace}/${p.name}`);
    schedulerMessage ??= verdict;
  }
  return {
    replicas,
    running: running.length,
    ready: running.filter((p) => p.ready !== false).length,
    unscheduled: unscheduled.map((p) => `${p.namespace}/${p.name}`),
    undecided,
    schedulerMessage,
  };
}

/** A progress line while verify waits: `smoke test: 2/3 Ready, 1 Pending (0/3 nodes are available: ...)`. */
export function smokeProgress(s: SmokeState): string {
  const pending = s.unscheduled.length;
  return (
    `smoke test: ${s.ready}/${s.replicas} pod(s) Ready` +
    (s.running > s.ready ? `, ${s.running - s.ready} Running but not Ready` : '') +
    (pending > 0 ? `, ${pending} Pending${s.schedulerMessage ? ` (${s.schedulerMessage})` : ''}` : '')
  );
}

/**
 * The problem verify reports when smoke pods stayed Pending for want of room: E_NO_CAPACITY. Only
 * for pods the scheduler has judged (see `undecidedProblem` for the others).
 */
export function noCapacityProblem(s: SmokeState, name: string): VerifyProblem {
  const why = s.schedulerMessage
    ? `the scheduler says: "${s.schedulerMessage}"`
    : 'the scheduler found no node for them';
  return {
    kind: 'pod',
    name,
    code: 'E_NO_CAPACITY',
    reason:
      `${s.unscheduled.length - s.undecided.length} of ${s.replicas} smoke-test pod(s) stayed Pending: no node has room for them (${why}). ` +
      'This is capacity, not addresses: raise the node group size (eks-cidr plan sizes rotated groups for demand + --capacity-headroom), ' +
      'free pod slots, or lower --smoke-replicas; `eks-cidr report` shows free pod slots per node group.',
    transient: false,
  };
}

/**
 * Smoke pods the scheduler had not judged when verify stopped waiting: neither placed nor refused.
 * Not a capacity verdict; the scheduler is behind (or not running).
 */
export function undecidedProblem(s: SmokeState, name: string): VerifyProblem {
  return {
    kind: 'pod',
    name,
    reason:
      `${s.undecided.length} of ${s.replicas} smoke-test pod(s) were still waiting for the scheduler when verify stopped waiting: ` +
      'neither placed on a node nor refused (no PodScheduled condition, no FailedScheduling event). ' +
      'Check that kube-scheduler is running (`kubectl get events -n default`), then re-run with a longer --wait.',
    transient: true,
  };
}
