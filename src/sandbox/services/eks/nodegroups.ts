/**
 * Managed node groups: CreateNodegroup's rules (subnets in the cluster's VPC, launch template versus
 * node group settings, sizes), scaling with UpdateNodegroupConfig, deletion, and their transitions.
 */
import { arnPrefix, clusterEntry, findSubnet, nodegroupOf, now } from './context.js';
import type { EksContext } from './context.js';
import {
  DEFAULT_DISK_SIZE,
  DEFAULT_INSTANCE_TYPE,
  DEFAULT_SCALING,
  defaultAmiType,
  releaseVersionFor,
} from './defaults.js';
import { InvalidParameterException, InvalidRequestException, ResourceInUseException } from './errors.js';
import { forgetTerminated, launchInstances, terminateInstances, terminateQuietly } from './node-launcher.js';
import { delayOf } from './ports.js';
import type { ClusterEntry, NodegroupRecord, ScalingConfig, Tags, Taint } from './types.js';
import { finishUpdate, startUpdate } from './updates.js';
import { validateLabels, validateName, validateScaling, validateTags } from './validation.js';

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
  updateConfig?: { maxUnavailable?: number; maxUnavailablePercentage?: number };
  clientRequestToken?: string;
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
    updateConfig: input.updateConfig ?? { maxUnavailable: 1 },
    tags,
    autoScalingGroupName: `eks-${input.nodegroupName}-${uuid}`,
    ...(input.clientRequestToken ? { clientRequestToken: input.clientRequestToken } : {}),
    instances: [],
    issues: [],
  };
  entry.nodegroups[ng.nodegroupName] = ng;
  launchInstances(ctx, cluster, ng, scalingConfig.desiredSize);
  return ng;
}

export interface UpdateNodegroupConfigInput {
  scalingConfig?: Partial<ScalingConfig>;
  labels?: { addOrUpdateLabels?: Tags; removeLabels?: string[] };
  updateConfig?: { maxUnavailable?: number; maxUnavailablePercentage?: number };
  clientRequestToken?: string;
}

export function updateNodegroupConfig(
  ctx: EksContext,
  clusterName: string,
  nodegroupName: string,
  input: UpdateNodegroupConfigInput,
) {
  const entry = clusterEntry(ctx, clusterName);
  const ng = nodegroupOf(ctx, clusterName, nodegroupName);
  const fields = { clusterName, nodegroupName };
  if (ng.status !== 'ACTIVE' && ng.status !== 'DEGRADED') {
    throw new ResourceInUseException(
      `Nodegroup ${nodegroupName} cannot be updated as it is currently in ${ng.status} state`,
      fields,
    );
  }
  const params: { type: string; value: string }[] = [];
  const scaling: ScalingConfig = { ...ng.scalingConfig, ...input.scalingConfig };
  validateScaling(scaling, 'update', fields);
  for (const [key, type] of [
    ['desiredSize', 'DesiredSize'],
    ['maxSize', 'MaxSize'],
    ['minSize', 'MinSize'],
  ] as const) {
    if (input.scalingConfig?.[key] !== undefined) params.push({ type, value: String(scaling[key]) });
  }
  const add = input.labels?.addOrUpdateLabels ?? {};
  const remove = input.labels?.removeLabels ?? [];
  const both = remove.filter((k) => k in add);
  if (both.length > 0) {
    throw new InvalidParameterException(
      `The following labels are both added and removed: ${both.join(', ')}`,
      fields,
    );
  }
  validateLabels(add, fields);
  if (Object.keys(add).length > 0) params.push({ type: 'LabelsToAdd', value: JSON.stringify(add) });
  if (remove.length > 0) params.push({ type: 'LabelsToRemove', value: JSON.stringify(remove) });
  if (input.updateConfig?.maxUnavailable !== undefined) {
    params.push({ type: 'MaxUnavailable', value: String(input.updateConfig.maxUnavailable) });
  }
  if (input.updateConfig?.maxUnavailablePercentage !== undefined) {
    params.push({
      type: 'MaxUnavailablePercentage',
      value: String(input.updateConfig.maxUnavailablePercentage),
    });
  }
  if (params.length === 0) throw new InvalidParameterException('No changes needed', fields);

  const update = startUpdate(ctx, entry, 'ConfigUpdate', params, { nodegroupName });
  const at = now(ctx);
  ng.scalingConfig = scaling;
  for (const [k, v] of Object.entries(add)) ng.labels[k] = v;
  for (const k of remove) delete ng.labels[k];
  if (input.updateConfig) ng.updateConfig = { ...input.updateConfig };
  ng.status = 'UPDATING';
  ng.modifiedAt = at;
  ng.dueAt = at + delayOf(ctx.env, 'nodegroupUpdate');
  ng.pendingUpdateId = update.id;
  resize(ctx, entry, ng);
  return update;
}

/** Brings the instance count to desiredSize. */
function resize(ctx: EksContext, entry: ClusterEntry, ng: NodegroupRecord): void {
  const diff = ng.scalingConfig.desiredSize - ng.instances.length;
  if (diff > 0) launchInstances(ctx, entry.cluster, ng, diff);
  else if (diff < 0) terminateInstances(ctx, ng, -diff);
}

export function deleteNodegroup(
  ctx: EksContext,
  clusterName: string,
  nodegroupName: string,
): NodegroupRecord {
  const ng = nodegroupOf(ctx, clusterName, nodegroupName);
  if (ng.status === 'DELETING') return ng;
  if (ng.status === 'CREATING' || ng.status === 'UPDATING') {
    throw new ResourceInUseException(
      `Nodegroup ${nodegroupName} cannot be deleted because it is currently in ${ng.status} state`,
      { clusterName, nodegroupName },
    );
  }
  const at = now(ctx);
  ng.status = 'DELETING';
  ng.modifiedAt = at;
  ng.dueAt = at + delayOf(ctx.env, 'nodegroupDelete');
  terminateQuietly(
    ctx,
    ng.instances.map((i) => i.instanceId),
  );
  ng.instances = [];
  return ng;
}

/** Advances a node group: status transitions, replacing lost instances, retrying failed launches. */
export function advanceNodegroup(
  ctx: EksContext,
  entry: ClusterEntry,
  ng: NodegroupRecord,
  at: number,
): boolean {
  let changed = false;
  if (ng.status !== 'DELETING') {
    if (forgetTerminated(ctx, ng) > 0) changed = true;
    const missing = ng.scalingConfig.desiredSize - ng.instances.length;
    const mayLaunch = ng.retryLaunchAt === undefined || ng.retryLaunchAt <= at;
    if (missing > 0 && mayLaunch && (changed || ng.retryLaunchAt !== undefined)) {
      launchInstances(ctx, entry.cluster, ng, missing);
      changed = true;
    }
    if (ng.status === 'DEGRADED' && ng.issues.length === 0) {
      ng.status = 'ACTIVE';
      changed = true;
    }
  }
  if (ng.dueAt === undefined || ng.dueAt > at) return changed;
  delete ng.dueAt;
  if (ng.status === 'DELETING') {
    delete entry.nodegroups[ng.nodegroupName];
    return true;
  }
  if (ng.status === 'CREATING') {
    const failed = ng.instances.length === 0 && ng.scalingConfig.desiredSize > 0;
    ng.status = failed ? 'CREATE_FAILED' : ng.issues.length > 0 ? 'DEGRADED' : 'ACTIVE';
  } else if (ng.status === 'UPDATING') {
    ng.status = ng.issues.length > 0 ? 'DEGRADED' : 'ACTIVE';
    const issue = ng.issues[0];
    finishUpdate(
      entry,
      ng.pendingUpdateId,
      issue
        ? { errorCode: issue.code, errorMessage: issue.message, resourceIds: issue.resourceIds }
        : undefined,
    );
    delete ng.pendingUpdateId;
  }
  ng.modifiedAt = at;
  return true;
}
