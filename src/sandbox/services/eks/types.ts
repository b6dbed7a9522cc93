/**
 * The EKS model's state: one plain JSON-serialisable object (persisted by the sandbox as is). Field
 * names follow botocore's EKS shapes so the REST-JSON codec can hand records out nearly unchanged;
 * times are epoch milliseconds here (the codec writes epoch seconds). `dueAt` is when a transitional
 * status (CREATING, UPDATING, DELETING) ends; transitions are computed from it, never from timers.
 */

export type Tags = Record<string, string>;

export type ClusterStatus = 'CREATING' | 'ACTIVE' | 'DELETING' | 'FAILED' | 'UPDATING' | 'PENDING';
export type NodegroupStatus =
  'CREATING' | 'ACTIVE' | 'UPDATING' | 'DELETING' | 'CREATE_FAILED' | 'DELETE_FAILED' | 'DEGRADED';
export type AddonStatus =
  | 'CREATING'
  | 'ACTIVE'
  | 'CREATE_FAILED'
  | 'UPDATING'
  | 'DELETING'
  | 'DELETE_FAILED'
  | 'DEGRADED'
  | 'UPDATE_FAILED';
export type FargateProfileStatus = 'CREATING' | 'ACTIVE' | 'DELETING' | 'CREATE_FAILED' | 'DELETE_FAILED';
export type ResolveConflicts = 'OVERWRITE' | 'NONE' | 'PRESERVE';

export interface Issue {
  code: string;
  message: string;
  resourceIds: string[];
}

export interface VpcConfigRecord {
  subnetIds: string[];
  securityGroupIds: string[];
  clusterSecurityGroupId: string;
  vpcId: string;
  endpointPublicAccess: boolean;
  endpointPrivateAccess: boolean;
  publicAccessCidrs: string[];
}

export interface ClusterRecord {
  name: string;
  arn: string;
  id: string;
  createdAt: number;
  version: string;
  platformVersion: string;
  roleArn: string;
  status: ClusterStatus;
  dueAt?: number;
  resourcesVpcConfig: VpcConfigRecord;
  kubernetesNetworkConfig: { serviceIpv4Cidr: string; ipFamily: 'ipv4' | 'ipv6' };
  oidcIssuer: string;
  authenticationMode: string;
  bootstrapSelfManagedAddons: boolean;
  clientRequestToken?: string;
  tags: Tags;
  /** ENIs EKS places in the cluster's subnets for the control plane (they hold subnet addresses). */
  controlPlaneEniIds: string[];
}

export interface ScalingConfig {
  minSize: number;
  maxSize: number;
  desiredSize: number;
}

export interface LaunchTemplateRef {
  id: string;
  name: string;
  version: string;
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

/** One EC2 instance the node group's Auto Scaling group launched. */
export interface NodegroupInstance {
  instanceId: string;
  subnetId: string;
  launchedAt: number;
  /** The launch template version and AMI release it was launched with (what a version update replaces). */
  launchTemplateVersion?: string;
  releaseVersion?: string;
}

export type UpdateStrategy = 'DEFAULT' | 'MINIMAL';

export interface NodegroupUpdateConfig {
  maxUnavailable?: number;
  maxUnavailablePercentage?: number;
  updateStrategy?: UpdateStrategy;
}

/** A node being drained by a version update (or its scale-down): evicting since, drained at. */
export interface DrainingNode {
  instanceId: string;
  startedAt: number;
  drainedAt?: number;
}

/**
 * UpdateNodegroupVersion's rolling update, phase by phase as the EKS user guide describes it ("Understand
 * each phase of node updates"): scale up (new nodes first), upgrade (old nodes drained maxUnavailable at
 * a time, each terminated once empty and replaced by the ASG), scale down (back to the sizes it began with).
 */
export interface Rollout {
  updateId: string;
  phase: 'scale-up' | 'upgrade' | 'scale-down';
  force: boolean;
  /** The sizes before the update: the scale-down phase returns to them. */
  original: { desiredSize: number; maxSize: number };
  draining: DrainingNode[];
}

export interface NodegroupRecord {
  nodegroupName: string;
  nodegroupArn: string;
  clusterName: string;
  version: string;
  releaseVersion: string;
  createdAt: number;
  modifiedAt: number;
  status: NodegroupStatus;
  dueAt?: number;
  capacityType: string;
  scalingConfig: ScalingConfig;
  instanceTypes: string[];
  subnets: string[];
  amiType: string;
  nodeRole: string;
  labels: Tags;
  taints: Taint[];
  diskSize?: number;
  launchTemplate?: LaunchTemplateRef;
  updateConfig: NodegroupUpdateConfig;
  tags: Tags;
  autoScalingGroupName: string;
  instances: NodegroupInstance[];
  issues: Issue[];
  /** CreateNodegroup's idempotency token: a retry with the same token gets this node group back. */
  clientRequestToken?: string;
  /** When the Auto Scaling group tries again to launch instances it could not (a full subnet...). */
  retryLaunchAt?: number;
  /** The update (UpdateNodegroupConfig) this UPDATING status belongs to. */
  pendingUpdateId?: string;
  /** An UpdateNodegroupVersion in progress. */
  rollout?: Rollout;
}

export interface AddonRecord {
  addonName: string;
  clusterName: string;
  addonArn: string;
  addonVersion: string;
  status: AddonStatus;
  dueAt?: number;
  createdAt: number;
  modifiedAt: number;
  serviceAccountRoleArn?: string;
  configurationValues?: string;
  resolveConflicts?: ResolveConflicts;
  tags: Tags;
  issues: Issue[];
  /** Environment values this add-on last wrote to its DaemonSet: a differing live value is a conflict. */
  appliedEnv: Record<string, string>;
  pendingUpdateId?: string;
}

export interface FargateSelector {
  namespace: string;
  labels?: Tags;
}

export interface FargateProfileRecord {
  fargateProfileName: string;
  fargateProfileArn: string;
  clusterName: string;
  createdAt: number;
  podExecutionRoleArn: string;
  subnets: string[];
  selectors: FargateSelector[];
  status: FargateProfileStatus;
  dueAt?: number;
  tags: Tags;
}

export type UpdateStatus = 'InProgress' | 'Failed' | 'Cancelled' | 'Successful';

export interface UpdateRecord {
  id: string;
  status: UpdateStatus;
  type: string;
  params: { type: string; value: string }[];
  createdAt: number;
  errors: { errorCode: string; errorMessage: string; resourceIds: string[] }[];
  nodegroupName?: string;
  addonName?: string;
}

/** A cluster and everything that lives and dies with it. */
export interface ClusterEntry {
  cluster: ClusterRecord;
  nodegroups: Record<string, NodegroupRecord>;
  addons: Record<string, AddonRecord>;
  fargateProfiles: Record<string, FargateProfileRecord>;
  updates: Record<string, UpdateRecord>;
}

export interface EksState {
  clusters: Record<string, ClusterEntry>;
}

export function emptyEksState(): EksState {
  return { clusters: {} };
}
