/**
 * The sandbox's Kubernetes mount: what `startSandbox` calls (`defaultKubeMount`). It loads or
 * creates the CA, serving certificate and static token in `<stateDir>/kube-tls.json` (so a restarted
 * sandbox keeps the CA its kubeconfigs and DescribeCluster answers trust), ticks the world before
 * each request, runs writes through the journal, and records every call in the trail.
 */
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { KubeMount, KubeMountContext } from './kube-server.js';
import { writeFileAtomic } from '../state/state-store.js';
import { clusterStaticToken, KubeAuthenticator } from './auth/kube-tokens.js';
import { rfc3339 } from '../services/kube/object-store.js';
import { createKubeTls, type KubeTls } from '../services/kube/tls.js';
import { createKubeMount } from '../wire/kube/mount.js';

export interface KubeSecrets extends KubeTls {
  /** The secret each cluster's bearer token in the kubeconfig is derived from (clusterStaticToken). */
  token: string;
}

export const KUBE_SECRETS_FILE = 'kube-tls.json';

function isSecrets(v: unknown): v is KubeSecrets {
  const o = v as Partial<KubeSecrets> | null;
  return (
    !!o &&
    ['caCertPem', 'caKeyPem', 'certPem', 'keyPem', 'token'].every(
      (k) => typeof o[k as keyof KubeSecrets] === 'string',
    )
  );
}

/** The CA, serving certificate and token of a state directory, created on first use. */
export function loadKubeSecrets(stateDir: string | undefined, now: number): KubeSecrets {
  const path = stateDir ? join(stateDir, KUBE_SECRETS_FILE) : undefined;
  if (path && existsSync(path)) {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    if (isSecrets(parsed)) return parsed;
  }
  const secrets: KubeSecrets = { ...createKubeTls(now), token: `sandbox-${randomBytes(24).toString('hex')}` };
  if (path) writeFileAtomic(path, JSON.stringify(secrets, null, 2));
  return secrets;
}

export function kubeMountFactory(ctx: KubeMountContext): KubeMount {
  const { world } = ctx;
  const kube = world.kube;
  if (!kube) throw new Error('The sandbox world has no Kubernetes model to serve.');
  const now = () => world.env.clock.now();
  const secrets = loadKubeSecrets(ctx.stateDir, Date.now());
  let requests = 0;
  return createKubeMount({
    clusters: kube,
    tls: { key: secrets.keyPem, cert: secrets.certPem, caPem: secrets.caCertPem },
    staticToken: (cluster) => clusterStaticToken(secrets.token, cluster),
    authenticator: new KubeAuthenticator({
      staticTokens: [],
      clusterToken: (cluster) => clusterStaticToken(secrets.token, cluster),
      credentials: [ctx.credentials],
      // Tokens are signed with the caller's wall clock, not the (possibly fast-forwarded) sandbox clock.
      now: () => Date.now(),
    }),
    now,
    writes: ctx.writes,
    onRequest: (r) =>
      ctx.trail.record({
        time: rfc3339(now()),
        requestId: `kube-${(++requests).toString(16).padStart(8, '0')}`,
        service: 'kubernetes',
        action: `${r.verb} ${r.resource}`,
        readOnly: r.readOnly,
        httpStatus: r.status,
        region: world.env.region,
        ...(r.userAgent ? { userAgent: r.userAgent } : {}),
        resources: [
          `cluster/${r.cluster}`,
          ...(r.name ? [`${r.resource}/${r.namespace ? `${r.namespace}/` : ''}${r.name}`] : []),
        ],
        ...(r.reason ? { errorCode: r.reason, errorMessage: r.message ?? '' } : {}),
      }),
  });
}
