/**
 * What discovery found, as plain JSON-serialisable data: the planner's only input besides the request.
 * Tests build these by hand; discovery fills them from EC2, EKS and the Kubernetes API.
 */
import type { Tag } from '../planner/types.js';

export interface SnapshotCluster {
  name: string;
  arn?: string | undefined;
  version: string;
  status: string;
  endpoint: string;
  vpcId: string;
  subnetIds: string[];
  clusterSecurityGroupId?: string | undefined;
  securityGroupIds: string[];
  /** `ipv4` or `ipv6` (kubernetesNetworkConfig.ipFamily). */
  ipFamily?: string | undefined;
}

export interface SnapshotCidrAssociation {
  associationId: string;
  cidr: string;
  /** associating | associated | disassociating | disassociated | failing | failed */
  state: string;
}

export interface SnapshotVpc {
  vpcId: string;
  /** Every IPv4 association, the primary first. */
  cidrAssociations: SnapshotCidrAssociation[];
  tags: Tag[];
}

export interface SnapshotSubnet {
  subnetId: string;
  vpcId: string;
  cidr: string;
  zone: string;
  zoneId?: string | undefined;
  availableIpAddressCount: number;
  tags: Tag[];
}

export interface SnapshotRoute {
  destination: string;
  /** igw-.., nat-.., local, pcx-..: whatever target the route has. */
  target: string;
  state?: string | undefined;
}

export interface SnapshotRouteTable {
  routeTableId: string;
  main: boolean;
  /** Explicit subnet associations (the main association has no subnet). */
  associations: { associationId: string; subnetId?: string | undefined; main: boolean }[];
  routes: SnapshotRoute[];
}

export interface SnapshotZone {
  zoneName: string;
  zoneId: string;
  state: string;
}

export interface SnapshotLaunchTemplate {
  id: string;
  name?: string | undefined;
  version: string;
  imageId?: string | undefined;
  /** The instance type the template names (node groups with a template may list none themselves). */
  instanceType?: string | undefined;
  /** Decoded user data, when there is some. */
  userData?: string | undefined;
}

export interface SnapshotNodegroup {
  name: string;
  status: string;
  instanceTypes: string[];
  subnets: string[];
  amiType?: string | undefined;
  capacityType?: string | undefined;
  releaseVersion?: string | undefined;
  nodeRole: string;
  scaling: { minSize: number; maxSize: number; desiredSize: number };
  updateConfig?:
    { maxUnavailable?: number | undefined; maxUnavailablePercentage?: number | undefined } | undefined;
  labels: Record<string, string>;
  taints: { key: string; value?: string | undefined; effect: string }[];
  tags: Record<string, string>;
  diskSize?: number | undefined;
  launchTemplate?: SnapshotLaunchTemplate | undefined;
}

export type SnapshotCni =
  | {
      install: 'managed-addon';
      addonVersion: string;
      configurationValues?: string | undefined;
      /** The add-on's IAM role for its service account (IRSA), when it has one. */
      serviceAccountRoleArn?: string | undefined;
      /** Versions EKS offers for the cluster's Kubernetes version (DescribeAddonVersions), newest first. */
      availableVersions?: { version: string; default: boolean }[] | undefined;
      image?: string;
      env: Record<string, string>;
    }
  | { install: 'self-managed'; image?: string | undefined; env: Record<string, string> }
  | { install: 'absent'; env: Record<string, string> };

export interface SnapshotFargateProfile {
  name: string;
  subnets: string[];
}

export interface SnapshotNode {
  name: string;
  zone?: string | undefined;
  instanceType?: string | undefined;
  /** From spec.providerID (aws:///us-east-1a/i-...). */
  instanceId?: string | undefined;
  /** eks.amazonaws.com/nodegroup label; undefined for self-managed nodes. */
  nodegroup?: string | undefined;
  allocatablePods?: number | undefined;
  labels: Record<string, string>;
  annotations?: Record<string, string> | undefined;
  unschedulable: boolean;
  /** Scheduling facts, read when discovery was asked for them (`include.scheduling`). */
  scheduling?:
    | {
        taints: { key: string; value?: string | undefined; effect: string }[];
        capacity: Record<string, string>;
        allocatable: Record<string, string>;
        conditions: { type: string; status: string }[];
      }
    | undefined;
}

export interface SnapshotPod {
  namespace: string;
  name: string;
  nodeName?: string | undefined;
  podIP?: string | undefined;
  hostNetwork: boolean;
  phase: string;
  /** Kind of the first owner reference (DaemonSet pods stay on a drained node). */
  ownerKind?: string | undefined;
  /** The first waiting container's reason (ContainerCreating, CrashLoopBackOff...). */
  waitingReason?: string | undefined;
  labels?: Record<string, string> | undefined;
  /** Scheduling facts, read when discovery was asked for them (`include.scheduling`). */
  scheduling?:
    | {
        owner?: { kind: string; name: string } | undefined;
        /** Each container's requests, in order. */
        requests: Record<string, string>[];
      }
    | undefined;
}

/** A label selector as Kubernetes writes it. */
export interface SnapshotLabelSelector {
  matchLabels?: Record<string, string> | undefined;
  matchExpressions?: { key: string; operator: string; values?: string[] | undefined }[] | undefined;
}

/** A Deployment, StatefulSet or DaemonSet reduced to what the scheduler reads (no env, args, volumes). */
export interface SnapshotWorkload {
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  namespace: string;
  name: string;
  replicas?: number | undefined;
  /** StatefulSets only: `Parallel` starts pods together, `OrderedReady` (the default) one by one. */
  podManagementPolicy?: 'OrderedReady' | 'Parallel' | undefined;
  selector: SnapshotLabelSelector;
  template: {
    labels: Record<string, string>;
    containers: { name: string; requests: Record<string, string>; limits: Record<string, string> }[];
    nodeSelector?: Record<string, string> | undefined;
    tolerations?: Record<string, unknown>[] | undefined;
    affinity?: Record<string, unknown> | undefined;
    topologySpreadConstraints?: Record<string, unknown>[] | undefined;
    hostNetwork?: boolean | undefined;
    priorityClassName?: string | undefined;
  };
}

export interface SnapshotPodDisruptionBudget {
  namespace: string;
  name: string;
  selector: SnapshotLabelSelector;
  minAvailable?: number | string | undefined;
  maxUnavailable?: number | string | undefined;
}

/** A Warning event about a pod (FailedCreatePodSandBox...), when discovery was asked for them. */
export interface SnapshotPodEvent {
  namespace: string;
  pod: string;
  reason: string;
  message: string;
}

/** One rule of a security group as DescribeSecurityGroups groups them, one peer each. */
export interface SnapshotSecurityGroupRule {
  isEgress: boolean;
  /** `-1` (all), `tcp`, `udp`, `icmp` or a number. */
  protocol: string;
  fromPort?: number | undefined;
  toPort?: number | undefined;
  cidr?: string | undefined;
  groupId?: string | undefined;
}

export interface SnapshotSecurityGroup {
  groupId: string;
  groupName: string;
  rules: SnapshotSecurityGroupRule[];
}

/** An ENI of the VPC (discovered when asked for: doctor and report's address map). */
export interface SnapshotNetworkInterface {
  networkInterfaceId: string;
  subnetId: string;
  description: string;
  instanceId?: string | undefined;
  deviceIndex?: number | undefined;
  groups: string[];
  privateIps: string[];
  /** Delegated /28 prefixes. */
  prefixes: string[];
}

export interface SnapshotEniConfig {
  name: string;
  subnet?: string | undefined;
  securityGroups: string[];
  labels: Record<string, string>;
}

export interface SnapshotKube {
  nodes: SnapshotNode[];
  pods: SnapshotPod[];
  eniConfigs: SnapshotEniConfig[];
  eniConfigCrd: { present: boolean; versions: string[] };
  /** Warning events about pods (only when discovery was asked for events). */
  podEvents?: SnapshotPodEvent[] | undefined;
  /** Workloads and PodDisruptionBudgets (only when discovery was asked for scheduling facts). */
  workloads?: SnapshotWorkload[] | undefined;
  podDisruptionBudgets?: SnapshotPodDisruptionBudget[] | undefined;
}

export interface ClusterSnapshot {
  region: string;
  accountId?: string | undefined;
  cluster: SnapshotCluster;
  vpc: SnapshotVpc;
  /** Every subnet of the VPC. */
  subnets: SnapshotSubnet[];
  routeTables: SnapshotRouteTable[];
  /** The region's availability zones. */
  zones: SnapshotZone[];
  /** Security group ids of the VPC. */
  securityGroupIds: string[];
  /** The VPC's security groups with their rules. */
  securityGroups?: SnapshotSecurityGroup[] | undefined;
  /** The VPC's ENIs (only when discovery was asked for them). */
  networkInterfaces?: SnapshotNetworkInterface[] | undefined;
  nodegroups: SnapshotNodegroup[];
  /** Every add-on with its version and configuration (only when discovery was asked for them). */
  addons?: { name: string; version: string; configurationValues?: string | undefined }[] | undefined;
  fargateProfiles: SnapshotFargateProfile[];
  /** Other EKS clusters of the region in the same VPC (undefined when they could not be listed). */
  vpcClusters?: string[] | undefined;
  cni: SnapshotCni;
  kube: SnapshotKube;
}
