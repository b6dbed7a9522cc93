/**
 * The rolling strategy in the plan: a node group with a launch template keeps its name; one step
 * raises its size when sizing says so, makes a launch template version that sets max-pods, and has
 * EKS roll the nodes onto it (UpdateNodegroupVersion: surge, the group's updateConfig, PDBs). Which
 * strategy a group gets: `--rotation`, or auto (rolling when it has a launch template). Pure.
 */
import type { ClusterSnapshot, SnapshotNodegroup } from '../discover/snapshot.js';
import { amiFamilyOf, currentMaxPods, customNetworkingMaxPods, maxPodsSetting } from './nodegroups.js';
import { nodesOf } from './queries.js';
import type { GroupSizing } from './sizing.js';
import { CNI_STEP_ID } from './steps-cni.js';
import type { Finding, ResolvedRequest, RollNodegroupStep } from './types.js';

export const rollStepId = (name: string) => `roll:${name}`;

export type RotationStrategy = 'rolling' | 'replace';

/**
 * The strategy for one node group; rolling needs a launch template (UpdateNodegroupVersion changes
 * max-pods only through one). auto: replace, the strategy destroy knows how to undo.
 */
export function rotationStrategy(_ng: SnapshotNodegroup, request: ResolvedRequest): RotationStrategy {
  return request.rotation === 'rolling' ? 'rolling' : 'replace';
}

/** Nodes EKS's rolling update takes down at a time, as the group's updateConfig says (EKS's default: 1). */
export function maxUnavailableText(ng: SnapshotNodegroup): string {
  const u = ng.updateConfig;
  if (u?.maxUnavailablePercentage !== undefined) return `${u.maxUnavailablePercentage}%`;
  return String(u?.maxUnavailable ?? 1);
}

export function rollStep(
  snapshot: ClusterSnapshot,
  request: ResolvedRequest,
  ng: SnapshotNodegroup,
  sizing: GroupSizing,
): RollNodegroupStep {
  const lt = ng.launchTemplate!;
  const maxPods = customNetworkingMaxPods(snapshot, ng) ?? currentMaxPods(snapshot, ng) ?? 0;
  const scaling = { minSize: sizing.minSize, maxSize: sizing.maxSize, desiredSize: sizing.desiredSize };
  const grow = scaling.desiredSize > ng.scaling.desiredSize || scaling.maxSize > ng.scaling.maxSize;
  return {
    id: rollStepId(ng.name),
    kind: 'roll-nodegroup',
    action: 'update',
    reason:
      `${ng.name}'s nodes give pods addresses from the node subnets: ` +
      (grow ? `raise its size to ${scaling.desiredSize} (maxSize ${scaling.maxSize}), then ` : '') +
      `roll it onto a new version of launch template ${lt.name ?? lt.id} (max-pods ${maxPods}) with EKS's rolling update, ${maxUnavailableText(ng)} node(s) at a time; it keeps its name.`,
    dependsOn: [CNI_STEP_ID],
    target: { clusterName: request.cluster, nodegroupName: ng.name },
    desired: {
      launchTemplate: { id: lt.id, name: lt.name, version: lt.version },
      maxPods: maxPodsSetting(ng, maxPods),
      amiFamily: amiFamilyOf(ng),
      scaling,
      force: request.force === true,
      maxUnavailable: maxUnavailableText(ng),
    },
    current: {
      status: ng.status,
      launchTemplateVersion: lt.version,
      scaling: { ...ng.scaling },
      nodes: nodesOf(snapshot, ng).length,
    },
  };
}

/** What the user's IaC (Terraform, eksctl, CloudFormation) should carry once the roll is done. */
export function iacNote(step: RollNodegroupStep): Finding {
  const lt = step.desired.launchTemplate;
  const s = step.desired.scaling;
  return {
    severity: 'info',
    code: 'I_IAC_DRIFT',
    field: 'rotation',
    message:
      `Node group ${step.target.nodegroupName} keeps its name. After apply, the configuration that owns it ` +
      `should carry: launch template ${lt.name ?? lt.id} at the version apply creates (user data setting max-pods ${step.desired.maxPods.maxPods}; apply prints its number), ` +
      `scaling minSize ${s.minSize}, maxSize ${s.maxSize}, desiredSize ${s.desiredSize}.`,
    hint: 'Otherwise its next run reverts the version (and the rolling update with it).',
  };
}
