/**
 * The EKS REST-JSON route table (paths and methods as botocore's eks 2017-11-01 model); the router
 * (`wire/rest-json/router.ts`) matches requests against it and writes the responses and errors.
 */
import {
  createAddonRoute,
  deleteAddonRoute,
  describeAddonRoute,
  describeAddonVersionsRoute,
  listAddonsRoute,
  updateAddonRoute,
} from './addon-routes.js';
import {
  createClusterRoute,
  deleteClusterRoute,
  describeClusterRoute,
  listClustersRoute,
} from './cluster-routes.js';
import type { EksRoute } from './context.js';
import {
  createFargateProfileRoute,
  deleteFargateProfileRoute,
  describeFargateProfileRoute,
  listFargateProfilesRoute,
} from './fargate-routes.js';
import {
  createNodegroupRoute,
  deleteNodegroupRoute,
  describeNodegroupRoute,
  listNodegroupsRoute,
  updateNodegroupConfigRoute,
  updateNodegroupVersionRoute,
} from './nodegroup-routes.js';
import {
  describeUpdateRoute,
  listTagsForResourceRoute,
  listUpdatesRoute,
  tagResourceRoute,
  untagResourceRoute,
} from './update-tag-routes.js';

export type { EksRoute, EksRouteContext } from './context.js';

export const eksRoutes: readonly EksRoute[] = [
  createClusterRoute,
  listClustersRoute,
  describeClusterRoute,
  deleteClusterRoute,
  createNodegroupRoute,
  listNodegroupsRoute,
  describeNodegroupRoute,
  updateNodegroupConfigRoute,
  updateNodegroupVersionRoute,
  deleteNodegroupRoute,
  createAddonRoute,
  listAddonsRoute,
  describeAddonRoute,
  updateAddonRoute,
  deleteAddonRoute,
  describeAddonVersionsRoute,
  createFargateProfileRoute,
  listFargateProfilesRoute,
  describeFargateProfileRoute,
  deleteFargateProfileRoute,
  listUpdatesRoute,
  describeUpdateRoute,
  tagResourceRoute,
  untagResourceRoute,
  listTagsForResourceRoute,
];
