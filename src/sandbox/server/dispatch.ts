/**
 * Dispatch of one authenticated AWS API call to its service: EC2 Query, STS Query or a REST-JSON
 * service, and each service's error envelope. The pipeline around it (auth, faults, trail,
 * persistence) is in request-handler.ts.
 */
import { AwsError } from '../services/aws-error.js';
import { ec2ErrorResult, ec2ResponseXml, Ec2OperationRegistry } from '../wire/ec2-query/codec.js';
import type { QueryParams } from '../wire/ec2-query/params.js';
import type { Ec2OpContext } from '../wire/ec2-query/operation.js';
import type { XmlBody, XmlValue } from '../wire/ec2-query/xml.js';
import { AwsErrorWithFields, restJsonError } from '../wire/rest-json/errors.js';
import { decodeRestJsonRequest } from '../wire/rest-json/router.js';
import { handleStsQuery, stsErrorXml } from '../wire/sts-query/codec.js';
import type { World } from '../world.js';
import type { ApiService } from './auth/auth-errors.js';
import type { ConsistencyWindow } from './consistency.js';
import { ec2Context, type RestJsonService, type ServiceRegistry } from './services.js';
import { looksLikeAwsId } from './trail.js';

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface ApiOutcome {
  response: ApiResponse;
  action: string;
  readOnly: boolean;
  resources: string[];
  errorCode?: string;
  errorMessage?: string;
}

export interface CallContext {
  world: World;
  requestId: string;
  /** Sandbox clock time of the call. */
  now: number;
  accessKeyId: string;
  consistency: ConsistencyWindow;
}

const XML = 'text/xml;charset=UTF-8';
const JSON_TYPE = 'application/json';

/** A thrown error in the envelope of `service`. */
export function errorResponse(
  service: ApiService,
  err: unknown,
  requestId: string,
): ApiResponse & { errorCode: string; errorMessage: string } {
  if (service === 'eks') {
    const e = restJsonError(err);
    return {
      status: e.status,
      headers: { ...e.headers, 'content-type': JSON_TYPE },
      body: JSON.stringify(e.body),
      errorCode: e.errorCode,
      errorMessage: e.errorMessage,
    };
  }
  if (service === 'sts') {
    const aws =
      err instanceof AwsError ? err : new AwsError('InternalFailure', 'An internal error has occurred.', 500);
    return {
      status: aws.httpStatus,
      headers: { 'content-type': XML },
      body: stsErrorXml(aws.code, aws.message, requestId, aws.httpStatus >= 500 ? 'Receiver' : 'Sender'),
      errorCode: aws.code,
      errorMessage: aws.message,
    };
  }
  const e = ec2ErrorResult(err, requestId);
  return {
    status: e.status,
    headers: { 'content-type': XML },
    body: e.xml,
    errorCode: e.errorCode ?? 'InternalError',
    errorMessage: e.errorMessage ?? '',
  };
}

/** IDs (`vpc-...`) found in a body, a few levels deep, for the trail. */
function idsIn(value: XmlValue, out: Set<string>, depth = 0): void {
  if (depth > 3 || value === null || value === undefined) return;
  if (typeof value === 'string') {
    if (looksLikeAwsId(value)) out.add(value);
    return;
  }
  if (typeof value !== 'object' || value instanceof Date) return;
  if (Array.isArray(value)) {
    for (const v of (value as readonly XmlValue[]).slice(0, 50)) idsIn(v, out, depth + 1);
    return;
  }
  for (const [k, v] of Object.entries(value as XmlBody)) {
    if (typeof v !== 'string' || /Id$/.test(k)) idsIn(v, out, depth + 1);
  }
}

export function dispatchEc2(
  params: QueryParams,
  registry: Ec2OperationRegistry<Ec2OpContext>,
  call: CallContext,
): ApiOutcome {
  const { world, requestId, now, consistency } = call;
  const resources = new Set<string>();
  for (const name of params.names()) {
    const v = params.get(name) ?? '';
    if (looksLikeAwsId(v)) resources.add(v);
  }
  const action = params.get('Action') ?? '';
  let readOnly = /^(Describe|Get|List)/.test(action);
  try {
    const op = registry.resolve(params);
    readOnly = !op.mutating;
    const ctx = ec2Context(world, { requestId, region: world.env.region, accountId: world.env.accountId });
    if (readOnly) consistency.checkEc2Request(params, now);
    let body = op.handle(params, ctx);
    if (!readOnly) {
      consistency.recordEc2(op.action, body, now);
      idsIn(body, resources);
    } else {
      body = consistency.filterEc2Response(body, now);
    }
    return {
      response: {
        status: 200,
        headers: { 'content-type': XML, server: 'AmazonEC2' },
        body: ec2ResponseXml(op.action, requestId, body),
      },
      action: op.action,
      readOnly,
      resources: [...resources],
    };
  } catch (err) {
    const e = errorResponse('ec2', err, requestId);
    return {
      response: e,
      action: action || 'Unknown',
      readOnly,
      resources: [...resources],
      errorCode: e.errorCode,
      errorMessage: e.errorMessage,
    };
  }
}

export function dispatchSts(params: QueryParams, call: CallContext): ApiOutcome {
  const action = params.get('Action') ?? 'Unknown';
  try {
    const out = handleStsQuery(params, {
      requestId: call.requestId,
      accountId: call.world.env.accountId,
      accessKeyId: call.accessKeyId,
    });
    return {
      response: { status: 200, headers: { 'content-type': XML }, body: out.xml },
      action,
      readOnly: true,
      resources: [],
    };
  } catch (err) {
    const e = errorResponse('sts', err, call.requestId);
    return {
      response: e,
      action,
      readOnly: true,
      resources: [],
      errorCode: e.errorCode,
      errorMessage: e.errorMessage,
    };
  }
}

function eksResources(params: Record<string, string>, body: unknown, operation: string): string[] {
  const b = (body ?? {}) as Record<string, unknown>;
  const cluster =
    params.name ?? (operation === 'CreateCluster' && typeof b.name === 'string' ? b.name : undefined);
  const out: string[] = [];
  if (cluster) out.push(`cluster/${cluster}`);
  const ng = params.nodegroupName ?? (typeof b.nodegroupName === 'string' ? b.nodegroupName : undefined);
  if (cluster && ng) out.push(`nodegroup/${cluster}/${ng}`);
  const addon = params.addonName ?? (typeof b.addonName === 'string' ? b.addonName : undefined);
  if (cluster && addon) out.push(`addon/${cluster}/${addon}`);
  const fp =
    params.fargateProfileName ??
    (typeof b.fargateProfileName === 'string' ? b.fargateProfileName : undefined);
  if (cluster && fp) out.push(`fargateprofile/${cluster}/${fp}`);
  return out;
}

/** Eventual consistency for EKS: a just-created cluster or node group is not found and not listed. */
function eksConsistency(operation: string, resources: string[], call: CallContext, body: unknown): unknown {
  const { consistency, now } = call;
  const hidden = resources.find((r) => consistency.hiddenName(r, now));
  if (operation.startsWith('Describe') && hidden) {
    const [kind, cluster = '', name = ''] = hidden.split('/');
    if (kind === 'cluster')
      throw new AwsErrorWithFields(
        'ResourceNotFoundException',
        `No cluster found for name: ${cluster}.`,
        404,
        { clusterName: cluster },
      );
    if (kind === 'nodegroup')
      throw new AwsErrorWithFields(
        'ResourceNotFoundException',
        `No node group found for name: ${name}.`,
        404,
        { clusterName: cluster, nodegroupName: name },
      );
  }
  if (operation === 'ListClusters' || operation === 'ListNodegroups') {
    const b = body as Record<string, unknown>;
    const key = operation === 'ListClusters' ? 'clusters' : 'nodegroups';
    const list = b?.[key];
    if (Array.isArray(list)) {
      const cluster = resources[0]?.split('/')[1] ?? '';
      const hide = (n: unknown) =>
        consistency.hiddenName(
          key === 'clusters' ? `cluster/${String(n)}` : `nodegroup/${cluster}/${String(n)}`,
          now,
        );
      return { ...b, [key]: list.filter((n) => !hide(n)) };
    }
  }
  return body;
}

export function dispatchRestJson(
  service: RestJsonService,
  method: string,
  path: string,
  rawQuery: string,
  rawBody: Buffer,
  call: CallContext,
): ApiOutcome {
  let action = 'Unknown';
  let readOnly = method === 'GET';
  let resources: string[] = [];
  try {
    const { route, params } = service.router.match(method, path);
    action = route.operation;
    readOnly = !route.mutating;
    const req = decodeRestJsonRequest(params, rawQuery, rawBody);
    resources = eksResources(params, req.body, action);
    const ctx = service.context(call.world, {
      requestId: call.requestId,
      region: call.world.env.region,
      accountId: call.world.env.accountId,
    });
    if (readOnly) eksConsistency(action, resources, call, undefined);
    const out = route.handle(req, ctx);
    let body = out.body;
    if (readOnly) body = eksConsistency(action, resources, call, body);
    else if (/^Create(Cluster|Nodegroup)$/.test(action)) {
      const created = resources[resources.length - 1];
      if (created) call.consistency.recordName(created, call.now);
    }
    return {
      response: {
        status: out.status ?? 200,
        headers: { 'content-type': JSON_TYPE },
        body: JSON.stringify(body ?? {}),
      },
      action,
      readOnly,
      resources,
    };
  } catch (err) {
    const e = errorResponse('eks', err, call.requestId);
    return { response: e, action, readOnly, resources, errorCode: e.errorCode, errorMessage: e.errorMessage };
  }
}

export function ec2Registry(services: ServiceRegistry): Ec2OperationRegistry<Ec2OpContext> {
  return new Ec2OperationRegistry(services.ec2Operations);
}
