/**
 * The kubeconfig `eks-cidr sandbox up` writes: one cluster, user and context per sandbox cluster
 * (the context named after the cluster), the sandbox CA inline, and the static bearer token.
 */
import { stringify } from 'yaml';
import { caData } from './tls.js';

export interface KubeconfigInput {
  clusters: { name: string; server: string }[];
  caCertPem: string;
  token: string;
  /** Defaults to the first cluster. */
  currentContext?: string;
}

export function kubeconfigYaml(input: KubeconfigInput): string {
  const ca = caData(input.caCertPem);
  const user = 'eks-cidr-sandbox';
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: input.clusters.map((c) => ({
      name: c.name,
      cluster: { server: c.server, 'certificate-authority-data': ca },
    })),
    users: [{ name: user, user: { token: input.token } }],
    contexts: input.clusters.map((c) => ({ name: c.name, context: { cluster: c.name, user } })),
    'current-context': input.currentContext ?? input.clusters[0]?.name ?? '',
  };
  return stringify(doc);
}
