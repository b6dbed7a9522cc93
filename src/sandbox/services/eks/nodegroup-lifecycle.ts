/**
 * A node group's life after CreateNodegroup: scaling and labels with UpdateNodegroupConfig (an update
 * object, instances launched or terminated at once), deletion (instances terminated), and the
 * CREATING/UPDATING/DELETING transitions, replacing instances terminated behind the ASG's back.
 */
import { clusterEntry, nodegroupOf, now } from './context.js';
import type { EksContext } from './context.js';
import { InvalidParameterException, ResourceInUseException } from './errors.js';
import { forgetTerminated, launchInstances, terminateInstances, terminateQuietly } from './node-launcher.js';
import { delayOf } from './ports.js';
import { advanceRollout } from './nodegroup-rollout.js';
import type { ClusterEntry, NodegroupRecord, NodegroupUpdateConfig, ScalingConfig, Tags } from './types.js';
import { finishUpdate, startUpdate } from './updates.js';
import { validateLabels, validateScaling, validateUpdateConfig } from './validation.js';

/** A new maxUnavailable replaces the percentage and the other way round; the strategy is kept unless given. */
function mergeUpdateConfig(
  current: NodegroupUpdateConfig,
  next: NodegroupUpdateConfig,
): NodegroupUpdateConfig {
  const sizing =
    next.maxUnavailable !== undefined || next.maxUnavailablePercentage !== undefined
      ? { ...next }
      : { ...current, ...next };
  const strategy = next.updateStrategy ?? current.updateStrategy;
  return { ...sizing, ...(strategy ? { updateStrategy: strategy } : {}) };
}

export interface UpdateNodegroupConfigInput {
  scalingConfig?: Partial<ScalingConfig>;
  labels?: { addOrUpdateLabels?: Tags; removeLabels?: string[] };
  updateConfig?: NodegroupUpdateConfig;
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
  if (input.updateConfig) validateUpdateConfig(input.updateConfig, fields);
  if (input.updateConfig?.updateStrategy !== undefined) {
    params.push({ type: 'UpdateStrategy', value: input.updateConfig.updateStrategy });
  }
  if (params.length === 0) throw new InvalidParameterException('No changes needed', fields);

  const update = startUpdate(ctx, entry, 'ConfigUpdate', params, { nodegroupName });
  const at = now(ctx);
  ng.scalingConfig = scaling;
  for (const [k, v] of Object.entries(add)) ng.labels[k] = v;
  for (const k of remove) delete ng.labels[k];
  if (input.updateConfig) ng.updateConfig = mergeUpdateConfig(ng.updateConfig, input.updateConfig);
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
  let changed = advanceRollout(ctx, entry, ng, at);
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
