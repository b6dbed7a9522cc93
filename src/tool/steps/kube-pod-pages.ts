/**
 * Pods read page by page (`limit` and `continue`, as kubectl does with --chunk-size 500): a cluster's
 * whole pod list is never one response, so 150,000 pods cost one page of full Pod objects in memory
 * at a time, and each page is reduced to the few fields verify and report read before the next.
 */
import type { CoreV1Api, V1Pod, V1PodList } from '@kubernetes/client-node';
import type { PodInfo } from './ports.js';
import { retryPage } from '../gateway/pages.js';

/** Pods per request: kubectl's default chunk size. */
export const POD_PAGE_SIZE = 500;

export interface PodQuery {
  nodeName?: string | undefined;
  namespace?: string | undefined;
  labelSelector?: string | undefined;
}

export function podInfo(p: V1Pod): PodInfo {
  return {
    namespace: p.metadata?.namespace ?? 'default',
    name: p.metadata?.name ?? '',
    nodeName: p.spec?.nodeName,
    phase: p.status?.phase ?? 'Unknown',
    podIp: p.status?.podIP,
    hostNetwork: p.spec?.hostNetwork === true,
    ownerKinds: (p.metadata?.ownerReferences ?? []).map((o) => o.kind),
    owner: p.metadata?.ownerReferences?.[0]
      ? `${p.metadata.ownerReferences[0].kind}/${p.metadata.ownerReferences[0].name}`
      : undefined,
    labels: p.metadata?.labels ?? {},
    mirror: p.metadata?.annotations?.['kubernetes.io/config.mirror'] !== undefined,
    deleting: p.metadata?.deletionTimestamp !== undefined,
    ready: readyOf(p),
  };
}

function readyOf(p: V1Pod): boolean | undefined {
  const ready = p.status?.conditions?.find((c) => c.type === 'Ready');
  return ready ? ready.status === 'True' : undefined;
}

function listPage(
  core: CoreV1Api,
  query: PodQuery,
  token: string | undefined,
  pageSize: number,
): Promise<V1PodList> {
  const params = {
    ...(query.nodeName ? { fieldSelector: `spec.nodeName=${query.nodeName}` } : {}),
    ...(query.labelSelector ? { labelSelector: query.labelSelector } : {}),
    limit: pageSize,
    ...(token ? { _continue: token } : {}),
  };
  return query.namespace
    ? core.listNamespacedPod({ namespace: query.namespace, ...params })
    : core.listPodForAllNamespaces(params);
}

/** Each page of the pods `query` selects, as PodInfo, in the API server's order. */
export async function* podPages(
  core: CoreV1Api,
  query: PodQuery = {},
  pageSize = POD_PAGE_SIZE,
): AsyncGenerator<PodInfo[]> {
  let token: string | undefined;
  do {
    const current = token;
    // Each page under the retry policy on its own: a throttled page is asked again, not the list.
    const page = await retryPage(() => listPage(core, query, current, pageSize));
    yield page.items.map(podInfo);
    token = page.metadata?._continue || undefined;
  } while (token);
}

/**
 * Every pod `query` selects, read page by page. A continue token that expired between two pages
 * (410 Gone: the list's snapshot was compacted) restarts the list once from the first page, as
 * client-go's pager does, so the result is one consistent list.
 */
export async function listAllPods(
  core: CoreV1Api,
  query: PodQuery = {},
  pageSize = POD_PAGE_SIZE,
): Promise<PodInfo[]> {
  for (let attempt = 0; ; attempt++) {
    const pods: PodInfo[] = [];
    try {
      for await (const page of podPages(core, query, pageSize)) for (const p of page) pods.push(p);
      return pods;
    } catch (err) {
      const code = (err as { code?: unknown } | null)?.code;
      if (code !== 410 || attempt > 0) throw err;
    }
  }
}
