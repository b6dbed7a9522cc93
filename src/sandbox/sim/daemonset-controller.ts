/**
 * The DaemonSet controller: one pod per eligible node (the template's node selector and affinity,
 * taints it tolerates), bound by the scheduler through a `metadata.name` node-affinity term as the
 * real controller does; pods of an older template are replaced up to maxUnavailable at a time.
 */
import type { ClusterContext, Controller } from './engine.js';
import {
  DAEMONSETS,
  NODES,
  PODS,
  type DaemonSet,
  type Node,
  type Pod,
  type Toleration,
} from './kube-types.js';
import { isActive, isPodReady, sameJson, tryDelete, tryUpdateStatus } from './kube-util.js';
import { randomSuffix, podTemplateHash } from './names.js';
import { podFromTemplate } from './pod-template.js';
import { podsByOwner } from './pod-index.js';
import { matchesNodeAffinity, untoleratedTaint } from './scheduler.js';
import { resolveIntOrPercent } from './deployment-controller.js';

/** Tolerations the DaemonSet controller adds to every daemon pod. */
const DAEMON_TOLERATIONS: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

function daemonPod(ds: DaemonSet, node: Node, name: string, hash: string): Pod {
  const extraTolerations = [...DAEMON_TOLERATIONS];
  if (ds.spec.template.spec.hostNetwork) {
    extraTolerations.push({
      key: 'node.kubernetes.io/network-unavailable',
      operator: 'Exists',
      effect: 'NoSchedule',
    });
  }
  const existing = ds.spec.template.spec.tolerations ?? [];
  const tolerations = extraTolerations.filter(
    (t) => !existing.some((e) => e.key === t.key && e.effect === t.effect),
  );
  // As the controller does: every required term also pins the node by name (matchFields).
  const pin = { key: 'metadata.name', operator: 'In', values: [node.metadata.name ?? ''] };
  const own = ds.spec.template.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const terms = (own?.nodeSelectorTerms.length ? own.nodeSelectorTerms : [{}]).map((t) => ({
    ...t,
    matchFields: [...(t.matchFields ?? []).filter((f) => f.key !== 'metadata.name'), pin],
  }));
  return podFromTemplate(ds.spec.template, ds, name, {
    labels: {
      'controller-revision-hash': hash,
      'pod-template-generation': String(ds.metadata.generation ?? 1),
    },
    tolerations,
    affinity: {
      ...ds.spec.template.spec.affinity,
      nodeAffinity: {
        ...ds.spec.template.spec.affinity?.nodeAffinity,
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms },
      },
    },
  });
}

/** nodeShouldRunDaemonPod, as a predicate built once per DaemonSet (its selector, affinity, tolerations). */
export function daemonPlacement(ds: DaemonSet): (node: Node) => boolean {
  const probe: Pod = {
    metadata: {},
    spec: {
      ...ds.spec.template.spec,
      tolerations: [
        ...(ds.spec.template.spec.tolerations ?? []),
        ...DAEMON_TOLERATIONS,
        ...(ds.spec.template.spec.hostNetwork
          ? [{ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' }]
          : []),
      ],
    },
  };
  return (node) => matchesNodeAffinity(probe, node) && !untoleratedTaint(probe, node);
}

export function shouldRunOn(ds: DaemonSet, node: Node): boolean {
  return daemonPlacement(ds)(node);
}

const hashes = new Map<string, string>();

/** The template hash, computed once per DaemonSet generation. */
function templateHash(ds: DaemonSet): string {
  const key = `${ds.metadata.uid ?? ''}/${ds.metadata.generation ?? 0}`;
  let hash = hashes.get(key);
  if (!hash) {
    hash = podTemplateHash(ds.spec.template).slice(0, 10);
    if (hashes.size > 1000) hashes.clear();
    hashes.set(key, hash);
  }
  return hash;
}

function reconcileOne(ctx: ClusterContext, ds: DaemonSet, nodes: Node[], pods: Pod[]): number {
  let writes = 0;
  const hash = templateHash(ds);
  const owned = (podsByOwner(pods).get(ds.metadata.uid ?? '') ?? []).filter(isActive);
  const byNode = new Map<string, Pod[]>();
  const unbound: Pod[] = [];
  for (const pod of owned) {
    const target =
      pod.spec.nodeName ??
      pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms[0]
        ?.matchFields?.[0]?.values?.[0];
    if (!target) {
      unbound.push(pod);
      continue;
    }
    const list = byNode.get(target);
    if (list) list.push(pod);
    else byNode.set(target, [pod]);
  }
  const placement = daemonPlacement(ds);
  const eligible = nodes.filter(placement);
  const eligibleNames = new Set(eligible.map((n) => n.metadata.name ?? ''));
  const maxUnavailable = Math.max(
    1,
    resolveIntOrPercent(ds.spec.updateStrategy?.rollingUpdate?.maxUnavailable, eligible.length, '1', true),
  );
  let unavailable = eligible.filter(
    (n) => !(byNode.get(n.metadata.name ?? '') ?? []).some(isPodReady),
  ).length;
  for (const node of eligible) {
    if (ctx.overBudget()) break;
    const name = node.metadata.name ?? '';
    const here = byNode.get(name) ?? [];
    if (here.length === 0) {
      ctx.store.create(
        PODS,
        daemonPod(ds, node, `${ds.metadata.name ?? ''}-${randomSuffix(ctx.env.ids)}`, hash),
      );
      writes++;
      continue;
    }
    for (const extra of here.slice(1)) writes += tryDelete(ctx.store, PODS, extra);
    const pod = here[0]!;
    const outdated = pod.metadata.labels?.['controller-revision-hash'] !== hash;
    if (
      outdated &&
      ds.spec.updateStrategy?.type !== 'OnDelete' &&
      (unavailable < maxUnavailable || !isPodReady(pod))
    ) {
      writes += tryDelete(ctx.store, PODS, pod);
      if (isPodReady(pod)) unavailable++;
    }
  }
  for (const [name, list] of byNode)
    if (!eligibleNames.has(name)) for (const pod of list) writes += tryDelete(ctx.store, PODS, pod);
  for (const pod of unbound) writes += tryDelete(ctx.store, PODS, pod);
  const scheduled = eligible.filter((n) => (byNode.get(n.metadata.name ?? '') ?? []).length > 0);
  const readyCount = eligible.filter((n) =>
    (byNode.get(n.metadata.name ?? '') ?? []).some(isPodReady),
  ).length;
  const status: Record<string, unknown> = {
    currentNumberScheduled: scheduled.length,
    desiredNumberScheduled: eligible.length,
    numberMisscheduled: [...byNode.keys()].filter((n) => !eligibleNames.has(n)).length,
    numberReady: readyCount,
    numberAvailable: readyCount,
    numberUnavailable: eligible.length - readyCount,
    observedGeneration: ds.metadata.generation ?? 1,
    updatedNumberScheduled: eligible.filter((n) =>
      (byNode.get(n.metadata.name ?? '') ?? []).some(
        (p) => p.metadata.labels?.['controller-revision-hash'] === hash,
      ),
    ).length,
  };
  for (const key of ['numberAvailable', 'numberUnavailable', 'updatedNumberScheduled'] as const)
    if (status[key] === 0) delete status[key];
  if (!sameJson(status, ds.status ?? {})) {
    const fresh = ctx.store.get(DAEMONSETS, ds.metadata.namespace, ds.metadata.name ?? '') as
      DaemonSet | undefined;
    if (fresh) writes += tryUpdateStatus(ctx.store, DAEMONSETS, { ...fresh, status });
  }
  return writes;
}

export const daemonSetController: Controller = {
  name: 'daemonset',
  reconcile(ctx) {
    let writes = 0;
    const nodes = ctx.store.list(NODES) as Node[];
    const pods = ctx.store.list(PODS) as Pod[];
    for (const ds of ctx.store.list(DAEMONSETS) as DaemonSet[]) writes += reconcileOne(ctx, ds, nodes, pods);
    return writes;
  },
};
