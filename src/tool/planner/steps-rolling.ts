/**
 * The rolling strategy in the plan: a node group with a launch template keeps its name; one step
 * raises its size when sizing says so, makes a launch template version that sets max-pods, and has
 * EKS roll the nodes onto it (UpdateNodegroupVersion: surge, the group's updateConfig, PDBs). Which
 * strategy a group gets: `--rotation`, or auto (rolling when it has a launch template). Pure.
 */
import type { ClusterSnapshot, SnapshotNodegroup } from '../discover/snapshot.js';
import { amiFamilyOf, currentMaxPods, maxPodsSetting } from './nodegroups.js';
import { replacementMaxPods } from './target-max-pods.js';
import { nodesOf } from './queries.js';
import type { GroupSizing } from './sizing.js';
import { CNI_STEP_ID } from './steps-cni.js';
import type { Finding, ResolvedRequest, RollNodegroupStep } from './types.js';

export const rollStepId = (name: string) => `roll:${name}`;

export type RotationStrategy = 'rolling' | 'replace';

/**
 * The strategy for one node group; rolling needs a launch template (UpdateNodegroupVersion changes
 * max-pods only through one). auto: rolling when the group has one (it keeps its name, so the IaC
 * that owns it still recognises it; destroy rolls it back), else replace. `--rotation rolling` on a
 * group without a launch template is refused by validation. A group with an update in flight (a run
 * interrupted mid-roll) is rolled whatever the flag: its update is waited for, and no replacement
 * group is started beside it.
 */
export function rotationStrategy(ng: SnapshotNodegroup, request: ResolvedRequest): RotationStrategy {
  if (ng.status === 'UPDATING' && ng.launchTemplate) return 'rolling';
  if (request.rotation === 'rolling') return 'rolling';
  if (request.rotation === 'replace') return 'replace';
  return ng.launchTemplate ? 'rolling' : 'replace';
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
  /** Why: its nodes give pods node-subnet addresses (rotation), or run too high a max-pods. */
  why: 'rotation' | 'max-pods' = 'rotation',
): RollNodegroupStep {
  const lt = ng.launchTemplate!;
  const maxPods = replacementMaxPods(snapshot, request, ng) ?? currentMaxPods(snapshot, ng) ?? 0;
  const scaling = { minSize: sizing.minSize, maxSize: sizing.maxSize, desiredSize: sizing.desiredSize };
  const grow = scaling.desiredSize > ng.scaling.desiredSize || scaling.maxSize > ng.scaling.maxSize;
  return {
    id: rollStepId(ng.name),
    kind: 'roll-nodegroup',
    action: 'update',
    reason:
      (why === 'max-pods'
        ? `${ng.name}'s nodes run max-pods ${Math.max(...nodesOf(snapshot, ng).map((n) => n.allocatablePods ?? 0))}, above the ${maxPods} custom networking gives them addresses for: `
        : `${ng.name}'s nodes give pods addresses from the node subnets: `) +
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

/**
 * The VersionDescription of a launch template version a roll makes: what it sets, for which group,
 * and the version it was made from, so destroy can roll the group back to that version.
 */
export function rollVersionDescription(nodegroup: string, maxPods: number, fromVersion: string): string {
  return `eks-cidr: max-pods ${maxPods} for ${nodegroup} (from version ${fromVersion})`;
}

/** What a roll's VersionDescription says; undefined for a version eks-cidr did not make. */
export function parseRollVersionDescription(
  text: string | undefined,
): { nodegroup: string; maxPods: number; fromVersion?: string | undefined } | undefined {
  const m = /^eks-cidr: max-pods (\d+) for (\S+)(?: \(from version (\d+)\))?$/.exec(text ?? '');
  if (!m) return undefined;
  return { maxPods: Number(m[1]), nodegroup: m[2]!, fromVersion: m[3] };
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
