export {
  KubeClusters,
  DEFAULT_KUBERNETES_VERSION,
  type KubeClustersState,
  type KubeClusterState,
} from './clusters.js';
export { KubeStore, PODS, PDBS, type DeleteResult } from './kube-store.js';
export { ObjectStore, rfc3339, type KubeEnv, type KubeStoreState } from './object-store.js';
export { KubeStatusError, type StatusDetails, type StatusCause } from './errors.js';
export {
  BUILTIN_RESOURCES,
  ResourceCatalog,
  apiVersionOf,
  type ResourceInfo,
  type PrinterColumn,
} from './resources.js';
export { ENICONFIG_CRD, CNI_VERSION } from './seed.js';
export type * from './types.js';
