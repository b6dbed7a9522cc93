export * from './errors.js';
export * from './types.js';
export * from './ports.js';
export { EksModel } from './model.js';
export type { CreateClusterInput } from './clusters.js';
export type { CreateNodegroupInput, UpdateNodegroupConfigInput } from './nodegroups.js';
export type { CreateAddonInput, UpdateAddonInput } from './addons.js';
export type { CreateFargateProfileInput } from './fargate.js';
export { ADDON_CATALOG, DEFAULT_KUBERNETES_VERSION, SUPPORTED_KUBERNETES_VERSIONS } from './defaults.js';
