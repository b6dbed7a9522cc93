/** The eks-cidr library API: the CLI is a thin layer over these. */
export { plan, planWithFlags, type PlanOptions } from './plan.js';
export * from './planner/index.js';
export { discover, type DiscoverOptions } from './discover/discover.js';
export type * from './discover/snapshot.js';
export { loadRequest, buildRequest, parseConfigText, type PlanFlags } from './config/load.js';
export type { PlanRequest } from './config/request.js';
export { createAwsClients, type AwsClients, type AwsOptions } from './adapters/aws.js';
export { loadKubeAccess, type KubeOptions, type KubeAccess } from './adapters/kube.js';
export { EksCidrError } from './errors.js';
