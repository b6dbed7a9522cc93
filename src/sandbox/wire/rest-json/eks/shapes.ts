/**
 * The model's records as EKS's JSON shapes (botocore eks 2017-11-01: Cluster, Nodegroup, Addon,
 * FargateProfile, Update), timestamps as epoch seconds. Only the codec knows these spellings.
 */
import type { EksModel } from '../../../services/eks/model.js';
import type {
  AddonRecord,
  ClusterRecord,
  FargateProfileRecord,
  NodegroupRecord,
  UpdateRecord,
} from '../../../services/eks/types.js';

export function epochSeconds(ms: number): number {
  return ms / 1000;
}

const LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

export function clusterShape(cluster: ClusterRecord, eks: EksModel): Record<string, unknown> {
  const connection = eks.connectionOf(cluster.name);
  return {
    name: cluster.name,
    arn: cluster.arn,
    createdAt: epochSeconds(cluster.createdAt),
    version: cluster.version,
    ...(connection ? { endpoint: connection.endpoint } : {}),
    roleArn: cluster.roleArn,
    resourcesVpcConfig: { ...cluster.resourcesVpcConfig },
    kubernetesNetworkConfig: {
      serviceIpv4Cidr: cluster.kubernetesNetworkConfig.serviceIpv4Cidr,
      ipFamily: cluster.kubernetesNetworkConfig.ipFamily,
      elasticLoadBalancing: { enabled: false },
    },
    logging: { clusterLogging: [{ types: LOG_TYPES, enabled: false }] },
    identity: { oidc: { issuer: cluster.oidcIssuer } },
    status: cluster.status,
    certificateAuthority: connection ? { data: connection.caData } : {},
    ...(cluster.clientRequestToken ? { clientRequestToken: cluster.clientRequestToken } : {}),
    platformVersion: cluster.platformVersion,
    tags: { ...cluster.tags },
    health: { issues: [] },
    accessConfig: {
      bootstrapClusterCreatorAdminPermissions: true,
      authenticationMode: cluster.authenticationMode,
    },
    upgradePolicy: { supportType: 'EXTENDED' },
  };
}

export function nodegroupShape(ng: NodegroupRecord): Record<string, unknown> {
  return {
    nodegroupName: ng.nodegroupName,
    nodegroupArn: ng.nodegroupArn,
    clusterName: ng.clusterName,
    version: ng.version,
    ...(ng.releaseVersion ? { releaseVersion: ng.releaseVersion } : {}),
    createdAt: epochSeconds(ng.createdAt),
    modifiedAt: epochSeconds(ng.modifiedAt),
    status: ng.status,
    capacityType: ng.capacityType,
    scalingConfig: { ...ng.scalingConfig },
    ...(ng.instanceTypes.length > 0 ? { instanceTypes: [...ng.instanceTypes] } : {}),
    subnets: [...ng.subnets],
    amiType: ng.amiType,
    nodeRole: ng.nodeRole,
    labels: { ...ng.labels },
    ...(ng.taints.length > 0 ? { taints: ng.taints.map((t) => ({ ...t })) } : {}),
    resources: { autoScalingGroups: [{ name: ng.autoScalingGroupName }] },
    ...(ng.diskSize !== undefined ? { diskSize: ng.diskSize } : {}),
    health: { issues: ng.issues.map((i) => ({ ...i, resourceIds: [...i.resourceIds] })) },
    updateConfig: { ...ng.updateConfig },
    ...(ng.launchTemplate ? { launchTemplate: { ...ng.launchTemplate } } : {}),
    tags: { ...ng.tags },
  };
}

export function addonShape(addon: AddonRecord): Record<string, unknown> {
  return {
    addonName: addon.addonName,
    clusterName: addon.clusterName,
    status: addon.status,
    addonVersion: addon.addonVersion,
    health: { issues: addon.issues.map((i) => ({ ...i, resourceIds: [...i.resourceIds] })) },
    addonArn: addon.addonArn,
    createdAt: epochSeconds(addon.createdAt),
    modifiedAt: epochSeconds(addon.modifiedAt),
    ...(addon.serviceAccountRoleArn ? { serviceAccountRoleArn: addon.serviceAccountRoleArn } : {}),
    tags: { ...addon.tags },
    ...(addon.configurationValues !== undefined ? { configurationValues: addon.configurationValues } : {}),
  };
}

export function fargateProfileShape(profile: FargateProfileRecord): Record<string, unknown> {
  return {
    fargateProfileName: profile.fargateProfileName,
    fargateProfileArn: profile.fargateProfileArn,
    clusterName: profile.clusterName,
    createdAt: epochSeconds(profile.createdAt),
    podExecutionRoleArn: profile.podExecutionRoleArn,
    subnets: [...profile.subnets],
    selectors: profile.selectors.map((s) => ({ ...s })),
    status: profile.status,
    tags: { ...profile.tags },
    health: { issues: [] },
  };
}

export function updateShape(update: UpdateRecord): Record<string, unknown> {
  return {
    id: update.id,
    status: update.status,
    type: update.type,
    params: update.params.map((p) => ({ ...p })),
    createdAt: epochSeconds(update.createdAt),
    errors: update.errors.map((e) => ({ ...e, resourceIds: [...e.resourceIds] })),
  };
}
