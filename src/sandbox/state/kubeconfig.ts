/**
 * The kubeconfig `sandbox up` writes: one cluster, user and context per EKS cluster (context named
 * after the cluster), trusting the sandbox's CA, authenticating with the mount's static token.
 * (`aws eks update-kubeconfig` works too and uses `aws eks get-token` tokens instead.)
 */
import { stringify } from 'yaml';
import type { KubeLink, World } from '../world.js';
import { writeFileAtomic } from './state-store.js';

export function kubeconfigYaml(clusters: string[], link: KubeLink, token: string | undefined): string {
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: clusters.map((name) => ({
      name,
      cluster: { server: link.endpointFor(name), 'certificate-authority-data': link.caData() },
    })),
    users: clusters.map((name) => ({ name, user: token ? { token } : {} })),
    contexts: clusters.map((name) => ({ name, context: { cluster: name, user: name } })),
    'current-context': clusters[0] ?? '',
  };
  return stringify(doc);
}

export function writeKubeconfig(path: string, world: World, link: KubeLink, token: string | undefined): void {
  writeFileAtomic(path, kubeconfigYaml(world.clusterNames(), link, token));
}
