/**
 * What the EKS model needs from its neighbours, as narrow ports: the EC2 model's data plane
 * (`Ec2Model` satisfies `EksEc2Port`), the Kubernetes side (each cluster's API endpoint, the
 * sandbox CA, and the object store the add-on manager writes DaemonSet env into), and the sandbox's
 * environment (clock, seeded IDs, region, account, timing).
 */
import type { Clock } from '../../core/clock.js';
import type { IdSource } from '../../core/ids.js';

export interface Ec2Tag {
  key: string;
  value: string;
}

export interface SubnetView {
  subnetId: string;
  vpcId: string;
  availabilityZone: string;
  cidrBlock: string;
}

export interface VpcView {
  vpcId: string;
  cidrBlock: string;
}

export interface LaunchTemplateVersionView {
  launchTemplateId: string;
  launchTemplateName: string;
  versionNumber: number;
  data: { instanceType?: string | undefined; imageId?: string | undefined; securityGroupIds: string[] };
}

export interface RunInstanceInput {
  subnetId: string;
  instanceType: string;
  imageId?: string;
  securityGroupIds: string[];
  launchTemplate?: { launchTemplateId: string; version: string };
  /** Base64. Without it EC2 takes the launch template's. */
  userData?: string;
  tags: Ec2Tag[];
  /** EKS and Auto Scaling may set `aws:` tags. */
  allowReservedTags?: boolean;
  /** A twin's instances keep the real ones' ids and primary addresses. */
  instanceId?: string;
  privateIpAddress?: string;
}

export interface EksEc2Port {
  /** Undefined (or an AwsError thrown) when the subnet does not exist. */
  getSubnet(id: string): SubnetView | undefined;
  getVpc(id: string): VpcView | undefined;
  createSecurityGroup(input: { groupName: string; description: string; vpcId: string; tags: Ec2Tag[] }): {
    groupId: string;
  };
  /** EKS adds the cluster security group's default rules itself. */
  authorizeSecurityGroupRules(input: {
    groupId: string;
    isEgress: boolean;
    permissions: {
      ipProtocol: string;
      ipRanges: { cidrIp: string }[];
      groups: { groupId: string; description?: string | undefined }[];
    }[];
  }): unknown;
  /** `allowReserved`: AWS services may set `aws:` tags that users may not. */
  createTags(resourceIds: string[], tags: Ec2Tag[], options: { allowReserved?: boolean }): void;
  /** Optional: a cluster's security group is left behind when the EC2 model cannot delete groups. */
  deleteSecurityGroup?(groupId: string): void;
  runInstances(input: RunInstanceInput): { instanceId: string };
  terminateInstances(ids: string[]): void;
  /**
   * The instance's state name (pending, running, shutting-down, terminated), undefined when unknown;
   * cheap, as EKS checks every node group instance on every tick.
   */
  instanceState(id: string): string | undefined;
  /** Throws (InvalidLaunchTemplateId...) or returns undefined when there is no such version. */
  getLaunchTemplateVersion(idOrName: string, version: string): LaunchTemplateVersionView | undefined;
  createNetworkInterface(input: {
    subnetId: string;
    groups: string[];
    description: string;
    tags: Ec2Tag[];
  }): { networkInterfaceId: string };
  deleteNetworkInterface(eniId: string): void;
}

/** The part of a Kubernetes object store the add-on manager uses (`KubeStore` satisfies it). */
export interface KubeResourceRef {
  group: string;
  version: string;
  resource: string;
}
export interface EksKubeStorePort {
  get(resource: KubeResourceRef, namespace: string, name: string): unknown;
  update(resource: KubeResourceRef, obj: unknown): unknown;
  /** Every object of a resource (read only), for the node drains of a version update. */
  scan?(resource: KubeResourceRef): unknown[];
  /** POST pods/<name>/eviction; throws (429) when a PodDisruptionBudget forbids it. */
  evict?(namespace: string, name: string): void;
  delete?(resource: KubeResourceRef, namespace: string, name: string): void;
}

export interface EksKubePort {
  endpointFor(cluster: string): string;
  /** Base64 of the sandbox CA's PEM, as DescribeCluster's certificateAuthority.data. */
  caData(): string;
  /** Called when a cluster is created, so its API server exists from then on. */
  ensure?(cluster: string, options?: { version?: string }): void;
  /** Called when a cluster is gone. */
  remove?(cluster: string): void;
  /** The cluster's object store, for the managed add-ons' DaemonSet configuration. */
  store?(cluster: string): EksKubeStorePort | undefined;
}

/** Delays in ms for EKS's transitional states; missing keys fall back to `DEFAULT_EKS_TIMING`. */
export interface EksTiming {
  clusterCreate?: number;
  clusterDelete?: number;
  nodegroupCreate?: number;
  nodegroupUpdate?: number;
  nodegroupDelete?: number;
  addonCreate?: number;
  addonUpdate?: number;
  addonDelete?: number;
  fargateProfileCreate?: number;
  fargateProfileDelete?: number;
  /** How long a version update tries to evict a node's pods before PodEvictionFailure (EKS: 15 minutes). */
  nodegroupDrainTimeout?: number;
  /** The wait between a node's last eviction and its termination (EKS: 60 seconds). */
  nodegroupDrainSettle?: number;
}

export const DEFAULT_EKS_TIMING: Required<EksTiming> = {
  clusterCreate: 5000,
  clusterDelete: 3000,
  nodegroupCreate: 4000,
  nodegroupUpdate: 2000,
  nodegroupDelete: 3000,
  addonCreate: 1000,
  addonUpdate: 1000,
  addonDelete: 1000,
  fargateProfileCreate: 2000,
  fargateProfileDelete: 2000,
  nodegroupDrainTimeout: 15 * 60_000,
  // EKS waits 60 s; the sandbox keeps the demo short (a Timing override can set the real value).
  nodegroupDrainSettle: 1000,
};

export interface EksEnv {
  clock: Clock;
  ids: IdSource;
  region: string;
  accountId: string;
  timing: EksTiming;
}

/**
 * The sandbox's Timing names only some of these; a missing one takes its sibling's value (so an
 * all-zero timing makes every EKS transition instant), then the default.
 */
const FALLBACK: Partial<Record<keyof EksTiming, keyof EksTiming>> = {
  clusterDelete: 'clusterCreate',
  nodegroupUpdate: 'nodegroupCreate',
  nodegroupDelete: 'nodegroupCreate',
  addonCreate: 'addonUpdate',
  addonDelete: 'addonUpdate',
  fargateProfileDelete: 'fargateProfileCreate',
  nodegroupDrainSettle: 'nodegroupUpdate',
};

export function delayOf(env: EksEnv, key: keyof EksTiming): number {
  const sibling = FALLBACK[key];
  return env.timing[key] ?? (sibling && env.timing[sibling]) ?? DEFAULT_EKS_TIMING[key];
}
