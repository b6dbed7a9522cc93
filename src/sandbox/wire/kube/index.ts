export { createKubeMount, type KubeMountOptions, type KubeRequestRecord } from './mount.js';
export { parseRoute, type KubeRoute } from './route.js';
