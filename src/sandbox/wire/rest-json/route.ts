/**
 * The contract between the REST-JSON router and a service's route table (EKS:
 * `wire/rest-json/eks/routes.ts` exporting `eksRoutes`). A route names the
 * operation, matches a method and a path template (`/clusters/{name}/node-groups/{nodegroupName}`),
 * and turns the decoded request into a status and a JSON body; thrown AwsErrors become the
 * REST-JSON error envelope (`x-amzn-ErrorType`, `{"message"}`).
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RestJsonRequest {
  /** Path template parameters, URI-decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body, or `{}` when the request has none. */
  body: unknown;
}

export interface RestJsonResponse {
  /** Defaults to 200. */
  status?: number;
  body: unknown;
}

/** What every handler receives; a service extends it with its model (`{ eks: EksModel }`). */
export interface RestJsonBaseContext {
  requestId: string;
  region: string;
  accountId: string;
}

export interface RestJsonRoute<Ctx = RestJsonBaseContext> {
  /** The API operation name as in the service model, e.g. `DescribeNodegroup` (for the trail). */
  operation: string;
  method: HttpMethod;
  path: string;
  /** False for Describe/List: the trail records `readOnly: true` and the state is not rewritten. */
  mutating: boolean;
  handle(req: RestJsonRequest, ctx: Ctx): RestJsonResponse;
}
