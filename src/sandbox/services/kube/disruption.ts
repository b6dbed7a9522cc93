/**
 * The eviction API's budget check (pkg/registry/core/pod/storage/eviction.go and the disruption
 * controller's arithmetic): how many matching pods are expected, how many must stay healthy, how many
 * are healthy now, and so whether one more may go.
 */
import type { KubeObject } from './types.js';

export interface BudgetStatus {
  expectedPods: number;
  desiredHealthy: number;
  currentHealthy: number;
  disruptionsAllowed: number;
}

type IntOrPercent = number | string | undefined;

function scaled(value: IntOrPercent, total: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  if (m) return Math.ceil((Number(m[1]) * total) / 100);
  const n = Number(value);
  return Number.isInteger(n) ? n : undefined;
}

export function isTerminating(pod: KubeObject): boolean {
  return pod.metadata.deletionTimestamp !== undefined;
}

/** Running, Ready and not on its way out: what the disruption controller counts as healthy. */
export function isHealthy(pod: KubeObject): boolean {
  if (isTerminating(pod)) return false;
  const status = pod.status as
    { phase?: string; conditions?: { type: string; status: string }[] } | undefined;
  if (status?.phase !== 'Running') return false;
  return (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/**
 * @param pods the pods the budget's selector matches in its namespace.
 * @param controllerScale desired replicas of a pod's controller (by controller uid), when known.
 */
export function budgetStatus(
  pdb: KubeObject,
  pods: KubeObject[],
  controllerScale: (uid: string) => number | undefined,
): BudgetStatus {
  const spec = (pdb.spec ?? {}) as { minAvailable?: IntOrPercent; maxUnavailable?: IntOrPercent };
  // Expected pods: the sum of the controllers' scales, a pod without a controller counting as one.
  const controllers = new Map<string, number>();
  let uncontrolled = 0;
  for (const pod of pods) {
    const owner = pod.metadata.ownerReferences?.find((o) => o.controller);
    const scale = owner ? controllerScale(owner.uid) : undefined;
    if (owner && scale !== undefined) controllers.set(owner.uid, scale);
    else if (!isTerminating(pod)) uncontrolled++;
  }
  const expectedPods = [...controllers.values()].reduce((a, b) => a + b, uncontrolled);
  const currentHealthy = pods.filter(isHealthy).length;
  let desiredHealthy: number;
  const minAvailable = scaled(spec.minAvailable, expectedPods);
  const maxUnavailable = scaled(spec.maxUnavailable, expectedPods);
  if (minAvailable !== undefined) desiredHealthy = minAvailable;
  else if (maxUnavailable !== undefined) desiredHealthy = Math.max(0, expectedPods - maxUnavailable);
  else desiredHealthy = expectedPods;
  const disruptionsAllowed = Math.max(0, currentHealthy - desiredHealthy);
  return { expectedPods, desiredHealthy, currentHealthy, disruptionsAllowed };
}

/** May this pod be evicted under the budget (the default IfHealthyBudget policy)? */
export function evictionAllowed(pdb: KubeObject, pod: KubeObject, status: BudgetStatus): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  // Pods that are not running (pending, finished) never count against a budget.
  if (phase !== 'Running') return true;
  const policy = (pdb.spec as { unhealthyPodEvictionPolicy?: string } | undefined)
    ?.unhealthyPodEvictionPolicy;
  if (!isHealthy(pod)) {
    if (policy === 'AlwaysAllow') return true;
    return status.currentHealthy >= status.desiredHealthy;
  }
  return status.disruptionsAllowed > 0;
}
