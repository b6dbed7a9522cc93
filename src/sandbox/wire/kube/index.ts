export { createKubeMount, type KubeMountOptions, type KubeRequestRecord } from './mount.js';
export { kubeMountFactory, loadKubeSecrets } from './mount-factory.js';
export { parseRoute, type KubeRoute } from './route.js';
