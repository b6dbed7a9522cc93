/**
 * The Kubernetes API listener: one HTTPS server for every cluster, each under a path prefix
 * (`https://127.0.0.1:<kubePort>/k8s/<cluster>`; kubectl and client-node accept a path in the
 * server URL). This module owns the listener and TLS plumbing; the `KubeMount` (auth, routing,
 * codec: `wire/kube/`) serves the requests, with the certificate authority `services/kube/tls.ts` makes.
 */
import { createServer, type Server } from 'node:https';
import type { Server as HttpServer, ServerResponse } from 'node:http';
import type { WorldWrites } from '../core/world-writes.js';
import type { KubeMount } from '../wire/kube/mount.js';
import type { World } from '../world.js';
import type { SandboxCredentials } from './auth/sigv4.js';
import type { TrailSink } from './trail.js';
import { listen } from './listen.js';

export type { KubeMount, KubeTls } from '../wire/kube/mount.js';

/** What a mount may use: the world, the issued credentials (for `k8s-aws-v1.` tokens), the trail. */
export interface KubeMountContext {
  world: World;
  stateDir: string | undefined;
  credentials: SandboxCredentials;
  trail: TrailSink;
  /** Ticks the world, and runs each write through the journal (durable before it is answered). */
  writes: WorldWrites;
}

export type KubeMountFactory = (ctx: KubeMountContext) => KubeMount | Promise<KubeMount>;

export const KUBE_PATH_PREFIX = '/k8s/';

export function kubeEndpointFor(baseUrl: string, cluster: string): string {
  return `${baseUrl}${KUBE_PATH_PREFIX}${encodeURIComponent(cluster)}`;
}

/** Splits `/k8s/<cluster>/rest?query` into the cluster name and `/rest?query`. */
export function splitKubePath(url: string): { cluster: string; subPath: string } | undefined {
  if (!url.startsWith(KUBE_PATH_PREFIX)) return undefined;
  const rest = url.slice(KUBE_PATH_PREFIX.length);
  const end = rest.search(/[/?]/);
  const rawName = end < 0 ? rest : rest.slice(0, end);
  if (!rawName) return undefined;
  let cluster: string;
  try {
    cluster = decodeURIComponent(rawName);
  } catch {
    cluster = rawName; // the mount answers the malformed escape 400, with a trail line
  }
  const tail = end < 0 ? '' : rest.slice(end);
  return { cluster, subPath: tail.startsWith('/') ? tail : `/${tail}` };
}

function notFound(res: ServerResponse, message: string): void {
  const body = JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: 'NotFound',
    code: 404,
  });
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(body);
}

export interface KubeServer {
  server: Server;
  port: number;
  baseUrl: string;
  close(): Promise<void>;
}

export async function startKubeServer(mount: KubeMount, host: string, port: number): Promise<KubeServer> {
  const server = createServer({ key: mount.tls.key, cert: mount.tls.cert }, (req, res) => {
    const target = splitKubePath(req.url ?? '/');
    if (!target) {
      notFound(res, `the Kubernetes API of cluster <name> is served under ${KUBE_PATH_PREFIX}<name>`);
      return;
    }
    try {
      mount.handle(req, res, target.cluster, target.subPath);
    } catch (err) {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            kind: 'Status',
            apiVersion: 'v1',
            status: 'Failure',
            message: String(err),
            reason: 'InternalError',
            code: 500,
          }),
        );
      }
    }
  });
  const bound = await listen(server, host, port, 'Kubernetes API');
  return {
    server,
    port: bound,
    baseUrl: `https://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    close: () => closeServer(server),
  };
}

export function closeServer(server: Server | HttpServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
