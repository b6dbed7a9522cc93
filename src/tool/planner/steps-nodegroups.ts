/**
 * Node rotation in the plan: for each managed node group whose nodes still give pods addresses outside
 * the pod block, a replacement with the same settings and the custom-networking max-pods, then a drain
 * of the old nodes, then the old group's deletion. A replacement found from an earlier run is reused. Pure.
 */
import type { ClusterSnapshot, SnapshotNodegroup } from '../discover/snapshot.js';
import { REPLACES_TAG, ownershipTagMap } from './ownership.js';
import {
  currentMaxPods,
  customNetworkingMaxPods,
  isReplacement,
  maxPodsSetting,
  needsRotation,
  replacementName,
  replacementsByOriginal,
} from './nodegroups.js';
import { nodesOf, podsOnNodes, subnetById, tryParseCidr } from './queries.js';
import { contains } from '../../shared/cidr/index.js';
import { CNI_STEP_ID } from './steps-cni.js';
import { replacementMaxPods, rotationNeeded } from './target-max-pods.js';
import { targetAddressMode } from './capacity-model.js';
import { sizeNodegroup, sizingRequestOf, type GroupSizing } from './sizing.js';
import { rollStep, rotationStrategy } from './steps-rolling.js';
import type {
  CreateNodegroupStep,
  DeleteNodegroupStep,
  DrainNodegroupStep,
  PlanStep,
  ResolvedRequest,
} from './types.js';

/**
 * Nodes drained at a time: `--max-unavailable` (N or N%), else the group's updateConfig (what EKS's
 * own rolling update would take down), else 1 node or 10% of them, whichever is more.
 */
export function waveSizeOf(ng: SnapshotNodegroup, nodes: number, maxUnavailable?: string): number {
  const ofPercent = (p: number) => Math.max(1, Math.floor((nodes * p) / 100));
  const flag = maxUnavailable ? /^(\d+)(%?)$/.exec(maxUnavailable) : null;
  if (flag) return flag[2] ? ofPercent(Number(flag[1])) : Math.max(1, Number(flag[1]));
  const u = ng.updateConfig;
  if (u?.maxUnavailable !== undefined) return Math.max(1, u.maxUnavailable);
  if (u?.maxUnavailablePercentage !== undefined) return ofPercent(u.maxUnavailablePercentage);
  return ofPercent(10);
}

/** The group's nodes run more max-pods than custom networking gives them addresses for. */
export function maxPodsTooHigh(
  snapshot: ClusterSnapshot,
  ng: SnapshotNodegroup,
  cniConfigured: boolean,
): boolean {
  if (!cniConfigured) return false;
  const limit = customNetworkingMaxPods(snapshot, ng);
  if (limit === undefined) return false;
  return nodesOf(snapshot, ng).some((n) => n.allocatablePods !== undefined && n.allocatablePods > limit);
}

export const nodegroupStepId = (name: string) => `nodegroup:${name}`;
export const drainStepId = (name: string) => `drain:${name}`;
export const deleteNodegroupStepId = (name: string) => `delete-nodegroup:${name}`;

/** The size a new replacement gets: sized to its demand plus headroom (planner/sizing.ts). */
export function replacementSizing(
  snapshot: ClusterSnapshot,
  request: ResolvedRequest,
  old: SnapshotNodegroup,
): GroupSizing {
  const maxPods = replacementMaxPods(snapshot, request, old) ?? currentMaxPods(snapshot, old) ?? 0;
  return sizeNodegroup(snapshot, sizingRequestOf(request), old, {
    maxPods,
    mode: targetAddressMode(snapshot, request),
  });
}

function replacementDesired(
  snapshot: ClusterSnapshot,
  request: ResolvedRequest,
  old: SnapshotNodegroup,
  sizing?: GroupSizing,
): CreateNodegroupStep['desired'] {
  const byId = subnetById(snapshot);
  const block = tryParseCidr(request.cidr);
  // Never put pod subnets into a node group (the article's warning); keep only node subnets.
  const subnets = old.subnets.filter((id) => {
    const b = tryParseCidr(byId.get(id)?.cidr ?? '');
    return !(block && b && contains(block, b));
  });
  const maxPods = replacementMaxPods(snapshot, request, old) ?? currentMaxPods(snapshot, old) ?? 0;
  return {
    replaces: old.name,
    instanceTypes: old.instanceTypes,
    amiType: old.amiType,
    capacityType: old.capacityType,
    releaseVersion: old.releaseVersion,
    nodeRole: old.nodeRole,
    subnets,
    scaling: sizing
      ? { minSize: sizing.minSize, maxSize: sizing.maxSize, desiredSize: sizing.desiredSize }
      : { ...old.scaling },
    labels: { ...old.labels },
    taints: old.taints.map((t) => ({ ...t })),
    tags: { ...old.tags, ...ownershipTagMap(request.cluster), [REPLACES_TAG]: old.name },
    diskSize: old.diskSize,
    maxPods: maxPodsSetting(old, maxPods),
  };
}

function drainAndDelete(
  snapshot: ClusterSnapshot,
  request: ResolvedRequest,
  oldName: string,
  newName: string,
): [DrainNodegroupStep, DeleteNodegroupStep] {
  const old = snapshot.nodegroups.find((ng) => ng.name === oldName);
  const clusterName = request.cluster;
  const target = { clusterName, nodegroupName: oldName };
  const nodeNames = old
    ? nodesOf(snapshot, old)
        .map((n) => n.name)
        .sort()
    : [];
  const onOld = podsOnNodes(snapshot, nodeNames);
  const podsOnOld = onOld.length;
  // Drained: every node cordoned and nothing left to evict (DaemonSet, static and finished pods stay).
  const evictable = onOld.filter(
    (p) =>
      p.ownerKind !== 'DaemonSet' &&
      p.ownerKind !== 'Node' &&
      p.phase !== 'Succeeded' &&
      p.phase !== 'Failed',
  ).length;
  const drained =
    old !== undefined && evictable === 0 && nodesOf(snapshot, old).every((n) => n.unschedulable);
  const drain: DrainNodegroupStep = old
    ? {
        id: drainStepId(oldName),
        kind: 'drain-nodegroup',
        action: drained ? 'no-op' : 'update',
        reason: drained
          ? `${oldName}'s nodes are cordoned and hold no pods to evict.`
          : `Cordon ${nodeNames.length} node(s) of ${oldName}, then drain them ${waveSizeOf(old, nodeNames.length, request.maxUnavailable)} at a time through the Eviction API (PodDisruptionBudgets honoured), each wave once the last one's pods run Ready elsewhere.`,
        dependsOn: [nodegroupStepId(newName)],
        target,
        desired: {
          nodeNames,
          timeoutSeconds: request.drainTimeoutSeconds,
          waveSize: waveSizeOf(old, nodeNames.length, request.maxUnavailable),
        },
        current: { nodeNames, pods: podsOnOld },
      }
    : {
        id: drainStepId(oldName),
        kind: 'drain-nodegroup',
        action: 'no-op',
        reason: `${oldName} is gone; nothing to drain.`,
        dependsOn: [nodegroupStepId(newName)],
        target,
        desired: { nodeNames: [], timeoutSeconds: request.drainTimeoutSeconds },
      };
  const remove: DeleteNodegroupStep = {
    id: deleteNodegroupStepId(oldName),
    kind: 'delete-nodegroup',
    action: old ? 'update' : 'no-op',
    reason: old ? `Delete ${oldName} once its pods run elsewhere.` : `${oldName} is already deleted.`,
    dependsOn: [drainStepId(oldName)],
    target,
    desired: { deleted: true },
    ...(old ? { current: { status: old.status } } : {}),
  };
  return [drain, remove];
}

/** Why a node group is replaced: its pods' node-subnet addresses, or a max-pods only new nodes get. */
function replacementReason(
  snapshot: ClusterSnapshot,
  request: ResolvedRequest,
  ng: SnapshotNodegroup,
  newName: string,
  cniConfigured: boolean,
): string {
  const now = currentMaxPods(snapshot, ng) ?? '?';
  const target = replacementMaxPods(snapshot, request, ng) ?? '?';
  if (request.mode === 'subnet-discovery' && request.stopNodeSubnetPods)
    return `${ng.name}'s nodes run max-pods ${now}; once the node subnets stop feeding pods a node addresses ${target} (the primary ENI serves none): replace it with ${newName} (max-pods ${target}), its nodes started after the tag.`;
  if (request.mode === 'subnet-discovery' || !needsRotation(snapshot, ng, request.cidr, cniConfigured))
    return `${ng.name}'s nodes run with max-pods ${now}; prefix delegation needs new nodes: replace it with ${newName} (max-pods ${target}).`;
  return `${ng.name}'s nodes give pods addresses from the node subnets: replace it with ${newName} (max-pods ${target}).`;
}

export function nodegroupSteps(
  snapshot: ClusterSnapshot,
  request: ResolvedRequest,
  cniConfigured: boolean,
): PlanStep[] {
  const steps: PlanStep[] = [];
  const replacements = replacementsByOriginal(snapshot);
  const sorted = [...snapshot.nodegroups].sort((a, b) => a.name.localeCompare(b.name));
  for (const ng of sorted) {
    if (isReplacement(snapshot, ng)) {
      const original = ng.tags[REPLACES_TAG];
      const ready = ng.status === 'ACTIVE';
      steps.push({
        id: nodegroupStepId(ng.name),
        kind: 'create-nodegroup',
        action: ready ? 'no-op' : 'update',
        reason: ready
          ? `${ng.name} exists and is ACTIVE${original ? ` (replaces ${original})` : ''}.`
          : `${ng.name} exists in status ${ng.status}: wait for ACTIVE and its nodes Ready.`,
        dependsOn: [CNI_STEP_ID],
        target: { clusterName: request.cluster, nodegroupName: ng.name },
        desired: original
          ? replacementDesired(snapshot, request, { ...ng, name: original })
          : replacementDesired(snapshot, request, ng),
        current: { status: ng.status, nodes: nodesOf(snapshot, ng).length },
      });
      if (original) steps.push(...drainAndDelete(snapshot, request, original, ng.name));
      // Its nodes run a max-pods above what custom networking addresses (a template whose user data
      // does not set it): roll the group in place onto a version that does (what verify flags).
      if (ready && ng.launchTemplate && request.rotateNodes && maxPodsTooHigh(snapshot, ng, cniConfigured))
        steps.push(rollStep(snapshot, request, ng, replacementSizing(snapshot, request, ng), 'max-pods'));
      continue;
    }
    if (replacements.has(ng.name)) continue; // handled with its replacement
    if (!request.rotateNodes || !rotationNeeded(snapshot, request, ng, cniConfigured)) continue;
    const sizing = replacementSizing(snapshot, request, ng);
    if (rotationStrategy(ng, request) === 'rolling' && ng.launchTemplate) {
      steps.push(rollStep(snapshot, request, ng, sizing));
      continue;
    }
    const newName = replacementName(ng.name);
    steps.push({
      id: nodegroupStepId(newName),
      kind: 'create-nodegroup',
      action: 'create',
      reason: replacementReason(snapshot, request, ng, newName, cniConfigured),
      dependsOn: [CNI_STEP_ID],
      target: { clusterName: request.cluster, nodegroupName: newName },
      desired: replacementDesired(snapshot, request, ng, sizing),
    });
    steps.push(...drainAndDelete(snapshot, request, ng.name, newName));
  }
  return steps;
}
