export { createKubeMount, type KubeMount, type KubeMountOptions, type KubeMountTls } from './mount.js';
export { parseRoute, type KubeRoute } from './route.js';
