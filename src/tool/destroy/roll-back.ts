/**
 * Node groups eks-cidr rolled in place (`--rotation rolling`) keep their name and are not eks-cidr's:
 * what it changed is the launch template version they run, which it made and described
 * (`eks-cidr: max-pods N for GROUP (from version V)`, planner/steps-rolling.ts). destroy finds them
 * from that description and, with `--force`, rolls each back to version V with EKS's rolling update
 * (the CNI is back in default networking first, so the new nodes get the standard max-pods).
 * A group whose roll-back is still in flight (a destroy interrupted mid-roll) is waited for. Pure.
 */
import { findInstanceType, maxPodsFor } from '../../shared/aws-facts/index.js';
import type { SnapshotNodegroup } from '../discover/snapshot.js';
import { amiFamilyOf } from '../planner/nodegroups.js';
import { maxUnavailableText, parseRollVersionDescription } from '../planner/steps-rolling.js';
import type { RollNodegroupStep } from '../planner/types.js';
import type { LaunchTemplateVersionInfo } from '../steps/ports.js';

export interface RolledNodegroup {
  nodegroup: SnapshotNodegroup;
  /** The version the group runs now (eks-cidr's, or the one a roll-back in flight goes to). */
  currentVersion: string;
  /** The version to go back to. */
  fromVersion: string;
  /** The eks-cidr version left on the template once the group is back (for the user to delete). */
  eksCidrVersion: string;
}

const byNumberDesc = (a: LaunchTemplateVersionInfo, b: LaunchTemplateVersionInfo) => b.version - a.version;

/** Whether eks-cidr rolled this group, and the version to roll it back to; undefined when not. */
export function findRolled(
  ng: SnapshotNodegroup,
  versions: readonly LaunchTemplateVersionInfo[],
): RolledNodegroup | undefined {
  const lt = ng.launchTemplate;
  if (!lt) return undefined;
  // Only a roll's description names the version it was made from; a version create-nodegroup made
  // for a new group (destroy's own restored group included) says no such thing.
  const rollOf = (v: LaunchTemplateVersionInfo) => {
    const parsed = parseRollVersionDescription(v.description);
    return parsed?.nodegroup === ng.name ? parsed.fromVersion : undefined;
  };
  const ours = (v: LaunchTemplateVersionInfo) => rollOf(v) !== undefined;
  // A group EKS is still creating (or deleting) is no group a roll left.
  if (!['ACTIVE', 'DEGRADED', 'UPDATING'].includes(ng.status)) return undefined;
  const current = versions.find((v) => String(v.version) === lt.version);
  const from = current ? rollOf(current) : undefined;
  if (from !== undefined)
    return { nodegroup: ng, currentVersion: lt.version, fromVersion: from, eksCidrVersion: lt.version };
  // Rolled back already, or the roll-back still in flight (the group UPDATING onto a version that is not ours).
  const left = [...versions].sort(byNumberDesc).find(ours);
  if (ng.status === 'UPDATING' && left) {
    return {
      nodegroup: ng,
      currentVersion: lt.version,
      fromVersion: lt.version,
      eksCidrVersion: String(left.version),
    };
  }
  return undefined;
}

function standardMaxPods(ng: SnapshotNodegroup): number {
  const types = ng.instanceTypes.length > 0 ? ng.instanceTypes : [ng.launchTemplate?.instanceType ?? ''];
  const known = types.filter((t) => findInstanceType(t));
  return known.length === 0
    ? 110
    : Math.min(...known.map((t) => maxPodsFor({ instanceType: t, customNetworking: false })));
}

export const rollBackStepId = (name: string) => `roll-back:${name}`;

/** One rolling update per rolled group, back to the version it was rolled from, after the CNI is reverted. */
export function rollBackSteps(cluster: string, rolled: readonly RolledNodegroup[]): RollNodegroupStep[] {
  return rolled.map((r) => {
    const ng = r.nodegroup;
    const lt = ng.launchTemplate!;
    const maxPods = standardMaxPods(ng);
    return {
      id: rollBackStepId(ng.name),
      kind: 'roll-nodegroup',
      action: 'update',
      reason: `roll ${ng.name} back to launch template ${lt.name ?? lt.id} version ${r.fromVersion} (default networking, max-pods ${maxPods}); it keeps its name`,
      dependsOn: ['revert-cni'],
      target: { clusterName: cluster, nodegroupName: ng.name },
      desired: {
        launchTemplate: { id: lt.id, name: lt.name, version: r.currentVersion },
        maxPods: { via: 'eks-default', maxPods },
        amiFamily: amiFamilyOf(ng),
        scaling: { ...ng.scaling },
        force: false,
        maxUnavailable: maxUnavailableText(ng),
        toVersion: r.fromVersion,
      },
      current: {
        status: ng.status,
        launchTemplateVersion: r.currentVersion,
        scaling: { ...ng.scaling },
        nodes: 0,
      },
    };
  });
}

/** What destroy leaves on a rolled group, and why. */
export function rolledKept(r: RolledNodegroup): string {
  const lt = r.nodegroup.launchTemplate!;
  return (
    `node group ${r.nodegroup.name}: not created by eks-cidr (rolled back to launch template version ${r.fromVersion}; ` +
    `its size is left as it is; eks-cidr's version ${r.eksCidrVersion} of ${lt.name ?? lt.id} stays on the template: ` +
    `aws ec2 delete-launch-template-versions --launch-template-id ${lt.id} --versions ${r.eksCidrVersion})`
  );
}
