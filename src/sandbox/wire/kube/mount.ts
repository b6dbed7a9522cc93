/**
 * The Kubernetes API of every sandbox cluster behind one HTTPS listener: sandbox-server's listener
 * hands each `/k8s/<cluster>/...` request here (the `KubeMount`), and this codec authenticates it,
 * routes discovery, OpenAPI and resource paths, and writes JSON or `Status` errors.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeAuthenticator } from '../../services/kube/auth.js';
import type { KubeClusters } from '../../services/kube/clusters.js';
import { resourceNotFound, unauthorized } from '../../services/kube/errors.js';
import {
  aggregatedDiscovery,
  apiGroup,
  coreVersions,
  groupList,
  resourceList,
  versionInfo,
  wantsAggregated,
} from './discovery.js';
import { send, sendError } from './http.js';
import { handleResource } from './resource-handler.js';
import { parseRoute, type KubeRoute } from './route.js';

export interface KubeMountTls {
  key: string;
  cert: string;
  caPem: string;
}

export interface KubeMount {
  tls: KubeMountTls;
  handle(req: IncomingMessage, res: ServerResponse, clusterName: string, subPath: string): void;
}

export interface KubeMountOptions {
  clusters: KubeClusters;
  tls: KubeMountTls;
  authenticator: KubeAuthenticator;
  /** Wall-clock of the sandbox (AGE columns). */
  now: () => number;
  /** Called before each request is served (the world's tick). */
  beforeRequest?: () => void;
  /** Called after a request that changed state (persist). */
  afterMutation?: () => void;
}

/** Paths EKS lets anyone read (the system:public-info-viewer role). */
const PUBLIC: KubeRoute['kind'][] = ['version', 'health'];

export function createKubeMount(options: KubeMountOptions): KubeMount {
  return {
    tls: options.tls,
    handle(req, res, clusterName, subPath) {
      serve(options, req, res, clusterName, subPath).catch((err: unknown) => sendError(res, err));
    },
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
  o.beforeRequest?.();
  const store = o.clusters.get(clusterName);
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
      const mutated = await handleResource({ store, route, query: url.searchParams, req, res, now: o.now() });
      if (mutated) o.afterMutation?.();
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
