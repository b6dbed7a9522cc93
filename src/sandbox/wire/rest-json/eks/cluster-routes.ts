/** CreateCluster, DescribeCluster, ListClusters, DeleteCluster. */
import type { EksRoute } from './context.js';
import {
  asObject,
  defined,
  optBool,
  optObject,
  optString,
  optStringList,
  optStringMap,
  reqString,
} from './input.js';
import { listPage, pathParam } from './route-helpers.js';
import { clusterShape } from './shapes.js';

export const createClusterRoute: EksRoute = {
  operation: 'CreateCluster',
  method: 'POST',
  path: '/clusters',
  mutating: true,
  handle(req, ctx) {
    const body = asObject(req.body);
    const name = reqString(body, 'name');
    const fields = { clusterName: name };
    const vpc = optObject(body, 'resourcesVpcConfig', fields) ?? {};
    const network = optObject(body, 'kubernetesNetworkConfig', fields);
    const access = optObject(body, 'accessConfig', fields);
    const cluster = ctx.eks.createCluster(
      defined({
        name,
        version: optString(body, 'version', fields),
        roleArn: reqString(body, 'roleArn', fields),
        resourcesVpcConfig: defined({
          subnetIds: optStringList(vpc, 'subnetIds', fields),
          securityGroupIds: optStringList(vpc, 'securityGroupIds', fields),
          endpointPublicAccess: optBool(vpc, 'endpointPublicAccess', fields),
          endpointPrivateAccess: optBool(vpc, 'endpointPrivateAccess', fields),
          publicAccessCidrs: optStringList(vpc, 'publicAccessCidrs', fields),
        }),
        kubernetesNetworkConfig: network
          ? defined({
              serviceIpv4Cidr: optString(network, 'serviceIpv4Cidr', fields),
              ipFamily: optString(network, 'ipFamily', fields),
            })
          : undefined,
        accessConfig: access
          ? defined({ authenticationMode: optString(access, 'authenticationMode', fields) })
          : undefined,
        bootstrapSelfManagedAddons: optBool(body, 'bootstrapSelfManagedAddons', fields),
        clientRequestToken: optString(body, 'clientRequestToken', fields),
        tags: optStringMap(body, 'tags', fields),
      }),
    );
    return { body: { cluster: clusterShape(cluster, ctx.eks) } };
  },
};

export const describeClusterRoute: EksRoute = {
  operation: 'DescribeCluster',
  method: 'GET',
  path: '/clusters/{name}',
  mutating: false,
  handle(req, ctx) {
    const cluster = ctx.eks.describeCluster(pathParam(req, 'name'));
    return { body: { cluster: clusterShape(cluster, ctx.eks) } };
  },
};

export const listClustersRoute: EksRoute = {
  operation: 'ListClusters',
  method: 'GET',
  path: '/clusters',
  mutating: false,
  handle(req, ctx) {
    return listPage('clusters', ctx.eks.listClusters(), req.query);
  },
};

export const deleteClusterRoute: EksRoute = {
  operation: 'DeleteCluster',
  method: 'DELETE',
  path: '/clusters/{name}',
  mutating: true,
  handle(req, ctx) {
    const cluster = ctx.eks.deleteCluster(pathParam(req, 'name'));
    return { body: { cluster: clusterShape(cluster, ctx.eks) } };
  },
};
