/**
 * Fargate profiles: selectors (namespace required, at most five), subnets in the cluster's VPC, and
 * the CREATING -> ACTIVE, DELETING -> gone transitions.
 */
import { arnPrefix, clusterEntry, fargateProfileOf, findSubnet, now } from './context.js';
import type { EksContext } from './context.js';
import { InvalidParameterException, InvalidRequestException, ResourceInUseException } from './errors.js';
import { delayOf } from './ports.js';
import type { ClusterEntry, FargateProfileRecord, FargateSelector, Tags } from './types.js';
import { validateName, validateTags } from './validation.js';

export interface CreateFargateProfileInput {
  clusterName: string;
  fargateProfileName: string;
  podExecutionRoleArn: string;
  subnets?: string[];
  selectors?: FargateSelector[];
  tags?: Tags;
  clientRequestToken?: string;
}

export function createFargateProfile(
  ctx: EksContext,
  input: CreateFargateProfileInput,
): FargateProfileRecord {
  const entry = clusterEntry(ctx, input.clusterName);
  const fields = { clusterName: input.clusterName, fargateProfileName: input.fargateProfileName };
  validateName(input.fargateProfileName, 'fargateProfileName', fields);
  if (entry.fargateProfiles[input.fargateProfileName]) {
    throw new InvalidParameterException(
      'A Fargate Profile already exists with this name in the cluster.',
      fields,
    );
  }
  if (entry.cluster.status !== 'ACTIVE') {
    throw new InvalidRequestException(`Cluster '${input.clusterName}' is not in ACTIVE status`, fields);
  }
  const busy = Object.values(entry.fargateProfiles).find(
    (p) => p.status === 'CREATING' || p.status === 'DELETING',
  );
  if (busy) {
    throw new ResourceInUseException(
      `Cannot create Fargate Profile ${input.fargateProfileName} because cluster ${input.clusterName} currently has Fargate profile ${busy.fargateProfileName} in status ${busy.status}`,
      { clusterName: input.clusterName },
    );
  }
  if (!input.podExecutionRoleArn) {
    throw new InvalidParameterException('podExecutionRoleArn is required', fields);
  }
  const selectors = input.selectors ?? [];
  if (selectors.length === 0) {
    throw new InvalidParameterException('Fargate Profile requires at least one selector.', fields);
  }
  if (selectors.length > 5) {
    throw new InvalidParameterException('Fargate Profile cannot have more than 5 selectors.', fields);
  }
  for (const selector of selectors) {
    if (!selector.namespace) {
      throw new InvalidParameterException('Fargate Profile selector requires a namespace.', fields);
    }
    if (Object.keys(selector.labels ?? {}).length > 5) {
      throw new InvalidParameterException('Fargate Profile selector cannot have more than 5 labels.', fields);
    }
  }
  const subnets = input.subnets ?? entry.cluster.resourcesVpcConfig.subnetIds;
  for (const subnetId of subnets) {
    const subnet = findSubnet(ctx, subnetId);
    if (!subnet) {
      throw new InvalidParameterException(`Subnet ${subnetId} does not exist.`, fields);
    }
    if (subnet.vpcId !== entry.cluster.resourcesVpcConfig.vpcId) {
      throw new InvalidParameterException(
        `Subnet ${subnetId} is not in the same VPC as the cluster ${input.clusterName}.`,
        fields,
      );
    }
  }
  const tags = validateTags(input.tags ?? {}, fields);
  const at = now(ctx);
  const profile: FargateProfileRecord = {
    fargateProfileName: input.fargateProfileName,
    fargateProfileArn: `${arnPrefix(ctx)}:fargateprofile/${input.clusterName}/${input.fargateProfileName}/${ctx.env.ids.uuid()}`,
    clusterName: input.clusterName,
    createdAt: at,
    podExecutionRoleArn: input.podExecutionRoleArn,
    subnets: [...subnets],
    selectors: selectors.map((s) => ({
      namespace: s.namespace,
      ...(s.labels ? { labels: { ...s.labels } } : {}),
    })),
    status: 'CREATING',
    dueAt: at + delayOf(ctx.env, 'fargateProfileCreate'),
    tags,
  };
  entry.fargateProfiles[profile.fargateProfileName] = profile;
  return profile;
}

export function deleteFargateProfile(
  ctx: EksContext,
  clusterName: string,
  name: string,
): FargateProfileRecord {
  const profile = fargateProfileOf(ctx, clusterName, name);
  if (profile.status !== 'DELETING') {
    profile.status = 'DELETING';
    profile.dueAt = now(ctx) + delayOf(ctx.env, 'fargateProfileDelete');
  }
  return profile;
}

export function advanceFargateProfile(
  entry: ClusterEntry,
  profile: FargateProfileRecord,
  at: number,
): boolean {
  if (profile.dueAt === undefined || profile.dueAt > at) return false;
  delete profile.dueAt;
  if (profile.status === 'DELETING') {
    delete entry.fargateProfiles[profile.fargateProfileName];
  } else if (profile.status === 'CREATING') {
    profile.status = 'ACTIVE';
  }
  return true;
}
