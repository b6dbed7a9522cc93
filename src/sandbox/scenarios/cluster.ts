/**
 * The EKS side of the scenarios: cluster `demo` over the private subnets, the managed add-ons
 * (vpc-cni, kube-proxy, coredns), a launch template for m5.large nodes, and the managed node group
 * `demo-nodes` (three nodes, one per zone). More nodes than EKS's nodes-per-group quota (450) are
 * split into near-equal groups `demo-nodes`, `demo-nodes-2`, ..., each across the same subnets.
 */
import { NODES_PER_MANAGED_NODEGROUP, splitIntoNodegroups } from '../../shared/aws-facts/eks-quotas.js';
import type { ScenarioNetwork } from './network.js';
import type { ScenarioWorld } from './types.js';
import { CLUSTER, CLUSTER_ROLE, LAUNCH_TEMPLATE, NODEGROUP, NODE_ROLE, SERVICE_CIDR } from './names.js';
import { settle } from './settle.js';

export interface ScenarioCluster {
  clusterSecurityGroupId: string;
  launchTemplateId: string;
}

export interface ClusterOptions {
  /** The vpc-cni add-on version (default: EKS's default version). */
  cniVersion?: string;
  /** The cluster's IP family (default ipv4). */
  ipFamily?: 'ipv4' | 'ipv6';
  /** The vpc-cni add-on's configurationValues (JSON). */
  cniConfiguration?: string;
  /** The nodes' instance type (default m5.large) and count (default 3, over as many groups as the quota needs). */
  instanceType?: string;
  nodes?: number;
  /** The account's nodes-per-managed-node-group quota (default EKS's 450). */
  nodesPerNodegroup?: number;
  /** The node group's subnets (default: the private subnets). */
  nodeSubnets?: string[];
}

export function buildCluster(
  world: ScenarioWorld,
  net: ScenarioNetwork,
  options: ClusterOptions = {},
): ScenarioCluster {
  const { ec2, eks, env } = world;
  const cluster = eks.createCluster({
    name: CLUSTER,
    version: '1.31',
    roleArn: CLUSTER_ROLE(env.accountId),
    resourcesVpcConfig: { subnetIds: net.privateSubnets, endpointPublicAccess: true },
    kubernetesNetworkConfig: {
      serviceIpv4Cidr: SERVICE_CIDR,
      ...(options.ipFamily ? { ipFamily: options.ipFamily } : {}),
    },
    tags: { environment: 'demo' },
  });
  // The control plane must be ACTIVE before add-ons and node groups.
  settle(world, 10_000, 5_000);
  for (const addonName of ['vpc-cni', 'kube-proxy', 'coredns']) {
    eks.createAddon({
      clusterName: CLUSTER,
      addonName,
      resolveConflicts: 'OVERWRITE',
      ...(addonName === 'vpc-cni' && options.cniVersion ? { addonVersion: options.cniVersion } : {}),
      ...(addonName === 'vpc-cni' && options.cniConfiguration
        ? { configurationValues: options.cniConfiguration }
        : {}),
    });
  }
  const template = ec2.createLaunchTemplate({
    launchTemplateName: LAUNCH_TEMPLATE,
    versionDescription: 'demo nodes',
    data: {
      instanceType: options.instanceType ?? 'm5.large',
      securityGroupIds: [],
      securityGroups: [],
      tagSpecifications: [
        { resourceType: 'instance', tags: [{ key: 'Name', value: `${CLUSTER}-${NODEGROUP}-node` }] },
      ],
      metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 2 },
    },
  });
  const quota = options.nodesPerNodegroup ?? NODES_PER_MANAGED_NODEGROUP;
  const sizes = options.nodes ? splitIntoNodegroups(options.nodes, quota) : [];
  const scalings = sizes.length
    ? sizes.map((size) => ({
        minSize: size,
        maxSize: Math.max(size, Math.min(size * 2, quota)),
        desiredSize: size,
      }))
    : [{ minSize: 3, maxSize: 6, desiredSize: 3 }];
  scalings.forEach((scalingConfig, i) => {
    eks.createNodegroup({
      clusterName: CLUSTER,
      nodegroupName: nodegroupName(i),
      subnets: options.nodeSubnets ?? net.privateSubnets,
      nodeRole: NODE_ROLE(env.accountId),
      launchTemplate: { id: template.launchTemplateId, version: '1' },
      scalingConfig,
      labels: { role: 'general' },
      tags: { environment: 'demo' },
    });
  });
  return {
    clusterSecurityGroupId: cluster.resourcesVpcConfig.clusterSecurityGroupId,
    launchTemplateId: template.launchTemplateId,
  };
}

/** The i-th (0-based) managed node group's name: `demo-nodes`, then `demo-nodes-2`, `demo-nodes-3`... */
export function nodegroupName(i: number): string {
  return i === 0 ? NODEGROUP : `${NODEGROUP}-${i + 1}`;
}
