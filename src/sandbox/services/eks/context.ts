/**
 * The state and neighbours every EKS operation works with, and the lookups they share (which throw
 * EKS's own not-found errors, with its messages and extra fields).
 */
import { ResourceNotFoundException } from './errors.js';
import type { EksEc2Port, EksEnv, EksKubePort, SubnetView } from './ports.js';
import type {
  AddonRecord,
  ClusterEntry,
  EksState,
  FargateProfileRecord,
  NodegroupRecord,
  UpdateRecord,
} from './types.js';

export interface EksContext {
  env: EksEnv;
  ec2: EksEc2Port;
  kube: EksKubePort;
  state: EksState;
}

export function clusterEntry(ctx: EksContext, name: string): ClusterEntry {
  const entry = ctx.state.clusters[name];
  if (!entry) {
    throw new ResourceNotFoundException(`No cluster found for name: ${name}.`, { clusterName: name });
  }
  return entry;
}

export function nodegroupOf(ctx: EksContext, cluster: string, nodegroup: string): NodegroupRecord {
  const ng = clusterEntry(ctx, cluster).nodegroups[nodegroup];
  if (!ng) {
    throw new ResourceNotFoundException(`No node group found for name: ${nodegroup}.`, {
      clusterName: cluster,
      nodegroupName: nodegroup,
    });
  }
  return ng;
}

export function addonOf(ctx: EksContext, cluster: string, addon: string): AddonRecord {
  const record = clusterEntry(ctx, cluster).addons[addon];
  if (!record) {
    throw new ResourceNotFoundException(`No addon: ${addon} found in cluster: ${cluster}`, {
      clusterName: cluster,
      addonName: addon,
    });
  }
  return record;
}

export function fargateProfileOf(ctx: EksContext, cluster: string, profile: string): FargateProfileRecord {
  const record = clusterEntry(ctx, cluster).fargateProfiles[profile];
  if (!record) {
    throw new ResourceNotFoundException(`No Fargate Profile found with name: ${profile}.`, {
      clusterName: cluster,
      fargateProfileName: profile,
    });
  }
  return record;
}

export function updateOf(ctx: EksContext, cluster: string, updateId: string): UpdateRecord {
  const record = clusterEntry(ctx, cluster).updates[updateId];
  if (!record) {
    throw new ResourceNotFoundException(`No update found for ID: ${updateId}`, { clusterName: cluster });
  }
  return record;
}

/** The EC2 port's subnet, or undefined whether the port returns nothing or throws NotFound. */
export function findSubnet(ctx: EksContext, subnetId: string): SubnetView | undefined {
  try {
    return ctx.ec2.getSubnet(subnetId) ?? undefined;
  } catch {
    return undefined;
  }
}

export function arnPrefix(ctx: EksContext): string {
  return `arn:aws:eks:${ctx.env.region}:${ctx.env.accountId}`;
}

export function now(ctx: EksContext): number {
  return ctx.env.clock.now();
}
