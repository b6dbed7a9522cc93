/**
 * EksModel: the sandbox's EKS, clusters with their node groups, managed add-ons, Fargate profiles and
 * update history, all in one JSON-serialisable state object. It never sees HTTP or JSON: the REST-JSON
 * routes call these methods, which throw EKS's errors. `tick(now)` moves transitional statuses on from
 * their stored due times, so a restarted sandbox carries on where it stopped.
 */
import { advanceAddon, createAddon, deleteAddon, updateAddon } from './addons.js';
import type { CreateAddonInput, UpdateAddonInput } from './addons.js';
import { advanceCluster, createCluster, deleteCluster } from './clusters.js';
import type { CreateClusterInput } from './clusters.js';
import { addonOf, clusterEntry, fargateProfileOf, nodegroupOf, updateOf } from './context.js';
import type { EksContext } from './context.js';
import { ADDON_CATALOG } from './defaults.js';
import type { AddonCatalogEntry } from './defaults.js';
import { advanceFargateProfile, createFargateProfile, deleteFargateProfile } from './fargate.js';
import type { CreateFargateProfileInput } from './fargate.js';
import {
  advanceNodegroup,
  createNodegroup,
  deleteNodegroup,
  updateNodegroupConfig,
  updateNodegroupVersion,
} from './nodegroups.js';
import type {
  CreateNodegroupInput,
  UpdateNodegroupConfigInput,
  UpdateNodegroupVersionInput,
} from './nodegroups.js';
import type { EksEc2Port, EksEnv, EksKubePort } from './ports.js';
import { listTagsForResource, tagResource, untagResource } from './tagging.js';
import { emptyEksState } from './types.js';
import type {
  AddonRecord,
  ClusterRecord,
  EksState,
  FargateProfileRecord,
  NodegroupRecord,
  Tags,
  UpdateRecord,
} from './types.js';
import { listUpdates } from './updates.js';

/** Records handed out are the model's own: read them, never change them. */
export class EksModel {
  private readonly ctx: EksContext;

  constructor(env: EksEnv, ec2: EksEc2Port, kube: EksKubePort, state?: EksState) {
    this.ctx = { env, ec2, kube, state: state ?? emptyEksState() };
  }

  snapshot(): EksState {
    return structuredClone(this.ctx.state);
  }

  /** Advances every transition due by `now`; returns true when anything changed (so it is persisted). */
  tick(now: number = this.ctx.env.clock.now()): boolean {
    let changed = false;
    for (const name of Object.keys(this.ctx.state.clusters)) {
      const entry = this.ctx.state.clusters[name];
      if (!entry) continue;
      for (const ng of Object.values(entry.nodegroups))
        changed = advanceNodegroup(this.ctx, entry, ng, now) || changed;
      for (const addon of Object.values(entry.addons))
        changed = advanceAddon(this.ctx, entry, addon, now) || changed;
      for (const fp of Object.values(entry.fargateProfiles))
        changed = advanceFargateProfile(entry, fp, now) || changed;
      changed = advanceCluster(this.ctx, name, now) || changed;
    }
    return changed;
  }

  // Clusters
  createCluster(input: CreateClusterInput): ClusterRecord {
    return createCluster(this.ctx, input);
  }
  deleteCluster(name: string): ClusterRecord {
    return deleteCluster(this.ctx, name);
  }
  /** Throws ResourceNotFoundException. */
  describeCluster(name: string): ClusterRecord {
    return clusterEntry(this.ctx, name).cluster;
  }
  getCluster(name: string): ClusterRecord | undefined {
    return this.ctx.state.clusters[name]?.cluster;
  }
  listClusters(): string[] {
    return Object.keys(this.ctx.state.clusters).sort();
  }
  /** The cluster's Kubernetes API endpoint and CA (absent while the cluster is CREATING, as in EKS). */
  connectionOf(name: string): { endpoint: string; caData: string } | undefined {
    const cluster = this.getCluster(name);
    if (!cluster || cluster.status === 'CREATING') return undefined;
    return { endpoint: this.ctx.kube.endpointFor(name), caData: this.ctx.kube.caData() };
  }

  // Node groups
  createNodegroup(input: CreateNodegroupInput): NodegroupRecord {
    return createNodegroup(this.ctx, input);
  }
  updateNodegroupConfig(cluster: string, nodegroup: string, input: UpdateNodegroupConfigInput): UpdateRecord {
    return updateNodegroupConfig(this.ctx, cluster, nodegroup, input);
  }
  updateNodegroupVersion(
    cluster: string,
    nodegroup: string,
    input: UpdateNodegroupVersionInput,
  ): UpdateRecord {
    return updateNodegroupVersion(this.ctx, cluster, nodegroup, input);
  }
  deleteNodegroup(cluster: string, nodegroup: string): NodegroupRecord {
    return deleteNodegroup(this.ctx, cluster, nodegroup);
  }
  /** Throws ResourceNotFoundException. */
  describeNodegroup(cluster: string, nodegroup: string): NodegroupRecord {
    return nodegroupOf(this.ctx, cluster, nodegroup);
  }
  getNodegroup(cluster: string, nodegroup: string): NodegroupRecord | undefined {
    return this.ctx.state.clusters[cluster]?.nodegroups[nodegroup];
  }
  /** Throws ResourceNotFoundException for an unknown cluster. */
  listNodegroups(cluster: string): string[] {
    return Object.keys(clusterEntry(this.ctx, cluster).nodegroups).sort();
  }
  /** The node group that launched an instance (for the simulation's node labels). */
  nodegroupOfInstance(instanceId: string): NodegroupRecord | undefined {
    for (const entry of Object.values(this.ctx.state.clusters)) {
      for (const ng of Object.values(entry.nodegroups)) {
        if (ng.instances.some((i) => i.instanceId === instanceId)) return ng;
      }
    }
    return undefined;
  }

  // Add-ons
  createAddon(input: CreateAddonInput): AddonRecord {
    return createAddon(this.ctx, input);
  }
  updateAddon(cluster: string, addon: string, input: UpdateAddonInput): UpdateRecord {
    return updateAddon(this.ctx, cluster, addon, input);
  }
  deleteAddon(cluster: string, addon: string): AddonRecord {
    return deleteAddon(this.ctx, cluster, addon);
  }
  /** Throws ResourceNotFoundException. */
  describeAddon(cluster: string, addon: string): AddonRecord {
    return addonOf(this.ctx, cluster, addon);
  }
  getAddon(cluster: string, addon: string): AddonRecord | undefined {
    return this.ctx.state.clusters[cluster]?.addons[addon];
  }
  listAddons(cluster: string): string[] {
    return Object.keys(clusterEntry(this.ctx, cluster).addons).sort();
  }
  addonCatalog(addonName?: string): AddonCatalogEntry[] {
    return Object.values(ADDON_CATALOG).filter((a) => addonName === undefined || a.addonName === addonName);
  }

  // Fargate profiles
  createFargateProfile(input: CreateFargateProfileInput): FargateProfileRecord {
    return createFargateProfile(this.ctx, input);
  }
  deleteFargateProfile(cluster: string, name: string): FargateProfileRecord {
    return deleteFargateProfile(this.ctx, cluster, name);
  }
  describeFargateProfile(cluster: string, name: string): FargateProfileRecord {
    return fargateProfileOf(this.ctx, cluster, name);
  }
  listFargateProfiles(cluster: string): string[] {
    return Object.keys(clusterEntry(this.ctx, cluster).fargateProfiles).sort();
  }

  // Updates
  describeUpdate(
    cluster: string,
    updateId: string,
    scope: { nodegroupName?: string; addonName?: string } = {},
  ) {
    const update = updateOf(this.ctx, cluster, updateId);
    if (scope.nodegroupName !== undefined) nodegroupOf(this.ctx, cluster, scope.nodegroupName);
    if (scope.addonName !== undefined) addonOf(this.ctx, cluster, scope.addonName);
    return update;
  }
  listUpdates(cluster: string, scope: { nodegroupName?: string; addonName?: string } = {}): string[] {
    if (scope.nodegroupName !== undefined) nodegroupOf(this.ctx, cluster, scope.nodegroupName);
    if (scope.addonName !== undefined) addonOf(this.ctx, cluster, scope.addonName);
    return listUpdates(this.ctx, cluster, scope);
  }

  // Tags
  tagResource(arn: string, tags: Tags): void {
    tagResource(this.ctx, arn, tags);
  }
  untagResource(arn: string, keys: string[]): void {
    untagResource(this.ctx, arn, keys);
  }
  listTagsForResource(arn: string): Tags {
    return listTagsForResource(this.ctx, arn);
  }
}
