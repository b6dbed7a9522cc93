/**
 * The one pager of Kubernetes lists (`limit` and `continue`, as kubectl does with --chunk-size 500):
 * no list is ever one unbounded response, so a large cluster costs one page in memory at a time.
 * Each page is one call through the gateway (a throttled page is sent again by the retry layer, with
 * the same token); a continue token that expired between two pages
 * (410 Gone: the list's snapshot was compacted) restarts the list once from the first page, as
 * client-go's pager does, so the result is one consistent list.
 */
/** Items per request: kubectl's default chunk size. */
export const KUBE_PAGE_SIZE = 500;

/** What one page request adds to a client-node list call's parameters. */
export interface KubePageRequest {
  limit: number;
  _continue?: string;
}

/** The part of a client-node list response the pager reads. */
export interface KubeList<T> {
  items: T[];
  metadata?: { _continue?: string | undefined } | undefined;
}

export type FetchKubePage<T> = (page: KubePageRequest) => Promise<KubeList<T>>;

export interface KubePageOptions {
  /** Items per request (default KUBE_PAGE_SIZE). */
  pageSize?: number | undefined;
}

/** Each page of a list, in the API server's order. */
export async function* kubePages<T>(
  fetchPage: FetchKubePage<T>,
  options: KubePageOptions = {},
): AsyncGenerator<T[]> {
  const limit = options.pageSize ?? KUBE_PAGE_SIZE;
  let token: string | undefined;
  do {
    const request: KubePageRequest = token ? { limit, _continue: token } : { limit };
    const page = await fetchPage(request);
    yield page.items;
    token = page.metadata?._continue || undefined;
  } while (token);
}

/** True for the 410 Gone of an expired continue token (a client-node ApiException's `code`). */
export function isExpiredContinue(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 410;
}

/**
 * Every item of a list, each reduced by `map` as its page arrives (so only one page of full objects
 * is held at a time). A 410 between pages restarts the list once.
 */
export async function listAllKube<T, R>(
  fetchPage: FetchKubePage<T>,
  map: (item: T) => R,
  options: KubePageOptions = {},
): Promise<R[]> {
  for (let attempt = 0; ; attempt++) {
    const out: R[] = [];
    try {
      for await (const page of kubePages(fetchPage, options)) for (const item of page) out.push(map(item));
      return out;
    } catch (err) {
      if (!isExpiredContinue(err) || attempt > 0) throw err;
    }
  }
}
