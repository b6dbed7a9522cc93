/**
 * UpdateNodegroupVersion: a new launch template version (or AMI release) rolled onto a managed node
 * group the way the EKS user guide's "Understand each phase of node updates" describes it:
 * - scale up: the ASG's desired and maximum sizes grow by the larger of twice the zones and
 *   maxUnavailable (never more than the nodes to replace); once every new node is Ready, the old
 *   nodes are marked unschedulable. The MINIMAL strategy skips this (old nodes go first).
 * - upgrade: up to maxUnavailable old nodes at a time are drained through the Eviction API
 *   (PodDisruptionBudgets honoured; `force` deletes what a budget protects); a node whose pods do
 *   not leave within 15 minutes fails the update with `PodEvictionFailure`. A drained node is
 *   terminated after a short wait and the ASG launches its replacement from the new version.
 * - scale down: the sizes go back to where they were, one drained node at a time.
 */
import { clusterEntry, nodegroupOf, now } from './context.js';
import type { EksContext } from './context.js';
import { InvalidParameterException, ResourceInUseException } from './errors.js';
import { cordon, drainPass, isNodeReady, kubeStoreOf, nodeOfInstance } from './node-drain.js';
import { launchInstances, terminateQuietly } from './node-launcher.js';
import { delayOf } from './ports.js';
import type {
  ClusterEntry,
  DrainingNode,
  NodegroupInstance,
  NodegroupRecord,
  UpdateRecord,
} from './types.js';
import { finishUpdate, startUpdate } from './updates.js';

export interface UpdateNodegroupVersionInput {
  version?: string;
  releaseVersion?: string;
  launchTemplate?: { id?: string; name?: string; version?: string };
  force?: boolean;
  clientRequestToken?: string;
}

export function updateNodegroupVersion(
  ctx: EksContext,
  clusterName: string,
  nodegroupName: string,
  input: UpdateNodegroupVersionInput,
): UpdateRecord {
  const entry = clusterEntry(ctx, clusterName);
  const ng = nodegroupOf(ctx, clusterName, nodegroupName);
  const fields = { clusterName, nodegroupName };
  if (ng.status !== 'ACTIVE' && ng.status !== 'DEGRADED') {
    throw new ResourceInUseException(
      `Nodegroup ${nodegroupName} cannot be updated as it is currently in ${ng.status} state`,
      fields,
    );
  }
  if (input.version !== undefined && input.version !== entry.cluster.version) {
    throw new InvalidParameterException(
      `Requested Nodegroup version ${input.version} is invalid. Allowed Nodegroup version is ${entry.cluster.version}`,
      fields,
    );
  }
  const params: { type: string; value: string }[] = [];
  stampInstances(ng);
  if (input.launchTemplate) {
    const lt = input.launchTemplate;
    if (!ng.launchTemplate) {
      throw new InvalidParameterException(
        'You cannot specify a launch template for a node group that was not created with one.',
        fields,
      );
    }
    if ((lt.id && lt.id !== ng.launchTemplate.id) || (lt.name && lt.name !== ng.launchTemplate.name)) {
      throw new InvalidParameterException(
        'The launch template ID or name must match the one the node group was created with.',
        fields,
      );
    }
    const resolved = resolveVersion(ctx, ng.launchTemplate.id, lt.version ?? '$Default');
    if (!resolved) {
      throw new InvalidParameterException(
        `Launch template ${ng.launchTemplate.id} version ${lt.version ?? '$Default'} does not exist`,
        fields,
      );
    }
    if (resolved.imageId && (input.version !== undefined || input.releaseVersion !== undefined)) {
      throw new InvalidParameterException(
        'You cannot specify a version or release version when the launch template names a custom AMI.',
        fields,
      );
    }
    params.push({ type: 'LaunchTemplateName', value: ng.launchTemplate.name });
    params.push({ type: 'LaunchTemplateVersion', value: resolved.version });
    ng.launchTemplate = { ...ng.launchTemplate, version: resolved.version };
  }
  if (ng.amiType !== 'CUSTOM') {
    const release = input.releaseVersion ?? ng.releaseVersion;
    params.push({ type: 'Version', value: input.version ?? entry.cluster.version });
    params.push({ type: 'ReleaseVersion', value: release });
    ng.releaseVersion = release;
  }
  const update = startUpdate(ctx, entry, 'VersionUpdate', params, { nodegroupName });
  const at = now(ctx);
  const surge = surgeOf(ctx, ng);
  ng.rollout = {
    updateId: update.id,
    phase: surge > 0 ? 'scale-up' : 'upgrade',
    force: input.force === true,
    original: { desiredSize: ng.scalingConfig.desiredSize, maxSize: ng.scalingConfig.maxSize },
    draining: [],
  };
  ng.status = 'UPDATING';
  ng.modifiedAt = at;
  delete ng.dueAt;
  if (surge > 0) {
    ng.scalingConfig = {
      ...ng.scalingConfig,
      desiredSize: ng.scalingConfig.desiredSize + surge,
      maxSize: ng.scalingConfig.maxSize + surge,
    };
    launchInstances(ctx, entry.cluster, ng, surge);
  }
  return update;
}

function resolveVersion(ctx: EksContext, id: string, version: string) {
  try {
    const v = ctx.ec2.getLaunchTemplateVersion(id, version);
    return v ? { version: String(v.versionNumber), imageId: v.data.imageId } : undefined;
  } catch {
    return undefined;
  }
}

/** Instances from before the launch template version / release were recorded carry the current ones. */
function stampInstances(ng: NodegroupRecord): void {
  for (const i of ng.instances) {
    if (ng.launchTemplate && i.launchTemplateVersion === undefined)
      i.launchTemplateVersion = ng.launchTemplate.version;
    if (i.releaseVersion === undefined) i.releaseVersion = ng.releaseVersion;
  }
}

function isOutdated(ng: NodegroupRecord, i: NodegroupInstance): boolean {
  if (ng.launchTemplate && i.launchTemplateVersion !== ng.launchTemplate.version) return true;
  return ng.amiType !== 'CUSTOM' && i.releaseVersion !== ng.releaseVersion;
}

/** Nodes updated in parallel: updateConfig's maxUnavailable, or its percentage of the group (at least 1). */
export function maxUnavailableOf(ng: NodegroupRecord, nodes: number): number {
  const { maxUnavailable, maxUnavailablePercentage } = ng.updateConfig;
  if (maxUnavailable !== undefined) return Math.max(1, maxUnavailable);
  if (maxUnavailablePercentage !== undefined)
    return Math.min(100, Math.max(1, Math.floor((nodes * maxUnavailablePercentage) / 100)));
  return 1;
}

function surgeOf(ctx: EksContext, ng: NodegroupRecord): number {
  if (ng.updateConfig.updateStrategy === 'MINIMAL') return 0;
  const outdated = ng.instances.filter((i) => isOutdated(ng, i)).length;
  const zones = new Set(ng.subnets.map((s) => ctx.ec2.getSubnet(s)?.availabilityZone ?? s)).size;
  return Math.min(outdated, Math.max(2 * zones, maxUnavailableOf(ng, ng.instances.length)));
}

function fail(
  entry: ClusterEntry,
  ng: NodegroupRecord,
  at: number,
  code: string,
  message: string,
  ids: string[],
) {
  finishUpdate(entry, ng.rollout?.updateId, { errorCode: code, errorMessage: message, resourceIds: ids });
  delete ng.rollout;
  ng.status = 'ACTIVE';
  ng.modifiedAt = at;
}

/** Drains one node a pass further; true once its instance is terminated. */
function drainStep(
  ctx: EksContext,
  ng: NodegroupRecord,
  d: DrainingNode,
  at: number,
): 'done' | 'waiting' | 'timeout' {
  const store = kubeStoreOf(ctx, ng.clusterName);
  const node = store ? nodeOfInstance(store, d.instanceId) : undefined;
  if (store && node?.metadata.name) {
    cordon(store, node);
    const left = drainPass(store, node.metadata.name, ng.rollout?.force ?? false);
    if (left > 0) {
      delete d.drainedAt;
      return at - d.startedAt >= delayOf(ctx.env, 'nodegroupDrainTimeout') ? 'timeout' : 'waiting';
    }
  }
  d.drainedAt ??= at;
  if (at < d.drainedAt + delayOf(ctx.env, 'nodegroupDrainSettle')) return 'waiting';
  ng.instances = ng.instances.filter((i) => i.instanceId !== d.instanceId);
  terminateQuietly(ctx, [d.instanceId]);
  return 'done';
}

/** Moves a version update on; true when anything changed. */
export function advanceRollout(
  ctx: EksContext,
  entry: ClusterEntry,
  ng: NodegroupRecord,
  at: number,
): boolean {
  const rollout = ng.rollout;
  if (!rollout) return false;
  const store = kubeStoreOf(ctx, ng.clusterName);
  if (rollout.phase === 'scale-up') {
    const fresh = ng.instances.filter((i) => !isOutdated(ng, i));
    const ready = store ? fresh.every((i) => isNodeReady(nodeOfInstance(store, i.instanceId))) : true;
    if (fresh.length === 0 || !ready) return false;
    if (store) {
      for (const i of ng.instances.filter((x) => isOutdated(ng, x))) {
        const node = nodeOfInstance(store, i.instanceId);
        if (node) cordon(store, node);
      }
    }
    rollout.phase = 'upgrade';
    return true;
  }
  const limit = maxUnavailableOf(ng, rollout.original.desiredSize);
  const candidates =
    rollout.phase === 'upgrade'
      ? ng.instances.filter((i) => isOutdated(ng, i))
      : ng.scalingConfig.desiredSize > rollout.original.desiredSize
        ? [...ng.instances].sort((a, b) => a.launchedAt - b.launchedAt)
        : [];
  const surplus = ng.scalingConfig.desiredSize - rollout.original.desiredSize;
  const wanted = rollout.phase === 'upgrade' ? limit : Math.min(limit, surplus);
  for (const i of candidates) {
    if (rollout.draining.length >= wanted) break;
    if (!rollout.draining.some((d) => d.instanceId === i.instanceId))
      rollout.draining.push({ instanceId: i.instanceId, startedAt: at });
  }
  for (const d of [...rollout.draining]) {
    const outcome = drainStep(ctx, ng, d, at);
    if (outcome === 'timeout') {
      fail(
        entry,
        ng,
        at,
        'PodEvictionFailure',
        `Reached max retries while trying to evict pods from nodes in node group ${ng.nodegroupName}`,
        [d.instanceId],
      );
      return true;
    }
    if (outcome !== 'done') continue;
    rollout.draining = rollout.draining.filter((x) => x !== d);
    if (rollout.phase === 'scale-down') {
      ng.scalingConfig = {
        ...ng.scalingConfig,
        desiredSize: ng.scalingConfig.desiredSize - 1,
        maxSize: Math.max(rollout.original.maxSize, ng.scalingConfig.maxSize - 1),
      };
    } else if (ng.instances.length < ng.scalingConfig.desiredSize) {
      launchInstances(ctx, entry.cluster, ng, ng.scalingConfig.desiredSize - ng.instances.length);
    }
  }
  if (rollout.draining.length > 0) return true;
  if (rollout.phase === 'upgrade' && !ng.instances.some((i) => isOutdated(ng, i))) {
    rollout.phase = 'scale-down';
    return true;
  }
  if (rollout.phase === 'scale-down' && ng.scalingConfig.desiredSize <= rollout.original.desiredSize) {
    ng.scalingConfig = { ...ng.scalingConfig, maxSize: rollout.original.maxSize };
    finishUpdate(entry, rollout.updateId, undefined);
    delete ng.rollout;
    ng.status = 'ACTIVE';
    ng.modifiedAt = at;
    return true;
  }
  return false;
}
