/**
 * The pipeline every AWS API call goes through: read the body, advance the world's clock-driven
 * transitions, tell the service apart (SigV4 credential scope, else path and `Version`), check the
 * signature, inject faults, dispatch, write the trail line, schedule persistence, answer with
 * `x-amzn-RequestId`.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { QueryParams } from '../wire/ec2-query/params.js';
import type { World } from '../world.js';
import { BadRequestError, UnknownOperationError } from '../wire/rest-json/errors.js';
import { malformedEscape } from '../wire/path-escapes.js';
import { authError, wrongRegionError, type ApiService } from './auth/auth-errors.js';
import { claimedScope, verifySignedRequest, type SandboxCredentials } from './auth/sigv4.js';
import { ConsistencyWindow } from './consistency.js';
import { PersistenceUnavailableError, type WorldWrites } from '../core/world-writes.js';
import { AwsError } from '../services/aws-error.js';
import { dispatchSts, ec2Registry, errorResponse, type ApiOutcome, type CallContext } from './dispatch.js';
import { dispatchAwsStep, isMutatingStep, type AwsStep } from './aws-steps.js';
import type { FaultInjector } from './faults.js';
import type { RestJsonService, ServiceRegistry } from './services.js';
import type { TrailSink } from './trail.js';

export interface RequestHandlerDeps {
  world: World;
  credentials: SandboxCredentials;
  services: ServiceRegistry;
  trail: TrailSink;
  faults: FaultInjector;
  /**
   * How the world advances and takes writes: a mutating call is journaled (durable) before it runs,
   * so a kill -9 never loses a change a client was told about; when that fails it answers 503.
   */
  writes: WorldWrites;
  /** Time used to check signatures; real clients sign with real time even when the world's clock is manual. */
  authNow?: () => number;
  /** Extra facts for `GET /_sandbox/health`. */
  health?: () => Record<string, unknown>;
}

const MAX_BODY = 16 * 1024 * 1024;
export const HEALTH_PATH = '/_sandbox/health';

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

interface Classified {
  service: ApiService;
  restJson?: RestJsonService;
  params?: QueryParams;
}

function classify(
  method: string,
  path: string,
  rawQuery: string,
  body: Buffer,
  signingName: string | undefined,
  services: ServiceRegistry,
): Classified | undefined {
  const restJson = services.restJson.find((s) =>
    signingName ? s.signingName === signingName : s.router.matchesPath(path),
  );
  if (signingName === 'eks' || (!signingName && restJson)) {
    return restJson ? { service: 'eks', restJson } : { service: 'eks' };
  }
  if (path !== '/' || (method !== 'POST' && method !== 'GET')) return undefined;
  const params = QueryParams.fromForm(method === 'POST' ? body.toString('utf8') : rawQuery);
  if (signingName === 'sts' || (!signingName && params.get('Version') === '2011-06-15'))
    return { service: 'sts', params };
  if (signingName && signingName !== 'ec2') return undefined;
  return { service: 'ec2', params };
}

export function createRequestHandler(
  deps: RequestHandlerDeps,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { world, services } = deps;
  const registry = ec2Registry(services);
  const consistency = new ConsistencyWindow(() => deps.faults.config().consistencyDelayMs);
  const authNow = deps.authNow ?? (() => Date.now());

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const body = await readBody(req);
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? '' : url.slice(q + 1);
    const method = (req.method ?? 'GET').toUpperCase();

    if (path === HEALTH_PATH && method === 'GET') {
      send(res, requestId, {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          ok: true,
          region: world.env.region,
          accountId: world.env.accountId,
          ...deps.health?.(),
        }),
      });
      return;
    }
    try {
      deps.writes.tick();
    } catch {
      // A model's tick failing must not take the API down; the next request ticks again.
    }
    const scope = claimedScope({ headers: req.headers, url });
    const target = classify(method, path, rawQuery, body, scope?.service, services);
    if (!target) {
      send(res, requestId, {
        status: 404,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: `No service at ${method} ${path}` }),
      });
      return;
    }
    const now = world.env.clock.now();
    const call: CallContext = { world, requestId, now, accessKeyId: scope?.accessKeyId ?? '', consistency };
    const action =
      target.params?.get('Action') ??
      (target.restJson && !malformedEscape(path) ? safeOperation(target.restJson, method, path) : 'Unknown');

    let outcome: ApiOutcome;
    // A REST path that does not decode is a malformed request: 400 before authentication.
    const malformed = target.service === 'eks' ? malformedEscape(path) : undefined;
    if (malformed) {
      const e = errorResponse(target.service, new BadRequestError(malformed), requestId);
      deps.trail.record({
        time: new Date(now).toISOString(),
        requestId,
        service: target.service,
        action: 'Unknown',
        readOnly: method === 'GET',
        httpStatus: e.status,
        region: world.env.region,
        resources: [],
        errorCode: e.errorCode,
        errorMessage: e.errorMessage,
      });
      send(res, requestId, e);
      return;
    }
    const auth = await verifySignedRequest(
      { method, url, headers: req.headers, body },
      deps.credentials,
      authNow(),
    );
    const regionMismatch = auth.ok && target.service !== 'sts' && auth.scope.region !== world.env.region;
    const fault =
      auth.ok && !regionMismatch
        ? deps.faults.failureFor(target.service, action, `${method} ${url}\n${body.toString('utf8')}`)
        : undefined;
    if (!auth.ok || regionMismatch || fault) {
      const err = !auth.ok
        ? authError(target.service, auth.kind, auth.message)
        : regionMismatch
          ? wrongRegionError(target.service, auth.scope.region, world.env.region)
          : fault;
      const e = errorResponse(target.service, err, requestId);
      outcome = {
        response: e,
        action,
        readOnly:
          !/^(Create|Delete|Update|Associate|Disassociate|Replace|Run|Terminate|Modify|Assign|Unassign|Attach|Detach|Tag|Untag)/.test(
            action,
          ),
        resources: [],
        errorCode: e.errorCode,
        errorMessage: e.errorMessage,
      };
    } else if (target.service === 'sts' && target.params) {
      outcome = dispatchSts(target.params, call);
    } else if ((target.service === 'ec2' && target.params) || target.restJson) {
      const step: AwsStep = {
        service: target.service,
        method,
        path,
        query: rawQuery,
        body: body.toString('utf8'),
        accessKeyId: call.accessKeyId,
        requestId,
      };
      const run = () => dispatchAwsStep(step, { ...call, now: world.env.clock.now() }, registry, services);
      try {
        outcome = isMutatingStep(step, registry, services)
          ? deps.writes.write('aws', { ...step }, run)
          : run();
      } catch (err) {
        if (!(err instanceof PersistenceUnavailableError)) throw err;
        const e = errorResponse(
          target.service,
          new AwsError('ServiceUnavailable', err.message, 503),
          requestId,
        );
        outcome = {
          response: e,
          action,
          readOnly: false,
          resources: [],
          errorCode: e.errorCode,
          errorMessage: e.errorMessage,
        };
      }
    } else {
      const e = errorResponse(target.service, new UnknownOperationError(), requestId);
      outcome = {
        response: e,
        action,
        readOnly: true,
        resources: [],
        errorCode: e.errorCode,
        errorMessage: e.errorMessage,
      };
    }

    const latency = deps.faults.config().latencyMs;
    if (latency > 0) await delay(latency);
    const agent = req.headers['user-agent'];
    const lose = !outcome.readOnly && !outcome.errorCode && deps.faults.loseResponse(outcome.action);
    deps.trail.record({
      time: new Date(now).toISOString(),
      requestId,
      service: target.service,
      action: outcome.action,
      readOnly: outcome.readOnly,
      httpStatus: outcome.response.status,
      region: auth.ok ? auth.scope.region : world.env.region,
      ...(scope?.accessKeyId ? { accessKeyId: scope.accessKeyId } : {}),
      ...(agent ? { userAgent: agent } : {}),
      resources: outcome.resources,
      ...(outcome.errorCode
        ? { errorCode: outcome.errorCode, errorMessage: outcome.errorMessage ?? '' }
        : {}),
      ...(lose ? { responseLost: true } : {}),
    });
    if (lose) {
      res.destroy();
      return;
    }
    send(res, requestId, outcome.response);
  }

  return (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`sandbox error: ${err instanceof Error ? err.message : String(err)}\n`);
      } else res.destroy();
    });
  };
}

function safeOperation(service: RestJsonService, method: string, path: string): string {
  try {
    return service.router.match(method, path).route.operation;
  } catch {
    return 'Unknown';
  }
}

function send(
  res: ServerResponse,
  requestId: string,
  response: { status: number; headers: Record<string, string>; body: string },
): void {
  const body = Buffer.from(response.body, 'utf8');
  res.writeHead(response.status, {
    ...response.headers,
    'x-amzn-RequestId': requestId,
    'content-length': String(body.length),
    date: new Date().toUTCString(),
  });
  res.end(body);
}
