/**
 * What the EKS route handlers share: reading a path parameter, and the List* response (one page of
 * names under the operation's member, plus `nextToken` when there is more).
 */
import type { EksErrorFields } from '../../../services/eks/errors.js';
import type { RestJsonRequest, RestJsonResponse } from '../route.js';
import { defined } from './input.js';
import { paginate } from './paginate.js';

/** A path parameter; the router only matches a route when every `{param}` is present. */
export function pathParam(req: RestJsonRequest, name: string): string {
  return req.params[name] ?? '';
}

/** One page of `keys` by the request's maxResults/nextToken, as `{ [member]: [...], nextToken? }`. */
export function listPage(
  member: string,
  keys: string[],
  query: URLSearchParams,
  fields?: EksErrorFields,
): RestJsonResponse {
  const page = paginate(keys, query, fields);
  return { body: defined({ [member]: page.items, nextToken: page.nextToken }) };
}
