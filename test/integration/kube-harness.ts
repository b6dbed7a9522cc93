/**
 * A stand-alone HTTPS listener for the kube tests: the sandbox CA from services/kube/tls.ts, the
 * kube mount under `/k8s/<cluster>`, a static token, and a kubeconfig for client-node and kubectl.
 * (The sandbox's own listener, server/kube-server.ts, serves the same mount.)
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '../../src/sandbox/core/clock.js';
import { SeededIds } from '../../src/sandbox/core/ids.js';
import { KubeAuthenticator } from '../../src/sandbox/server/auth/kube-tokens.js';
import { KubeClusters } from '../../src/sandbox/services/kube/clusters.js';
import { kubeconfigYaml } from '../../src/sandbox/state/kubeconfig.js';
import { createKubeTls, type KubeTls } from '../../src/sandbox/services/kube/tls.js';
import { createKubeMount } from '../../src/sandbox/wire/kube/mount.js';

export const TEST_TOKEN = 'sandbox-test-token-0123456789';
export const TEST_CREDENTIALS = {
  accessKeyId: 'AKIASANDBOXTEST00001',
  secretAccessKey: 'sandbox-secret-key',
};

let cachedTls: KubeTls | undefined;

export interface KubeHarness {
  clock: ManualClock;
  clusters: KubeClusters;
  tls: KubeTls;
  port: number;
  endpoint(cluster: string): string;
  kubeconfig(clusters?: string[]): string;
  close(): Promise<void>;
}

export async function startKubeHarness(
  options: { clusters?: string[]; clock?: ManualClock } = {},
): Promise<KubeHarness> {
  const clock = options.clock ?? new ManualClock(Date.now());
  const clusters = new KubeClusters({
    clock,
    ids: new SeededIds({ seed: 7, counter: 0 }),
    region: 'us-east-1',
  });
  for (const name of options.clusters ?? ['demo']) clusters.ensure(name);
  cachedTls ??= createKubeTls(Date.now());
  const tls = cachedTls;
  const mount = createKubeMount({
    clusters,
    tls: { key: tls.keyPem, cert: tls.certPem, caPem: tls.caCertPem },
    authenticator: new KubeAuthenticator({
      staticTokens: [TEST_TOKEN],
      credentials: [TEST_CREDENTIALS],
      now: () => clock.now(),
    }),
    now: () => clock.now(),
  });
  const server: Server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
    const m = /^\/k8s\/([^/?]+)(.*)$/.exec(req.url ?? '');
    if (!m) {
      res.writeHead(404).end();
      return;
    }
    mount.handle(req, res, decodeURIComponent(m[1] ?? ''), m[2] ?? '/');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const endpoint = (cluster: string) => `https://127.0.0.1:${port}/k8s/${cluster}`;
  return {
    clock,
    clusters,
    tls,
    port,
    endpoint,
    kubeconfig: (names = clusters.names()) =>
      kubeconfigYaml({
        clusters: names.map((name) => ({ name, server: endpoint(name) })),
        caCertPem: tls.caCertPem,
        token: TEST_TOKEN,
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
