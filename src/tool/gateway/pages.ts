/**
 * Paged AWS listings, each page under the retry policy on its own: a throttled page is sent again,
 * the pages before it are not (an SDK paginator cannot resume after a failed page, so the tool pages
 * by the token itself). Failures are explained as the tool's errors.
 */
import { toApiError } from '../adapters/aws.js';
import { withRetry } from '../engine/retry.js';

export interface PageOptions {
  signal?: AbortSignal | undefined;
}

/**
 * Every item of a paged listing. `fetchPage(token)` sends one request (the first with `undefined`),
 * `nextToken` reads the next page's token from a response, `itemsOf` its items.
 */
export async function collectAwsPages<P, T>(
  operation: string,
  fetchPage: (token: string | undefined) => Promise<P>,
  nextToken: (page: P) => string | undefined,
  itemsOf: (page: P) => T[],
  options: PageOptions = {},
): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const current = token;
    let page: P;
    try {
      page = await withRetry(() => fetchPage(current), { signal: options.signal });
    } catch (err) {
      throw toApiError(operation, err);
    }
    items.push(...itemsOf(page));
    token = nextToken(page) || undefined;
  } while (token);
  return items;
}

/**
 * One page of a listing the caller pages itself, under the retry policy: a throttled page is sent
 * again, not the listing. An outer retry (a step's) does not send it again once this gave up.
 */
export function retryPage<P>(fetchPage: () => Promise<P>, signal?: AbortSignal): Promise<P> {
  return withRetry(fetchPage, { signal });
}
