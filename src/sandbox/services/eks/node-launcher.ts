/**
 * The node group's Auto Scaling group: launches EC2 instances through the EC2 port, balanced across
 * the node group's subnets (a new instance goes to the subnet, and so the zone, with the fewest), with
 * the launch template's user data and EKS's instance tags; scales in from the fullest zone, oldest
 * instance first; replaces instances that were terminated behind its back, as an ASG does.
 */
import type { EksContext } from './context.js';
import type { Ec2Tag, LaunchTemplateVersionView } from './ports.js';
import type { ClusterRecord, Issue, NodegroupRecord } from './types.js';
import { bootstrapShUserData, nodeadmUserData } from './bootstrap-user-data.js';
import { DEFAULT_INSTANCE_TYPE } from './defaults.js';
import { AwsError } from '../aws-error.js';
import { InvalidParameterException } from './errors.js';

/** An instance a twin launches as the real one was: its id, subnet and primary address. */
export interface GivenInstance {
  instanceId: string;
  subnetId: string;
  privateIpAddress?: string | undefined;
}

/** How long an ASG waits before trying again after a failed launch. */
export const LAUNCH_RETRY_MS = 5000;

export function instanceTags(ng: NodegroupRecord): Ec2Tag[] {
  return [
    { key: 'eks:cluster-name', value: ng.clusterName },
    { key: 'eks:nodegroup-name', value: ng.nodegroupName },
    { key: 'aws:autoscaling:groupName', value: ng.autoScalingGroupName },
    { key: `kubernetes.io/cluster/${ng.clusterName}`, value: 'owned' },
    { key: `k8s.io/cluster-autoscaler/${ng.clusterName}`, value: 'owned' },
    { key: 'k8s.io/cluster-autoscaler/enabled', value: 'true' },
  ];
}

function launchTemplateVersion(ctx: EksContext, ng: NodegroupRecord): LaunchTemplateVersionView | undefined {
  if (!ng.launchTemplate) return undefined;
  try {
    return ctx.ec2.getLaunchTemplateVersion(ng.launchTemplate.id, ng.launchTemplate.version) ?? undefined;
  } catch {
    return undefined;
  }
}

/** The user data EKS writes when the node group has no launch template (or one without user data). */
export function defaultUserData(cluster: ClusterRecord, ng: NodegroupRecord): string {
  if (ng.amiType.startsWith('AL2023'))
    return nodeadmUserData({
      cluster: cluster.name,
      apiServerEndpoint: cluster.name,
      serviceCidr: cluster.kubernetesNetworkConfig.serviceIpv4Cidr,
    });
  return bootstrapShUserData({ cluster: cluster.name });
}

/** A stable stand-in for the EKS-optimised AMI of an AMI type and Kubernetes version. */
export function eksAmiId(amiType: string, version: string): string {
  let h = 0x811c9dc5;
  for (const ch of `${amiType}:${version}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return `ami-0${h.toString(16).padStart(8, '0')}${((h ^ 0x5bd1e995) >>> 0).toString(16).padStart(8, '0')}`.slice(
    0,
    21,
  );
}

function countBySubnet(ng: NodegroupRecord): Map<string, number> {
  const counts = new Map(ng.subnets.map((s) => [s, 0]));
  for (const i of ng.instances) counts.set(i.subnetId, (counts.get(i.subnetId) ?? 0) + 1);
  return counts;
}

/**
 * Launches up to `count` instances; returns how many started. Subnets that refuse (no free address,
 * gone) are skipped for this round; if all refuse, the node group gets a health issue and retries later.
 */
export function launchInstances(
  ctx: EksContext,
  cluster: ClusterRecord,
  ng: NodegroupRecord,
  count: number,
  givenInstances?: readonly GivenInstance[],
): number {
  const template = launchTemplateVersion(ctx, ng);
  const instanceType = template?.data.instanceType ?? ng.instanceTypes[0] ?? DEFAULT_INSTANCE_TYPE;
  const securityGroupIds = template?.data.securityGroupIds.length
    ? template.data.securityGroupIds
    : [cluster.resourcesVpcConfig.clusterSecurityGroupId];
  // With a launch template EC2 takes its user data; without one, EKS writes the bootstrap itself.
  const userData = ng.launchTemplate
    ? undefined
    : Buffer.from(defaultUserData(cluster, ng), 'utf8').toString('base64');
  const launch = (subnetId: string, given?: GivenInstance) => {
    const instance = ctx.ec2.runInstances({
      subnetId,
      instanceType,
      imageId: template?.data.imageId ?? eksAmiId(ng.amiType, ng.version),
      securityGroupIds,
      ...(ng.launchTemplate
        ? { launchTemplate: { launchTemplateId: ng.launchTemplate.id, version: ng.launchTemplate.version } }
        : {}),
      ...(userData !== undefined ? { userData } : {}),
      tags: instanceTags(ng),
      allowReservedTags: true,
      ...(given ? { instanceId: given.instanceId, privateIpAddress: given.privateIpAddress } : {}),
    });
    ng.instances.push({
      instanceId: instance.instanceId,
      subnetId,
      launchedAt: ctx.env.clock.now(),
      ...(ng.launchTemplate ? { launchTemplateVersion: ng.launchTemplate.version } : {}),
      releaseVersion: ng.releaseVersion,
    });
  };
  const refused = new Map<string, AwsError | Error>();
  let launched = 0;
  // A twin's instances first, as they were (their ids, subnets and addresses); they must fit.
  for (const given of (givenInstances ?? []).slice(0, count)) {
    if (!ng.subnets.includes(given.subnetId)) {
      throw new InvalidParameterException(
        `Instance ${given.instanceId} is in subnet ${given.subnetId}, which is not one of the node group's subnets`,
        { clusterName: ng.clusterName, nodegroupName: ng.nodegroupName },
      );
    }
    launch(given.subnetId, given);
    launched++;
  }
  while (launched < count) {
    const counts = countBySubnet(ng);
    const candidates = ng.subnets.filter((s) => !refused.has(s));
    if (candidates.length === 0) break;
    const subnetId = candidates.reduce((best, s) =>
      (counts.get(s) ?? 0) < (counts.get(best) ?? 0) ? s : best,
    );
    try {
      launch(subnetId);
      launched++;
    } catch (error) {
      refused.set(subnetId, error instanceof Error ? error : new Error(String(error)));
    }
  }
  ng.issues = ng.issues.filter(
    (i) => i.code !== 'InsufficientFreeAddresses' && i.code !== 'AsgInstanceLaunchFailures',
  );
  if (launched < count && refused.size > 0) {
    ng.issues.push(launchIssue(refused));
    ng.retryLaunchAt = ctx.env.clock.now() + LAUNCH_RETRY_MS;
  } else {
    delete ng.retryLaunchAt;
  }
  return launched;
}

function launchIssue(refused: Map<string, Error>): Issue {
  const subnets = [...refused.keys()];
  const noAddresses = [...refused.values()].some(
    (e) => e instanceof AwsError && e.code === 'InsufficientFreeAddressesInSubnet',
  );
  if (noAddresses) {
    return {
      code: 'InsufficientFreeAddresses',
      message:
        'One or more of the subnets associated with your node group does not have enough available IP addresses for new nodes.',
      resourceIds: subnets,
    };
  }
  const first = [...refused.values()][0];
  return {
    code: 'AsgInstanceLaunchFailures',
    message: first ? first.message : 'Instances failed to launch.',
    resourceIds: subnets,
  };
}

/** Terminates `count` instances: from the zone with the most, oldest first (ASG's default policy). */
export function terminateInstances(ctx: EksContext, ng: NodegroupRecord, count: number): string[] {
  const victims: string[] = [];
  for (let n = 0; n < count && ng.instances.length > 0; n++) {
    const counts = countBySubnet(ng);
    const fullest = [...counts.entries()].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    const pool = ng.instances.filter((i) => i.subnetId === fullest);
    const victim = (pool.length > 0 ? pool : ng.instances).reduce((a, b) =>
      b.launchedAt < a.launchedAt ? b : a,
    );
    ng.instances = ng.instances.filter((i) => i !== victim);
    victims.push(victim.instanceId);
  }
  terminateQuietly(ctx, victims);
  return victims;
}

export function terminateQuietly(ctx: EksContext, ids: string[]): void {
  if (ids.length === 0) return;
  try {
    ctx.ec2.terminateInstances(ids);
  } catch {
    for (const id of ids) {
      try {
        ctx.ec2.terminateInstances([id]);
      } catch {
        // Already gone.
      }
    }
  }
}

/** Forgets instances EC2 no longer runs (terminated by someone else); returns how many went. */
export function forgetTerminated(ctx: EksContext, ng: NodegroupRecord): number {
  const before = ng.instances.length;
  ng.instances = ng.instances.filter((i) => {
    const state = ctx.ec2.instanceState(i.instanceId);
    return state !== undefined && state !== 'terminated' && state !== 'shutting-down';
  });
  return before - ng.instances.length;
}
