/**
 * Bridges the Kubernetes model (`KubeClusters`) and the API listener's address and
 * CA (known to the server) to the port the EKS model uses.
 */
import type { KubeClusters } from '../kube/clusters.js';
import type { EksKubePort } from './ports.js';

export interface KubeApiAddress {
  /** `https://127.0.0.1:<kubePort>/k8s/<cluster>`. */
  endpointFor(cluster: string): string;
  /** Base64 of the CA's PEM. */
  caData(): string;
}

export function eksKubePort(kube: KubeClusters, api: KubeApiAddress): EksKubePort {
  return {
    endpointFor: (cluster) => api.endpointFor(cluster),
    caData: () => api.caData(),
    ensure: (cluster, options) => {
      kube.ensure(cluster, options);
    },
    remove: (cluster) => kube.remove(cluster),
    store: (cluster) => {
      const store = kube.get(cluster);
      if (!store) return undefined;
      return {
        get: (ref, namespace, name) => store.get(ref, namespace, name),
        update: (ref, obj) => store.update(ref, obj as Parameters<typeof store.update>[1]),
        scan: (ref) => store.scan(ref),
        evict: (namespace, name) => {
          store.evict(namespace, name);
        },
        delete: (ref, namespace, name) => {
          store.delete(ref, namespace, name);
        },
      };
    },
  };
}
