/**
 * The Kubernetes API of every sandbox cluster behind one HTTPS listener: sandbox-server's listener
 * hands each `/k8s/<cluster>/...` request here (the `KubeMount`), and this codec authenticates it,
 * routes discovery, OpenAPI and resource paths, and writes JSON or `Status` errors.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PersistenceUnavailableError, type WorldWrites } from '../../core/world-writes.js';
import type { KubeClusters } from '../../services/kube/clusters.js';
import { KubeStatusError, badRequest, resourceNotFound, unauthorized } from '../../services/kube/errors.js';
import { malformedEscape } from '../path-escapes.js';
import type { KubeStore } from '../../services/kube/kube-store.js';
import {
  aggregatedDiscovery,
  apiGroup,
  coreVersions,
  groupList,
  resourceList,
  versionInfo,
  wantsAggregated,
} from './discovery.js';
import { isSelfAccessReview, serveSelfAccessReview } from './access-review.js';
import { bufferBody, readBody, send, sendError } from './http.js';
import { pickHeaders, replayKubeStep, type KubeStep } from './replay.js';
import { handleResource } from './resource-handler.js';
import { parseRoute, type KubeRoute } from './route.js';

export interface KubeTls {
  key: string;
  cert: string;
  /** The CA's certificate (PEM); DescribeCluster returns it base64-encoded as certificateAuthority.data. */
  caPem: string;
}

/** What the server's HTTPS listener hands each `/k8s/<cluster>/...` request to. */
export interface KubeMount {
  tls: KubeTls;
  /**
   * Serves one request for `clusterName`. `subPath` is the request URL after the cluster prefix,
   * starting with `/`, query string included (`/api/v1/pods?limit=10`).
   */
  handle(req: IncomingMessage, res: ServerResponse, clusterName: string, subPath: string): void;
  /** The static bearer token of a cluster the sandbox's kubeconfig uses (kubectl without the AWS CLI). */
  staticToken?: (clusterName: string) => string;
  /** Runs a journaled write again on the world (restart); the clock is pinned to its time. */
  replay?(step: Record<string, unknown>): Promise<void>;
  close?(): void;
}

/** Who is calling: the server's authenticator (`server/auth/kube-tokens.ts`) answers it. */
export interface KubeAuth {
  authenticate(
    authorization: string | string[] | undefined,
    clusterName: string,
  ): Promise<{ username: string; groups: string[] } | undefined>;
}

/** One served request, for the sandbox's trail. */
export interface KubeRequestRecord {
  cluster: string;
  /** `get`, `list`, `watch`, `create`, `update`, `patch`, `delete`, `deletecollection`, or the path. */
  verb: string;
  /** `pods`, `deployments.apps`, `pods/eviction`. */
  resource: string;
  namespace?: string;
  name?: string;
  readOnly: boolean;
  status: number;
  reason?: string;
  message?: string;
  userAgent?: string;
}

export interface KubeMountOptions {
  clusters: KubeClusters;
  /** The store of a cluster; defaults to `clusters.get(name)`. */
  resolveCluster?: (name: string) => KubeStore | undefined;
  tls: KubeTls;
  /** The kubeconfig's bearer token of a cluster. */
  staticToken?: (clusterName: string) => string;
  authenticator: KubeAuth;
  /** Wall-clock of the sandbox (AGE columns). */
  now: () => number;
  /**
   * Ticks the world before each request and runs each write through the journal; without it
   * (tests of the codec alone) writes run directly.
   */
  writes?: WorldWrites;
  /** Called once per request when its answer has been sent. */
  onRequest?: (record: KubeRequestRecord) => void;
}

/** Paths EKS lets anyone read (the system:public-info-viewer role). */
const PUBLIC: KubeRoute['kind'][] = ['version', 'health'];

export function createKubeMount(options: KubeMountOptions): KubeMount {
  return {
    tls: options.tls,
    ...(options.staticToken ? { staticToken: options.staticToken } : {}),
    replay: (step) =>
      replayKubeStep(
        (name) => (options.resolveCluster ? options.resolveCluster(name) : options.clusters.get(name)),
        options.now(),
        step as unknown as KubeStep,
      ),
    handle(req, res, clusterName, subPath) {
      let failure: KubeStatusError | undefined;
      // A path that does not decode is a bad request, answered before authentication.
      const malformed = malformedEscape((req.url ?? '/').split('?')[0] ?? '/');
      if (malformed) {
        failure = badRequest(malformed);
        const method = (req.method ?? 'GET').toUpperCase();
        const userAgent = req.headers['user-agent'];
        res.once('close', () =>
          options.onRequest?.({
            cluster: clusterName,
            verb: method.toLowerCase(),
            resource: '(malformed path)',
            readOnly: method === 'GET',
            status: res.statusCode,
            reason: failure!.reason,
            message: failure!.message,
            ...(userAgent ? { userAgent } : {}),
          }),
        );
        req.resume();
        sendError(res, failure);
        return;
      }
      if (options.onRequest) {
        const record = describeRequest(clusterName, req, subPath);
        // Recorded once the response is written ('finish'), or when the client went away first.
        let recorded = false;
        const done = () => {
          if (recorded) return;
          recorded = true;
          options.onRequest?.({
            ...record,
            status: res.statusCode,
            ...(failure ? { reason: failure.reason, message: failure.message } : {}),
          });
        };
        res.once('finish', done);
        res.once('close', done);
      }
      serve(options, req, res, clusterName, subPath).catch((err: unknown) => {
        if (err instanceof KubeStatusError) failure = err;
        sendError(res, err);
      });
    },
  };
}

const VERBS: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

function describeRequest(
  cluster: string,
  req: IncomingMessage,
  subPath: string,
): Omit<KubeRequestRecord, 'status'> {
  const route = parseRoute(subPath.split('?')[0] ?? '');
  const method = (req.method ?? 'GET').toUpperCase();
  const userAgent = req.headers['user-agent'];
  const base = { cluster, readOnly: method === 'GET', ...(userAgent ? { userAgent } : {}) };
  if (route.kind !== 'resource')
    return { ...base, verb: method.toLowerCase(), resource: subPath.split('?')[0] ?? '' };
  const query = new URL(subPath, 'https://x').searchParams;
  const watch = route.legacyWatch || query.get('watch') === 'true' || query.get('watch') === '1';
  let verb = VERBS[method] ?? (watch ? 'watch' : route.name === undefined ? 'list' : 'get');
  if (method === 'DELETE' && route.name === undefined) verb = 'deletecollection';
  const resource = `${route.group ? `${route.resource}.${route.group}` : route.resource}${route.subresource ? `/${route.subresource}` : ''}`;
  return {
    ...base,
    verb,
    resource,
    ...(route.namespace !== undefined ? { namespace: route.namespace } : {}),
    ...(route.name !== undefined ? { name: route.name } : {}),
  };
}

async function serve(
  o: KubeMountOptions,
  req: IncomingMessage,
  res: ServerResponse,
  clusterName: string,
  subPath: string,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://sandbox');
  const path = subPath.split('?')[0] ?? '';
  const route = parseRoute(path);
  if (!PUBLIC.includes(route.kind)) {
    const user = await o.authenticator.authenticate(req.headers.authorization, clusterName);
    if (!user) throw unauthorized();
  }
  o.writes?.tick();
  const store = o.resolveCluster ? o.resolveCluster(clusterName) : o.clusters.get(clusterName);
  if (!store) throw resourceNotFound();
  const catalog = store.catalog();
  const accept = req.headers.accept;
  switch (route.kind) {
    case 'root':
      return send(res, 200, {
        paths: [
          '/api',
          '/api/v1',
          '/apis',
          ...catalog.all.map((r) => `/apis/${r.group}/${r.version}`).filter((p) => !p.startsWith('/apis//')),
          '/healthz',
          '/livez',
          '/openapi/v2',
          '/readyz',
          '/version',
        ],
      });
    case 'version':
      return send(res, 200, versionInfo(o.clusters.versionOf(clusterName) ?? '1.31'));
    case 'health':
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('ok');
      return;
    case 'openapi':
      return serveOpenApi(route.version, res);
    case 'core-versions':
    case 'groups': {
      const aggregated = wantsAggregated(accept);
      if (aggregated) {
        const body = JSON.stringify(aggregatedDiscovery(catalog, route.kind === 'core-versions', aggregated));
        const [, v] = aggregated.split('/');
        res.writeHead(200, {
          'Content-Type': `application/json;g=apidiscovery.k8s.io;v=${v ?? 'v2'};as=APIGroupDiscoveryList`,
          'Content-Length': Buffer.byteLength(body),
        });
        res.end(body);
        return;
      }
      return send(res, 200, route.kind === 'core-versions' ? coreVersions() : groupList(catalog));
    }
    case 'group': {
      const body = apiGroup(catalog, route.group);
      if (!body) throw resourceNotFound();
      return send(res, 200, body);
    }
    case 'resources': {
      const body = resourceList(catalog, route.group, route.version);
      if (!body) throw resourceNotFound();
      return send(res, 200, body);
    }
    case 'resource': {
      if (isSelfAccessReview(route, req.method)) return serveSelfAccessReview(req, res);
      const method = (req.method ?? 'GET').toUpperCase();
      if (method === 'GET' || !o.writes) {
        await handleResource({ store, route, query: url.searchParams, req, res, now: o.now() });
        return;
      }
      // A write: its body is read first, so the journaled step runs to its end without waiting on I/O.
      const body = await readBody(req);
      bufferBody(req, body);
      const step: KubeStep = {
        cluster: clusterName,
        method,
        subPath,
        headers: pickHeaders(req.headers),
        body: body.toString('base64'),
      };
      try {
        await o.writes.writeAsync('kube', { ...step }, () =>
          handleResource({ store, route, query: url.searchParams, req, res, now: o.now() }),
        );
      } catch (err) {
        if (err instanceof PersistenceUnavailableError)
          throw new KubeStatusError(503, 'ServiceUnavailable', err.message);
        throw err;
      }
      return;
    }
    case 'unknown':
      throw resourceNotFound();
  }
}

/**
 * kubectl fetches `/openapi/v2` before apply and validation; an empty document is valid (it then
 * uses its compiled-in types' patch strategies). `/openapi/v3` answers 404, which makes kubectl
 * fall back to v2, as against servers older than 1.24.
 */
function serveOpenApi(version: 'v2' | 'v3', res: ServerResponse): void {
  if (version === 'v3') throw resourceNotFound();
  res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': 0 });
  res.end();
}
