/**
 * Scheduling facts of the Kubernetes side, read when discovery is asked for them (`snapshot`): node
 * capacity, taints and conditions, each pod's owner and requests, the workloads' pod templates reduced
 * to what the scheduler reads, and PodDisruptionBudgets. Reads only (list, paged); nothing of a
 * container's env, args, command, image or volumes is kept.
 */
import type {
  KubeConfig,
  V1Node,
  V1Pod,
  V1PodTemplateSpec,
  V1LabelSelector,
  V1PodDisruptionBudget,
} from '@kubernetes/client-node';
import type { KubeIdentity } from '../adapters/explain-kube.js';
import { allLimit } from './concurrency.js';
import { PAGE, pages } from './kube-pages.js';
import type {
  SnapshotLabelSelector,
  SnapshotNode,
  SnapshotPod,
  SnapshotPodDisruptionBudget,
  SnapshotWorkload,
} from './snapshot.js';
import { kubeApi } from '../gateway/kube.js';

type Quantities = Record<string, string>;

function quantities(list: Record<string, unknown> | undefined): Quantities {
  return Object.fromEntries(Object.entries(list ?? {}).map(([k, v]) => [k, String(v)]));
}

export function nodeScheduling(n: V1Node): NonNullable<SnapshotNode['scheduling']> {
  return {
    taints: (n.spec?.taints ?? []).map((t) => ({
      key: t.key,
      ...(t.value !== undefined ? { value: t.value } : {}),
      effect: t.effect,
    })),
    capacity: quantities(n.status?.capacity),
    allocatable: quantities(n.status?.allocatable),
    conditions: (n.status?.conditions ?? []).map((c) => ({ type: c.type, status: c.status })),
  };
}

export function podScheduling(p: V1Pod): NonNullable<SnapshotPod['scheduling']> {
  const owner = p.metadata?.ownerReferences?.find((o) => o.controller) ?? p.metadata?.ownerReferences?.[0];
  return {
    ...(owner ? { owner: { kind: owner.kind, name: owner.name } } : {}),
    requests: (p.spec?.containers ?? []).map((c) => quantities(c.resources?.requests)),
  };
}

function selectorOf(s: V1LabelSelector | undefined): SnapshotLabelSelector {
  return {
    ...(s?.matchLabels ? { matchLabels: { ...s.matchLabels } } : {}),
    ...(s?.matchExpressions
      ? {
          matchExpressions: s.matchExpressions.map((e) => ({
            key: e.key,
            operator: e.operator,
            ...(e.values ? { values: [...e.values] } : {}),
          })),
        }
      : {}),
  };
}

/** Plain JSON of a client-node object (drops its class and undefined members). */
const plain = <T>(value: T): Record<string, unknown> =>
  JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

export function templateOf(t: V1PodTemplateSpec | undefined): SnapshotWorkload['template'] {
  const spec = t?.spec;
  return {
    labels: { ...(t?.metadata?.labels ?? {}) },
    containers: (spec?.containers ?? []).map((c) => ({
      name: c.name,
      requests: quantities(c.resources?.requests),
      limits: quantities(c.resources?.limits),
    })),
    ...(spec?.nodeSelector ? { nodeSelector: { ...spec.nodeSelector } } : {}),
    ...(spec?.tolerations ? { tolerations: spec.tolerations.map(plain) } : {}),
    ...(spec?.affinity ? { affinity: plain(spec.affinity) } : {}),
    ...(spec?.topologySpreadConstraints
      ? { topologySpreadConstraints: spec.topologySpreadConstraints.map(plain) }
      : {}),
    ...(spec?.hostNetwork ? { hostNetwork: true } : {}),
    ...(spec?.priorityClassName ? { priorityClassName: spec.priorityClassName } : {}),
  };
}

function statusOf(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** A list that a cluster may not serve (404): empty rather than a failure. */
async function optional<T>(list: () => Promise<T[]>): Promise<T[]> {
  try {
    return await list();
  } catch (err) {
    const cause = (err as { cause?: unknown }).cause;
    if (statusOf(err) === 404 || statusOf(cause) === 404) return [];
    throw err;
  }
}

function pdbOf(b: V1PodDisruptionBudget): SnapshotPodDisruptionBudget {
  const spec = b.spec;
  return {
    namespace: b.metadata?.namespace ?? '',
    name: b.metadata?.name ?? '',
    selector: selectorOf(spec?.selector),
    ...(spec?.minAvailable !== undefined ? { minAvailable: spec.minAvailable } : {}),
    ...(spec?.maxUnavailable !== undefined ? { maxUnavailable: spec.maxUnavailable } : {}),
  };
}

/** Deployments, StatefulSets, DaemonSets and PodDisruptionBudgets of every namespace, paged. */
export async function listSchedulingObjects(
  kc: KubeConfig,
  who: KubeIdentity,
  concurrency: number,
  signal?: AbortSignal,
): Promise<{ workloads: SnapshotWorkload[]; podDisruptionBudgets: SnapshotPodDisruptionBudget[] }> {
  const k8s = await import('@kubernetes/client-node');
  const apps = kubeApi(kc, k8s.AppsV1Api);
  const policy = kubeApi(kc, k8s.PolicyV1Api);
  const meta = (m: { namespace?: string; name?: string } | undefined) => ({
    namespace: m?.namespace ?? '',
    name: m?.name ?? '',
  });
  const [deployments, statefulSets, daemonSets, pdbs] = (await allLimit<unknown>(
    [
      async () =>
        (
          await pages(
            'list deployments',
            (c) => apps.listDeploymentForAllNamespaces({ limit: PAGE, _continue: c }),
            who,
          )
        ).map((d): SnapshotWorkload => ({
          kind: 'Deployment',
          ...meta(d.metadata),
          replicas: d.spec?.replicas ?? 1,
          selector: selectorOf(d.spec?.selector),
          template: templateOf(d.spec?.template),
        })),
      async () =>
        optional(async () =>
          (
            await pages(
              'list statefulsets',
              (c) => apps.listStatefulSetForAllNamespaces({ limit: PAGE, _continue: c }),
              who,
            )
          ).map((d): SnapshotWorkload => ({
            kind: 'StatefulSet',
            ...meta(d.metadata),
            replicas: d.spec?.replicas ?? 1,
            ...(d.spec?.podManagementPolicy === 'Parallel'
              ? { podManagementPolicy: 'Parallel' as const }
              : {}),
            selector: selectorOf(d.spec?.selector),
            template: templateOf(d.spec?.template),
          })),
        ),
      async () =>
        (
          await pages(
            'list daemonsets',
            (c) => apps.listDaemonSetForAllNamespaces({ limit: PAGE, _continue: c }),
            who,
          )
        ).map((d): SnapshotWorkload => ({
          kind: 'DaemonSet',
          ...meta(d.metadata),
          selector: selectorOf(d.spec?.selector),
          template: templateOf(d.spec?.template),
        })),
      async () =>
        optional(async () =>
          (
            await pages(
              'list poddisruptionbudgets',
              (c) => policy.listPodDisruptionBudgetForAllNamespaces({ limit: PAGE, _continue: c }),
              who,
            )
          ).map(pdbOf),
        ),
    ],
    concurrency,
    signal,
  )) as [SnapshotWorkload[], SnapshotWorkload[], SnapshotWorkload[], SnapshotPodDisruptionBudget[]];
  return { workloads: [...deployments, ...statefulSets, ...daemonSets], podDisruptionBudgets: pdbs };
}
