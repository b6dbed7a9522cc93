/**
 * Managed node groups: CreateNodegroup's rules (subnets in the cluster's VPC, launch template versus
 * node group settings, sizes). Scaling, deletion and transitions are in nodegroup-lifecycle.ts.
 */
import { arnPrefix, clusterEntry, findSubnet, now } from './context.js';
import type { EksContext } from './context.js';
import {
  DEFAULT_DISK_SIZE,
  DEFAULT_INSTANCE_TYPE,
  DEFAULT_SCALING,
  defaultAmiType,
  releaseVersionFor,
} from './defaults.js';
import { InvalidParameterException, InvalidRequestException, ResourceInUseException } from './errors.js';
import { launchInstances, type GivenInstance } from './node-launcher.js';
import { delayOf } from './ports.js';
import type {
  ClusterEntry,
  NodegroupRecord,
  NodegroupUpdateConfig,
  ScalingConfig,
  Tags,
  Taint,
} from './types.js';
import {
  validateLabels,
  validateName,
  validateScaling,
  validateTags,
  validateUpdateConfig,
} from './validation.js';

export { advanceNodegroup, deleteNodegroup, updateNodegroupConfig } from './nodegroup-lifecycle.js';
export { updateNodegroupVersion } from './nodegroup-rollout.js';
export type { UpdateNodegroupVersionInput } from './nodegroup-rollout.js';
export type { UpdateNodegroupConfigInput } from './nodegroup-lifecycle.js';

export interface CreateNodegroupInput {
  clusterName: string;
  nodegroupName: string;
  subnets: string[];
  nodeRole: string;
  scalingConfig?: Partial<ScalingConfig>;
  instanceTypes?: string[];
  amiType?: string;
  diskSize?: number;
  labels?: Tags;
  taints?: Taint[];
  tags?: Tags;
  launchTemplate?: { id?: string; name?: string; version?: string };
  capacityType?: string;
  version?: string;
  releaseVersion?: string;
  updateConfig?: NodegroupUpdateConfig;
  clientRequestToken?: string;
  /**
   * Not in the EKS API: the first instances launched with these ids, subnets and addresses (a twin
   * rebuilds a real node group's instances as they are). At most desiredSize are used.
   */
  givenInstances?: GivenInstance[];
}

const AMI_TYPES = new Set([
  'AL2_x86_64',
  'AL2_x86_64_GPU',
  'AL2_ARM_64',
  'CUSTOM',
  'BOTTLEROCKET_ARM_64',
  'BOTTLEROCKET_x86_64',
  'AL2023_x86_64_STANDARD',
  'AL2023_ARM_64_STANDARD',
  'AL2023_x86_64_NEURON',
  'AL2023_x86_64_NVIDIA',
  'AL2023_ARM_64_NVIDIA',
  'WINDOWS_CORE_2019_x86_64',
  'WINDOWS_FULL_2019_x86_64',
  'WINDOWS_CORE_2022_x86_64',
  'WINDOWS_FULL_2022_x86_64',
]);
const TAINT_EFFECTS = new Set(['NO_SCHEDULE', 'NO_EXECUTE', 'PREFER_NO_SCHEDULE']);

function requireActiveCluster(entry: ClusterEntry): void {
  const { cluster } = entry;
  if (cluster.status !== 'ACTIVE' && cluster.status !== 'UPDATING') {
    throw new InvalidRequestException(`Cluster '${cluster.name}' is not in ACTIVE status`, {
      clusterName: cluster.name,
    });
  }
}

export function createNodegroup(ctx: EksContext, input: CreateNodegroupInput): NodegroupRecord {
  const entry = clusterEntry(ctx, input.clusterName);
  const fields = { clusterName: input.clusterName, nodegroupName: input.nodegroupName };
  validateName(input.nodegroupName, 'nodegroupName', fields);
  const existing = entry.nodegroups[input.nodegroupName];
  if (existing) {
    if (input.clientRequestToken && existing.clientRequestToken === input.clientRequestToken) return existing;
    throw new ResourceInUseException(
      `NodeGroup already exists with name ${input.nodegroupName} and cluster name ${input.clusterName}`,
      fields,
    );
  }
  requireActiveCluster(entry);
  const cluster = entry.cluster;
  if (!input.nodeRole) throw new InvalidParameterException('nodeRole is required', fields);
  if (!input.subnets || input.subnets.length === 0) {
    throw new InvalidParameterException('Subnets are required', fields);
  }
  for (const subnetId of input.subnets) {
    const subnet = findSubnet(ctx, subnetId);
    if (!subnet) {
      throw new InvalidParameterException(`The subnet ID '${subnetId}' does not exist`, fields);
    }
    if (subnet.vpcId !== cluster.resourcesVpcConfig.vpcId) {
      throw new InvalidParameterException(
        `Subnet ${subnetId} is not in the cluster VPC ${cluster.resourcesVpcConfig.vpcId}`,
        fields,
      );
    }
  }
  if (input.version !== undefined && input.version !== cluster.version) {
    throw new InvalidParameterException(
      `Requested Nodegroup version ${input.version} is invalid. Allowed Nodegroup version is ${cluster.version}`,
      fields,
    );
  }
  if (input.amiType !== undefined && !AMI_TYPES.has(input.amiType)) {
    throw new InvalidParameterException(`amiType ${input.amiType} is not valid`, fields);
  }
  const scalingConfig: ScalingConfig = { ...DEFAULT_SCALING, ...input.scalingConfig };
  if (input.scalingConfig && input.scalingConfig.desiredSize === undefined) {
    scalingConfig.desiredSize = Math.max(scalingConfig.minSize, 0);
  }
  validateScaling(scalingConfig, 'create', fields);
  const labels = input.labels ?? {};
  validateLabels(labels, fields);
  for (const taint of input.taints ?? []) {
    if (!TAINT_EFFECTS.has(taint.effect)) {
      throw new InvalidParameterException(`Taint effect ${taint.effect} is not valid`, fields);
    }
  }
  const tags = validateTags(input.tags ?? {}, fields);
  if (input.updateConfig) validateUpdateConfig(input.updateConfig, fields);

  let amiType = input.amiType ?? defaultAmiType(cluster.version);
  let instanceTypes = input.instanceTypes ?? [];
  let launchTemplate: NodegroupRecord['launchTemplate'];
  let diskSize: number | undefined = input.diskSize ?? DEFAULT_DISK_SIZE;
  if (input.launchTemplate) {
    const { id, name, version } = input.launchTemplate;
    if ((id && name) || (!id && !name)) {
      throw new InvalidParameterException(
        'Either launch template ID or name should be specified, but not both',
        fields,
      );
    }
    const idOrName = (id ?? name) as string;
    let resolved: ReturnType<EksContext['ec2']['getLaunchTemplateVersion']>;
    try {
      resolved = ctx.ec2.getLaunchTemplateVersion(idOrName, version ?? '$Default');
    } catch {
      resolved = undefined;
    }
    if (!resolved) {
      throw new InvalidParameterException(
        `Launch template ${idOrName} version ${version ?? '$Default'} does not exist`,
        fields,
      );
    }
    if (input.diskSize !== undefined) {
      throw new InvalidParameterException('Disk size must be specified within the launch template.', fields);
    }
    diskSize = undefined;
    if (resolved.data.instanceType && instanceTypes.length > 0) {
      throw new InvalidParameterException(
        'Instance type must be specified in either the launch template or the node group, not both.',
        fields,
      );
    }
    if (resolved.data.imageId) {
      if (input.amiType !== undefined && input.amiType !== 'CUSTOM') {
        throw new InvalidParameterException(
          'You cannot specify an AMI Type other than CUSTOM, when specifying an image id in your launch template.',
          fields,
        );
      }
      amiType = 'CUSTOM';
    }
    launchTemplate = {
      id: resolved.launchTemplateId,
      name: resolved.launchTemplateName,
      version: String(resolved.versionNumber),
    };
    if (resolved.data.instanceType) instanceTypes = [];
  }
  if (instanceTypes.length === 0 && !launchTemplate) instanceTypes = [DEFAULT_INSTANCE_TYPE];

  const created = now(ctx);
  const uuid = ctx.env.ids.uuid();
  const ng: NodegroupRecord = {
    nodegroupName: input.nodegroupName,
    nodegroupArn: `${arnPrefix(ctx)}:nodegroup/${cluster.name}/${input.nodegroupName}/${uuid}`,
    clusterName: cluster.name,
    version: cluster.version,
    releaseVersion: amiType === 'CUSTOM' ? '' : (input.releaseVersion ?? releaseVersionFor(cluster.version)),
    createdAt: created,
    modifiedAt: created,
    status: 'CREATING',
    dueAt: created + delayOf(ctx.env, 'nodegroupCreate'),
    capacityType: input.capacityType ?? 'ON_DEMAND',
    scalingConfig,
    instanceTypes,
    subnets: [...input.subnets],
    amiType,
    nodeRole: input.nodeRole,
    labels: { ...labels },
    taints: input.taints ?? [],
    ...(diskSize !== undefined ? { diskSize } : {}),
    ...(launchTemplate ? { launchTemplate } : {}),
    updateConfig:
      input.updateConfig?.maxUnavailable !== undefined ||
      input.updateConfig?.maxUnavailablePercentage !== undefined
        ? { ...input.updateConfig }
        : { maxUnavailable: 1, ...input.updateConfig },
    tags,
    autoScalingGroupName: `eks-${input.nodegroupName}-${uuid}`,
    ...(input.clientRequestToken ? { clientRequestToken: input.clientRequestToken } : {}),
    instances: [],
    issues: [],
  };
  entry.nodegroups[ng.nodegroupName] = ng;
  launchInstances(ctx, cluster, ng, scalingConfig.desiredSize, input.givenInstances);
  return ng;
}
