/**
 * Paged AWS listings by the token: each page is one send through the gateway, so a throttled page is
 * sent again by the retry layer (retry-layer.ts) and the pages before it are not (an SDK paginator
 * cannot resume after a failed page). Failures are explained as the tool's errors.
 */
import { toApiError } from '../adapters/aws.js';

/**
 * Every item of a paged listing. `fetchPage(token)` sends one request (the first with `undefined`),
 * `nextToken` reads the next page's token from a response, `itemsOf` its items.
 */
export async function collectAwsPages<P, T>(
  operation: string,
  fetchPage: (token: string | undefined) => Promise<P>,
  nextToken: (page: P) => string | undefined,
  itemsOf: (page: P) => T[],
): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    let page: P;
    try {
      page = await fetchPage(token);
    } catch (err) {
      throw toApiError(operation, err);
    }
    items.push(...itemsOf(page));
    token = nextToken(page) || undefined;
  } while (token);
  return items;
}
