/**
 * For tests: a Kubernetes API server over plain HTTP that lists `pods` (JSON, as the API server writes
 * them: list metadata before items) at /api/v1/pods, `limit` at a time with numeric continue tokens,
 * and a KubeConfig for client-node that points at it. Records each request's continue token and
 * counts the TCP connections clients opened.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';

export interface FakeKubeHttp {
  kc: KubeConfig;
  /** The continue token of each request, in arrival order (null for a first page). */
  seen: (string | null)[];
  /** TCP connections opened so far. */
  connections(): number;
  close(): Promise<void>;
}

export async function fakeKubeHttp(pods: unknown[]): Promise<FakeKubeHttp> {
  const seen: (string | null)[] = [];
  let connections = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const token = url.searchParams.get('continue');
    seen.push(token);
    const from = Number(token ?? 0);
    const to = Math.min(pods.length, from + Number(url.searchParams.get('limit') ?? pods.length));
    const body = {
      kind: 'PodList',
      apiVersion: 'v1',
      metadata: { resourceVersion: '1', ...(to < pods.length ? { continue: String(to) } : {}) },
      items: pods.slice(from, to),
    };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: 'c',
        server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        skipTLSVerify: true,
      },
    ],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return {
    kc,
    seen,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
