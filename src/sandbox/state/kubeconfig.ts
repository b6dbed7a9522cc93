/**
 * The kubeconfig `sandbox up` writes: one cluster and context per EKS cluster (context named after the
 * cluster), trusting the sandbox's CA inline, authenticating with the mount's static token.
 * (`aws eks update-kubeconfig` works too and uses `aws eks get-token` tokens instead.)
 */
import { stringify } from 'yaml';
import type { KubeLink, World } from '../world.js';
import { writeFileAtomic } from './state-store.js';

export interface KubeconfigInput {
  clusters: { name: string; server: string }[];
  caCertPem: string;
  token: string | undefined;
  /** Defaults to the first cluster. */
  currentContext?: string;
}

const USER = 'eks-cidr-sandbox';

export function kubeconfigYaml(input: KubeconfigInput): string {
  const ca = Buffer.from(input.caCertPem, 'utf8').toString('base64');
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: input.clusters.map((c) => ({
      name: c.name,
      cluster: { server: c.server, 'certificate-authority-data': ca },
    })),
    users: [{ name: USER, user: input.token ? { token: input.token } : {} }],
    contexts: input.clusters.map((c) => ({ name: c.name, context: { cluster: c.name, user: USER } })),
    'current-context': input.currentContext ?? input.clusters[0]?.name ?? '',
  };
  return stringify(doc);
}

export function writeKubeconfig(path: string, world: World, link: KubeLink, token: string | undefined): void {
  const clusters = world.clusterNames().map((name) => ({ name, server: link.endpointFor(name) }));
  writeFileAtomic(path, kubeconfigYaml({ clusters, caCertPem: link.caPem, token }));
}
