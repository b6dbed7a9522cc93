/** CreateFargateProfile, DescribeFargateProfile, ListFargateProfiles, DeleteFargateProfile. */
import type { FargateSelector } from '../../../services/eks/types.js';
import type { EksRoute } from './context.js';
import {
  asObject,
  defined,
  optObjectList,
  optString,
  optStringList,
  optStringMap,
  reqString,
} from './input.js';
import { listPage, pathParam } from './route-helpers.js';
import { fargateProfileShape } from './shapes.js';

export const createFargateProfileRoute: EksRoute = {
  operation: 'CreateFargateProfile',
  method: 'POST',
  path: '/clusters/{name}/fargate-profiles',
  mutating: true,
  handle(req, ctx) {
    const body = asObject(req.body);
    const clusterName = pathParam(req, 'name');
    const fargateProfileName = reqString(body, 'fargateProfileName', { clusterName });
    const fields = { clusterName, fargateProfileName };
    const selectors: FargateSelector[] | undefined = optObjectList(body, 'selectors', fields)?.map((s) =>
      defined({
        namespace: optString(s, 'namespace', fields) ?? '',
        labels: optStringMap(s, 'labels', fields),
      }),
    );
    const profile = ctx.eks.createFargateProfile(
      defined({
        clusterName,
        fargateProfileName,
        podExecutionRoleArn: reqString(body, 'podExecutionRoleArn', fields),
        subnets: optStringList(body, 'subnets', fields),
        selectors,
        tags: optStringMap(body, 'tags', fields),
        clientRequestToken: optString(body, 'clientRequestToken', fields),
      }),
    );
    return { body: { fargateProfile: fargateProfileShape(profile) } };
  },
};

export const describeFargateProfileRoute: EksRoute = {
  operation: 'DescribeFargateProfile',
  method: 'GET',
  path: '/clusters/{name}/fargate-profiles/{fargateProfileName}',
  mutating: false,
  handle(req, ctx) {
    const profile = ctx.eks.describeFargateProfile(
      pathParam(req, 'name'),
      pathParam(req, 'fargateProfileName'),
    );
    return { body: { fargateProfile: fargateProfileShape(profile) } };
  },
};

export const listFargateProfilesRoute: EksRoute = {
  operation: 'ListFargateProfiles',
  method: 'GET',
  path: '/clusters/{name}/fargate-profiles',
  mutating: false,
  handle(req, ctx) {
    const clusterName = pathParam(req, 'name');
    return listPage('fargateProfileNames', ctx.eks.listFargateProfiles(clusterName), req.query, {
      clusterName,
    });
  },
};

export const deleteFargateProfileRoute: EksRoute = {
  operation: 'DeleteFargateProfile',
  method: 'DELETE',
  path: '/clusters/{name}/fargate-profiles/{fargateProfileName}',
  mutating: true,
  handle(req, ctx) {
    const profile = ctx.eks.deleteFargateProfile(
      pathParam(req, 'name'),
      pathParam(req, 'fargateProfileName'),
    );
    return { body: { fargateProfile: fargateProfileShape(profile) } };
  },
};
