/**
 * `destroy --force`: before the pod subnets can go, the nodes eks-cidr rotated in must give way to
 * nodes in default networking. For each eks-cidr node group, a node group with the original name,
 * the same settings and the standard max-pods is created; then the eks-cidr group is drained and
 * deleted, through the same step executors apply uses.
 */
import { findInstanceType, maxPodsFor } from '../../shared/aws-facts/index.js';
import type { SnapshotNodegroup } from '../discover/snapshot.js';
import { OWNERSHIP_CLUSTER_TAG, OWNERSHIP_MANAGED_BY_TAG } from '../planner/ownership.js';
import type { MaxPodsSetting, PlanStep } from '../planner/types.js';

const REPLACES_TAG = 'eks-cidr.io/replaces';

function amiFamily(ng: SnapshotNodegroup): 'AL2023' | 'AL2' | 'Bottlerocket' | 'unknown' {
  const ami = ng.amiType ?? '';
  const userData = ng.launchTemplate?.userData ?? '';
  if (ami.startsWith('AL2023') || /NodeConfig|nodeadm/.test(userData)) return 'AL2023';
  if (ami.startsWith('AL2_') || /bootstrap\.sh/.test(userData)) return 'AL2';
  if (ami.startsWith('BOTTLEROCKET') || /^\s*\[settings/m.test(userData)) return 'Bottlerocket';
  return 'unknown';
}

function standardMaxPods(ng: SnapshotNodegroup): number {
  const known = ng.instanceTypes.filter((t) => findInstanceType(t));
  return known.length === 0
    ? 110
    : Math.min(...known.map((t) => maxPodsFor({ instanceType: t, customNetworking: false })));
}

export function restoredName(ng: SnapshotNodegroup): string {
  return ng.tags[REPLACES_TAG] ?? `${ng.name.replace(/-eks-cidr$/, '')}-restored`;
}

export function rotateBackSteps(
  cluster: string,
  nodegroups: SnapshotNodegroup[],
  drainTimeoutSeconds: number,
): PlanStep[] {
  const steps: PlanStep[] = [];
  for (const ng of nodegroups) {
    const name = restoredName(ng);
    const maxPods = standardMaxPods(ng);
    const lt = ng.launchTemplate;
    const setting: MaxPodsSetting = lt?.imageId
      ? {
          via: 'launch-template',
          maxPods,
          amiFamily: amiFamily(ng),
          launchTemplate: { id: lt.id, name: lt.name, version: lt.version },
        }
      : { via: 'eks-default', maxPods };
    const tags = Object.fromEntries(
      Object.entries(ng.tags).filter(
        ([k]) => k !== OWNERSHIP_CLUSTER_TAG && k !== OWNERSHIP_MANAGED_BY_TAG && k !== REPLACES_TAG,
      ),
    );
    steps.push(
      {
        id: `restore:${name}`,
        kind: 'create-nodegroup',
        action: 'create',
        reason: `restore ${name} in default networking`,
        dependsOn: ['revert-cni'],
        target: { clusterName: cluster, nodegroupName: name },
        desired: {
          replaces: ng.name,
          instanceTypes: ng.instanceTypes,
          amiType: ng.amiType,
          capacityType: ng.capacityType,
          releaseVersion: ng.releaseVersion,
          nodeRole: ng.nodeRole,
          subnets: ng.subnets,
          scaling: { ...ng.scaling },
          labels: { ...ng.labels },
          taints: ng.taints,
          tags,
          diskSize: ng.diskSize,
          maxPods: setting,
        },
      },
      {
        id: `drain:${ng.name}`,
        kind: 'drain-nodegroup',
        action: 'update',
        reason: `move pods off ${ng.name}`,
        dependsOn: [`restore:${name}`],
        target: { clusterName: cluster, nodegroupName: ng.name },
        desired: { nodeNames: [], timeoutSeconds: drainTimeoutSeconds },
      },
      {
        id: `delete-nodegroup:${ng.name}`,
        kind: 'delete-nodegroup',
        action: 'update',
        reason: `${ng.name} was created by eks-cidr`,
        dependsOn: [`drain:${ng.name}`],
        target: { clusterName: cluster, nodegroupName: ng.name },
        desired: { deleted: true },
      },
    );
  }
  return steps;
}
