/**
 * Pods read page by page (`limit` and `continue`, as kubectl does with --chunk-size 500): a cluster's
 * whole pod list is never one response, so 150,000 pods cost one page of full Pod objects in memory
 * at a time, and each page is reduced to the few fields verify and report read before the next.
 * The reduced records share the values pods repeat (node names, namespaces, owners, label sets): one
 * copy per distinct value instead of one per pod, which is most of what 150,000 records weigh.
 */
import type { CoreV1Api, V1Pod } from '@kubernetes/client-node';
import type { PodInfo } from './ports.js';
import { reducedListOptions } from '../gateway/kube.js';
import { KUBE_PAGE_SIZE, kubePages, listAllKube, type FetchKubePage } from '../gateway/kube-pages.js';

/** Pods per request: kubectl's default chunk size. */
export const POD_PAGE_SIZE = KUBE_PAGE_SIZE;

export interface PodQuery {
  nodeName?: string | undefined;
  namespace?: string | undefined;
  labelSelector?: string | undefined;
}

/**
 * One copy of each value the pods of a listing repeat. The records are read, never changed, by verify,
 * report and the rotation steps, so sharing is safe.
 */
export class PodValues {
  private readonly strings = new Map<string, string>();
  private readonly kinds = new Map<string, string[]>();
  private readonly labelSets = new Map<string, Record<string, string>>();

  string<S extends string | undefined>(value: S): S {
    if (value === undefined) return value;
    const known = this.strings.get(value);
    if (known !== undefined) return known as S;
    this.strings.set(value, value);
    return value;
  }

  ownerKinds(kinds: string[]): string[] {
    const key = kinds.join('/');
    let known = this.kinds.get(key);
    if (!known) this.kinds.set(key, (known = kinds.map((k) => this.string(k))));
    return known;
  }

  labels(labels: Record<string, string> | undefined): Record<string, string> {
    const entries = Object.entries(labels ?? {});
    const key = JSON.stringify(entries);
    let known = this.labelSets.get(key);
    if (!known)
      this.labelSets.set(
        key,
        (known = Object.fromEntries(entries.map(([k, v]) => [this.string(k), this.string(v)]))),
      );
    return known;
  }
}

/** The annotation of a static pod's mirror. */
const MIRROR = 'kubernetes.io/config.mirror';

export function podInfo(p: V1Pod, values: PodValues = new PodValues()): PodInfo {
  const firstOwner = p.metadata?.ownerReferences?.[0];
  return {
    namespace: values.string(p.metadata?.namespace ?? 'default'),
    name: p.metadata?.name ?? '',
    nodeName: values.string(p.spec?.nodeName),
    phase: values.string(p.status?.phase ?? 'Unknown'),
    podIp: p.status?.podIP,
    hostNetwork: p.spec?.hostNetwork === true,
    ownerKinds: values.ownerKinds((p.metadata?.ownerReferences ?? []).map((o) => o.kind)),
    owner: firstOwner ? values.string(`${firstOwner.kind}/${firstOwner.name}`) : undefined,
    labels: values.labels(p.metadata?.labels),
    mirror: p.metadata?.annotations?.[MIRROR] !== undefined,
    deleting: p.metadata?.deletionTimestamp !== undefined,
    ready: readyOf(p),
    ...(p.spec?.nodeName ? {} : unschedulableOf(p, values)),
  };
}

/** A Pod as JSON, as far as podFields reads it. */
interface PodJson {
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { apiVersion?: string; kind?: string; name?: string; uid?: string }[];
    deletionTimestamp?: string;
  };
  spec?: { nodeName?: string; hostNetwork?: boolean };
  status?: {
    phase?: string;
    podIP?: string;
    conditions?: { type?: string; status?: string; reason?: string; message?: string }[];
  };
}

/**
 * A pod of a listing's page (JSON, before client-node types it) reduced to the fields podInfo reads:
 * the rest of a Pod (containers, volumes, managed fields, statuses) is most of its size and of the
 * cost of typing 150,000 of them. podInfo of the reduced pod is podInfo of the pod (tested).
 */
export function podFields(item: unknown): unknown {
  const { metadata: m = {}, spec = {}, status = {} } = item as PodJson;
  const mirror = m.annotations?.[MIRROR];
  return {
    metadata: {
      name: m.name,
      namespace: m.namespace,
      labels: m.labels,
      ...(mirror !== undefined ? { annotations: { [MIRROR]: mirror } } : {}),
      ownerReferences: m.ownerReferences?.map(({ apiVersion, kind, name, uid }) => ({
        apiVersion,
        kind,
        name,
        uid,
      })),
      deletionTimestamp: m.deletionTimestamp,
    },
    spec: { containers: [], nodeName: spec.nodeName, hostNetwork: spec.hostNetwork },
    status: {
      phase: status.phase,
      podIP: status.podIP,
      conditions: status.conditions
        ?.filter((c) => c.type === 'Ready' || c.type === 'PodScheduled')
        .map(({ type, status, reason, message }) => ({ type, status, reason, message })),
    },
  };
}

function unschedulableOf(p: V1Pod, values: PodValues): { unschedulable?: string } {
  const scheduled = p.status?.conditions?.find((c) => c.type === 'PodScheduled');
  if (scheduled?.status !== 'False' || scheduled.reason !== 'Unschedulable') return {};
  return { unschedulable: values.string(scheduled.message ?? 'Unschedulable') };
}

function readyOf(p: V1Pod): boolean | undefined {
  const ready = p.status?.conditions?.find((c) => c.type === 'Ready');
  return ready ? ready.status === 'True' : undefined;
}

function fetchPodPage(core: CoreV1Api, query: PodQuery): FetchKubePage<V1Pod> {
  const selectors = {
    ...(query.nodeName ? { fieldSelector: `spec.nodeName=${query.nodeName}` } : {}),
    ...(query.labelSelector ? { labelSelector: query.labelSelector } : {}),
  };
  return async (page) => {
    const options = await reducedListOptions(podFields);
    return query.namespace
      ? core.listNamespacedPod({ namespace: query.namespace, ...selectors, ...page }, options)
      : core.listPodForAllNamespaces({ ...selectors, ...page }, options);
  };
}

/** Each page of the pods `query` selects, as PodInfo, in the API server's order. */
export async function* podPages(
  core: CoreV1Api,
  query: PodQuery = {},
  pageSize = POD_PAGE_SIZE,
  values: PodValues = new PodValues(),
): AsyncGenerator<PodInfo[]> {
  for await (const page of kubePages(fetchPodPage(core, query), { pageSize }))
    yield page.map((p) => podInfo(p, values));
}

/**
 * Every pod `query` selects, read page by page (the gateway's pager: a 410 between pages restarts
 * the list once).
 */
export function listAllPods(
  core: CoreV1Api,
  query: PodQuery = {},
  pageSize = POD_PAGE_SIZE,
): Promise<PodInfo[]> {
  const values = new PodValues();
  return listAllKube(fetchPodPage(core, query), (p) => podInfo(p, values), { pageSize });
}
