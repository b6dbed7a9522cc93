/**
 * The narrow interfaces the step executors call. The real implementations (`aws-port.ts`,
 * `kube-port.ts`) translate them to AWS SDK v3 and client-node calls; tests use in-memory fakes.
 * Errors keep the SDK's shape (`name` = AWS code, `$metadata.httpStatusCode`; Kubernetes `code` =
 * HTTP status), so the engine's retry classification works on both.
 */
import type { Tag } from '../planner/types.js';
import type { LeasePort } from '../engine/lease-lock.js';

export interface CidrAssociation {
  associationId: string;
  cidr: string;
  state: string;
}

export interface SubnetInfo {
  subnetId: string;
  vpcId: string;
  cidr: string;
  zone: string;
  availableIpAddressCount: number;
  tags: Tag[];
}

export interface RouteTableInfo {
  routeTableId: string;
  main: boolean;
  associations: { associationId: string; subnetId?: string | undefined; main: boolean }[];
  tags: Tag[];
}

export interface LaunchTemplateRef {
  id?: string | undefined;
  name?: string | undefined;
}

export interface LaunchTemplateVersionInfo {
  launchTemplateId: string;
  version: number;
  /** Base64, as EC2 stores it. */
  userData?: string | undefined;
  imageId?: string | undefined;
  instanceType?: string | undefined;
  /** VersionDescription: eks-cidr's versions say what they set and which version they were made from. */
  description?: string | undefined;
}

/** A network interface in one of the subnets destroy would delete (what keeps a subnet in use). */
export interface NetworkInterfaceInfo {
  networkInterfaceId: string;
  subnetId: string;
  status: string;
  /** `interface` for instances' ENIs; `vpc_endpoint`, `nat_gateway`, `network_load_balancer`... */
  interfaceType: string;
  description: string;
  instanceId?: string | undefined;
  requesterManaged: boolean;
}

export interface Ec2Port {
  vpcCidrAssociations(vpcId: string): Promise<CidrAssociation[]>;
  vpcTags(vpcId: string): Promise<Tag[]>;
  /** CreateTags on the VPC (idempotent: an existing key is overwritten). */
  tagVpc(vpcId: string, tags: Tag[]): Promise<void>;
  /** DeleteTags on the VPC (idempotent: a missing key is no error). */
  untagVpc(vpcId: string, keys: string[]): Promise<void>;
  /** CreateTags on subnets (an existing key is overwritten). */
  tagSubnets(subnetIds: string[], tags: Tag[]): Promise<void>;
  /** DeleteTags on subnets (idempotent: a missing key is no error). */
  untagSubnets(subnetIds: string[], keys: string[]): Promise<void>;
  /** TerminateInstances: a node of a managed node group, which the group then replaces. */
  terminateInstances(instanceIds: string[]): Promise<void>;
  /** Every network interface in these subnets (paged). */
  networkInterfaces(subnetIds: string[]): Promise<NetworkInterfaceInfo[]>;
  associateVpcCidrBlock(vpcId: string, cidr: string): Promise<CidrAssociation>;
  disassociateVpcCidrBlock(associationId: string): Promise<void>;
  listSubnets(vpcId: string): Promise<SubnetInfo[]>;
  createSubnet(input: { vpcId: string; zone: string; cidr: string; tags: Tag[] }): Promise<SubnetInfo>;
  deleteSubnet(subnetId: string): Promise<void>;
  listRouteTables(vpcId: string): Promise<RouteTableInfo[]>;
  associateRouteTable(routeTableId: string, subnetId: string): Promise<string>;
  disassociateRouteTable(associationId: string): Promise<void>;
  launchTemplateVersions(ref: LaunchTemplateRef): Promise<LaunchTemplateVersionInfo[]>;
  createLaunchTemplateVersion(input: {
    ref: LaunchTemplateRef;
    sourceVersion: string;
    userData: string;
    description: string;
    clientToken: string;
  }): Promise<LaunchTemplateVersionInfo>;
}

export interface NodegroupInfo {
  name: string;
  status: string;
  instanceTypes: string[];
  subnets: string[];
  desiredSize: number;
  /** scalingConfig (min and max besides the desired size above). */
  scaling?: { minSize: number; maxSize: number; desiredSize: number } | undefined;
  /** updateConfig: nodes EKS's rolling update takes down at a time. */
  updateConfig?:
    { maxUnavailable?: number | undefined; maxUnavailablePercentage?: number | undefined } | undefined;
  launchTemplate?:
    { id?: string | undefined; name?: string | undefined; version?: string | undefined } | undefined;
  tags: Record<string, string>;
  labels: Record<string, string>;
  health?: string[] | undefined;
}

export interface CreateNodegroupInput {
  clusterName: string;
  nodegroupName: string;
  nodeRole: string;
  subnets: string[];
  instanceTypes?: string[] | undefined;
  amiType?: string | undefined;
  capacityType?: string | undefined;
  releaseVersion?: string | undefined;
  scaling: { minSize: number; maxSize: number; desiredSize: number };
  labels: Record<string, string>;
  taints: { key: string; value?: string | undefined; effect: string }[];
  tags: Record<string, string>;
  diskSize?: number | undefined;
  launchTemplate?: { id?: string | undefined; name?: string | undefined; version: string } | undefined;
  clientRequestToken: string;
}

export interface AddonInfo {
  name: string;
  status: string;
  version: string;
  configurationValues?: string | undefined;
}

/** An EKS update (UpdateNodegroupConfig, UpdateNodegroupVersion) as DescribeUpdate reports it. */
export interface NodegroupUpdateInfo {
  id: string;
  /** InProgress | Successful | Failed | Cancelled */
  status: string;
  type: string;
  /** `code: message` of each error (PodEvictionFailure...). */
  errors: string[];
  /** The update's params (LaunchTemplateVersion, DesiredSize...), by type. */
  params: Record<string, string>;
}

export interface EksPort {
  describeNodegroup(cluster: string, nodegroup: string): Promise<NodegroupInfo | undefined>;
  listNodegroups(cluster: string): Promise<string[]>;
  createNodegroup(input: CreateNodegroupInput): Promise<void>;
  /** UpdateNodegroupConfig with a new scalingConfig. */
  updateNodegroupScaling(input: {
    cluster: string;
    nodegroup: string;
    scaling: { minSize: number; maxSize: number; desiredSize: number };
    clientRequestToken: string;
  }): Promise<{ updateId: string }>;
  /** UpdateNodegroupVersion to a launch template version: EKS's surge rolling update. */
  updateNodegroupVersion(input: {
    cluster: string;
    nodegroup: string;
    launchTemplate: { id?: string | undefined; name?: string | undefined; version: string };
    force: boolean;
    clientRequestToken: string;
  }): Promise<{ updateId: string }>;
  describeNodegroupUpdate(cluster: string, nodegroup: string, updateId: string): Promise<NodegroupUpdateInfo>;
  /** Update ids of the node group, newest last. */
  listNodegroupUpdates(cluster: string, nodegroup: string): Promise<string[]>;
  deleteNodegroup(cluster: string, nodegroup: string): Promise<void>;
  describeAddon(cluster: string, addon: string): Promise<AddonInfo | undefined>;
  /** UpdateAddon: new configurationValues, a new addonVersion, or both (what is left out is kept). */
  updateAddon(input: {
    cluster: string;
    addon: string;
    configurationValues?: string | undefined;
    addonVersion?: string | undefined;
    clientRequestToken: string;
  }): Promise<{ updateId: string }>;
  describeAddonUpdate(
    cluster: string,
    addon: string,
    updateId: string,
  ): Promise<{ status: string; errors: string[] }>;
}

export interface NodeInfo {
  name: string;
  labels: Record<string, string>;
  unschedulable: boolean;
  ready: boolean;
  /** aws:///us-east-1a/i-0123... */
  providerId?: string | undefined;
  internalIp?: string | undefined;
  /** status.allocatable.pods: the kubelet's max-pods. */
  allocatablePods?: number | undefined;
  /** When the node registered (epoch ms). */
  createdAt?: number | undefined;
}

export interface PodInfo {
  namespace: string;
  name: string;
  nodeName?: string | undefined;
  phase: string;
  podIp?: string | undefined;
  hostNetwork: boolean;
  /** Owner kinds, e.g. ['ReplicaSet'] or ['DaemonSet']. */
  ownerKinds: string[];
  /** The first owner as `Kind/name` (ReplicaSet/web-5c9c8c7586): whose replacements a wave waits for. */
  owner?: string | undefined;
  labels: Record<string, string>;
  /** Static (mirror) pods cannot be evicted. */
  mirror: boolean;
  deleting: boolean;
  /** The Ready condition (undefined when the pod reports none yet). */
  ready?: boolean | undefined;
  /**
   * The scheduler's verdict on a pod it found no node for: the PodScheduled=False/Unschedulable
   * condition's message ("0/3 nodes are available: 3 Too many pods. ..."); undefined otherwise.
   * Unlike the FailedScheduling Event it is never dropped or aged out.
   */
  unschedulable?: string | undefined;
}

/** A Deployment: what the rolling strategy needs to keep a single replica available. */
export interface DeploymentInfo {
  namespace: string;
  name: string;
  replicas: number;
  readyReplicas: number;
  selector: Record<string, string>;
  annotations: Record<string, string>;
}

export interface PdbInfo {
  namespace: string;
  name: string;
  selector: Record<string, string>;
  disruptionsAllowed: number;
}

export type EvictionResult = { outcome: 'evicted' | 'gone' } | { outcome: 'blocked'; message: string };

export interface EventInfo {
  reason: string;
  message: string;
  type: string;
}

export interface KubePort {
  lease: LeasePort;
  readDaemonSetEnv(
    namespace: string,
    name: string,
    container: string,
  ): Promise<Record<string, string> | undefined>;
  /** Strategic-merge patch of a container's env: entries merge by name. */
  patchDaemonSetEnv(
    namespace: string,
    name: string,
    container: string,
    env: Record<string, string>,
  ): Promise<void>;
  readCrdVersions(name: string): Promise<{ name: string; served: boolean }[] | undefined>;
  getEniConfig(name: string): Promise<EniConfigObject | undefined>;
  listEniConfigs(): Promise<EniConfigObject[]>;
  createEniConfig(obj: EniConfigObject): Promise<void>;
  /** JSON merge patch (custom resources take no strategic merge). */
  mergePatchEniConfig(name: string, patch: Record<string, unknown>): Promise<void>;
  deleteEniConfig(name: string): Promise<void>;
  listNodes(labelSelector?: string): Promise<NodeInfo[]>;
  setUnschedulable(nodeName: string, unschedulable: boolean): Promise<void>;
  listPods(options?: { nodeName?: string; namespace?: string; labelSelector?: string }): Promise<PodInfo[]>;
  evictPod(namespace: string, name: string): Promise<EvictionResult>;
  listPdbs(): Promise<PdbInfo[]>;
  listDeployments(): Promise<DeploymentInfo[]>;
  /** JSON merge patch of spec.replicas and metadata.annotations (null removes one). */
  scaleDeployment(
    namespace: string,
    name: string,
    replicas: number,
    annotations: Record<string, string | null>,
  ): Promise<void>;
  /** A PodDisruptionBudget with minAvailable; a 409 (ours, re-sent) counts as done. */
  createPdb(input: {
    namespace: string;
    name: string;
    selector: Record<string, string>;
    minAvailable: number;
    labels: Record<string, string>;
  }): Promise<void>;
  /** Deletes it; already gone counts as done. */
  deletePdb(namespace: string, name: string): Promise<void>;
  podEvents(namespace: string, name: string): Promise<EventInfo[]>;
  createDeployment(input: {
    namespace: string;
    name: string;
    image: string;
    replicas: number;
    labels: Record<string, string>;
    /** An exec readiness probe: the pods count as Ready only once it succeeds. */
    readinessCommand?: string[] | undefined;
    /**
     * Spread the pods over this node label's values (`kubernetes.io/hostname`: one per node) with a
     * hard topology spread constraint (maxSkew 1, DoNotSchedule; tainted and cordoned nodes are no domain).
     */
    spreadOver?: string | undefined;
  }): Promise<void>;
  deleteDeployment(namespace: string, name: string): Promise<void>;
}

export interface EniConfigObject {
  name: string;
  labels: Record<string, string>;
  subnet?: string | undefined;
  securityGroups: string[];
}

export interface Ports {
  ec2: Ec2Port;
  eks: EksPort;
  kube: KubePort;
}
