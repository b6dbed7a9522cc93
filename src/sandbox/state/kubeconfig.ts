/**
 * The kubeconfig `sandbox up` writes: one cluster and context per EKS cluster (context named after the
 * cluster), trusting the sandbox's CA inline, authenticating with each cluster's own static token
 * (one user per cluster: a cluster's token answers 401 on another).
 * (`aws eks update-kubeconfig` works too and uses `aws eks get-token` tokens instead.)
 */
import { stringify } from 'yaml';
import type { KubeLink, World } from '../world.js';
import { writeFileAtomic } from './state-store.js';

export interface KubeconfigInput {
  clusters: { name: string; server: string }[];
  caCertPem: string;
  /** One token for every context, or each cluster's own. */
  token: string | ((clusterName: string) => string) | undefined;
  /** Defaults to the first cluster. */
  currentContext?: string;
}

const USER = 'eks-cidr-sandbox';

export function kubeconfigYaml(input: KubeconfigInput): string {
  const ca = Buffer.from(input.caCertPem, 'utf8').toString('base64');
  const perCluster = typeof input.token === 'function' ? input.token : undefined;
  const userOf = (cluster: string) => `${USER}-${cluster}`;
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: input.clusters.map((c) => ({
      name: c.name,
      cluster: { server: c.server, 'certificate-authority-data': ca },
    })),
    users: perCluster
      ? input.clusters.map((c) => ({ name: userOf(c.name), user: { token: perCluster(c.name) } }))
      : [{ name: USER, user: typeof input.token === 'string' ? { token: input.token } : {} }],
    contexts: input.clusters.map((c) => ({
      name: c.name,
      context: { cluster: c.name, user: perCluster ? userOf(c.name) : USER },
    })),
    'current-context': input.currentContext ?? input.clusters[0]?.name ?? '',
  };
  return stringify(doc);
}

export function writeKubeconfig(
  path: string,
  world: World,
  link: KubeLink,
  token: KubeconfigInput['token'],
): void {
  const clusters = world.clusterNames().map((name) => ({ name, server: link.endpointFor(name) }));
  writeFileAtomic(path, kubeconfigYaml({ clusters, caCertPem: link.caPem, token }));
}
