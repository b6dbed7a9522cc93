/**
 * Workloads at risk from a rotation, listed before any eviction: those with pods on nodes the plan
 * replaces or rolls that run a single replica (down while its pod moves), have no PodDisruptionBudget
 * (nothing limits how many of their pods leave at once beyond the wave or EKS's maxUnavailable), or
 * have a budget that can never allow a disruption (the drain blocks until it times out, or EKS's
 * update fails with PodEvictionFailure unless forced). Pure; needs discovery's scheduling facts.
 */
import type {
  ClusterSnapshot,
  SnapshotLabelSelector,
  SnapshotPodDisruptionBudget,
  SnapshotWorkload,
} from '../discover/snapshot.js';
import { nodesOf, podsOnNodes } from './queries.js';
import type { Finding, PlanStep } from './types.js';

export function selectorMatches(selector: SnapshotLabelSelector, labels: Record<string, string>): boolean {
  const match = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const exprs = (selector.matchExpressions ?? []).every((e) => {
    const value = labels[e.key];
    switch (e.operator) {
      case 'In':
        return value !== undefined && (e.values ?? []).includes(value);
      case 'NotIn':
        return value === undefined || !(e.values ?? []).includes(value);
      case 'Exists':
        return value !== undefined;
      case 'DoesNotExist':
        return value === undefined;
      default:
        return false;
    }
  });
  const empty = !selector.matchLabels && !selector.matchExpressions;
  return !empty && match && exprs;
}

/** A budget that allows no disruption whatever the pods' state: minAvailable = all, or maxUnavailable 0. */
export function neverDisrupts(pdb: SnapshotPodDisruptionBudget, replicas: number): boolean {
  const max = pdb.maxUnavailable;
  if (max === 0 || max === '0' || max === '0%') return true;
  const min = pdb.minAvailable;
  if (min === '100%') return true;
  if (typeof min === 'number') return min >= replicas;
  if (typeof min === 'string' && /^\d+$/.test(min)) return Number(min) >= replicas;
  return false;
}

/** The node groups whose nodes the plan takes down: drained (replace) or rolled. */
function rotatedGroups(steps: readonly PlanStep[]): Set<string> {
  const out = new Set<string>();
  for (const s of steps) {
    if (s.action === 'no-op') continue;
    if (s.kind === 'drain-nodegroup' || s.kind === 'roll-nodegroup') out.add(s.target.nodegroupName);
  }
  return out;
}

export function workloadRisks(snapshot: ClusterSnapshot, steps: readonly PlanStep[]): Finding[] {
  const workloads = snapshot.kube.workloads;
  if (!workloads) return [];
  const groups = rotatedGroups(steps);
  if (groups.size === 0) return [];
  const nodes = snapshot.nodegroups
    .filter((ng) => groups.has(ng.name))
    .flatMap((ng) => nodesOf(snapshot, ng));
  const pods = podsOnNodes(
    snapshot,
    nodes.map((n) => n.name),
  );
  const pdbs = snapshot.kube.podDisruptionBudgets ?? [];
  const out: Finding[] = [];
  const affected = (w: SnapshotWorkload) =>
    w.kind !== 'DaemonSet' &&
    pods.some((p) => p.namespace === w.namespace && selectorMatches(w.selector, p.labels ?? {}));
  for (const w of [...workloads].sort((a, b) =>
    `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`),
  )) {
    if (!affected(w)) continue;
    const replicas = w.replicas ?? 1;
    const budgets = pdbs.filter(
      (b) => b.namespace === w.namespace && selectorMatches(b.selector, w.template.labels),
    );
    const name = `${w.kind} ${w.namespace}/${w.name}`;
    const reasons: string[] = [];
    if (replicas <= 1) reasons.push('a single replica: it is unavailable while its pod moves to a new node');
    if (budgets.length === 0)
      reasons.push(
        'no PodDisruptionBudget: nothing but the wave size (or EKS maxUnavailable) bounds how many of its pods leave at once',
      );
    for (const b of budgets.filter((x) => neverDisrupts(x, replicas)))
      reasons.push(
        `PodDisruptionBudget ${b.namespace}/${b.name} never allows a disruption (${b.maxUnavailable !== undefined ? `maxUnavailable ${b.maxUnavailable}` : `minAvailable ${b.minAvailable}`} of ${replicas}): the drain blocks until --drain-timeout (rolling: EKS fails with PodEvictionFailure unless --force)`,
      );
    if (reasons.length === 0) continue;
    out.push({
      severity: 'warning',
      code: 'W_WORKLOAD_AT_RISK',
      message: `${name} (${replicas} replica(s)) is at risk during the rotation: ${reasons.join('; ')}.`,
      hint:
        replicas <= 1 || budgets.length === 0
          ? `Scale it to 2 or more and give it a PodDisruptionBudget (kubectl create pdb ${w.name} -n ${w.namespace} --selector=... --max-unavailable=1) before apply.`
          : 'Relax the budget (or scale the workload up) before apply.',
    });
  }
  return out;
}
