/**
 * The plan is data: typed steps with dependencies, printed as text or JSON by `plan`, executed as a
 * DAG by the engine, and re-derived from what exists after a crash. Types only.
 *
 * Step ids are stable across runs (`subnet:us-east-1a`), so a re-plan after a partial apply names the
 * same steps, and the engine can pass one step's output (a new subnet's id) to the steps depending on it.
 */

import type { CapacityModel } from './capacity-types.js';

/** A tag as EC2 takes it (TagSpecifications / CreateTags). */
export interface Tag {
  key: string;
  value: string;
}

export type StepAction = 'create' | 'update' | 'no-op';

export type StepKind =
  | 'associate-cidr'
  | 'create-subnet'
  | 'associate-route-table'
  | 'configure-cni'
  | 'check-eniconfig-crd'
  | 'apply-eniconfig'
  | 'create-nodegroup'
  | 'drain-nodegroup'
  | 'delete-nodegroup'
  | 'update-addon-version'
  | 'tag-subnet'
  | 'roll-nodegroup'
  | 'replace-nodes';

/**
 * A subnet created by an earlier step of the same plan: `subnetId` is set when it already exists;
 * otherwise the engine takes the id from the output of step `stepId` (a `create-subnet` step).
 */
export interface SubnetRef {
  stepId: string;
  zone: string;
  subnetId?: string | undefined;
}

interface StepBase<K extends StepKind, T, D, C> {
  /** Stable across runs, e.g. `subnet:us-east-1a`. */
  id: string;
  kind: K;
  action: StepAction;
  /** One sentence: why this action (what is missing, what differs, or why nothing is to do). */
  reason: string;
  /** Ids of steps that must finish first. */
  dependsOn: string[];
  target: T;
  desired: D;
  /** What exists now, when something does. */
  current?: C | undefined;
}

export type AssociateCidrStep = StepBase<
  'associate-cidr',
  { vpcId: string },
  { cidr: string },
  { cidr: string; associationId: string; state: string }
>;

export type CreateSubnetStep = StepBase<
  'create-subnet',
  { vpcId: string; zone: string; zoneId?: string | undefined },
  { cidr: string; tags: Tag[] },
  { subnetId: string; cidr: string; availableIpAddressCount: number; tags: Tag[] }
>;

export type AssociateRouteTableStep = StepBase<
  'associate-route-table',
  { subnet: SubnetRef },
  /** The route table the zone's node subnets use (explicitly or as the VPC's main table). */
  { routeTableId: string; main: boolean },
  { routeTableId: string; associationId?: string | undefined; main: boolean }
>;

/** How the VPC CNI is installed: the EKS managed add-on, or a self-managed aws-node DaemonSet. */
export type CniInstall =
  | { mode: 'managed-addon'; addonName: 'vpc-cni'; addonVersion: string }
  | { mode: 'self-managed'; namespace: 'kube-system'; daemonSet: 'aws-node' };

export type ConfigureCniStep = StepBase<
  'configure-cni',
  CniInstall,
  {
    /** The env settings custom networking needs (AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG, ENI_CONFIG_LABEL_DEF). */
    env: Record<string, string>;
    /** Managed add-on only: the full configurationValues JSON after merging `env` into the existing values. */
    configurationValues?: string | undefined;
  },
  { env: Record<string, string>; configurationValues?: string | undefined }
>;

export type CheckEniConfigCrdStep = StepBase<
  'check-eniconfig-crd',
  { name: 'eniconfigs.crd.k8s.amazonaws.com'; group: 'crd.k8s.amazonaws.com'; version: 'v1alpha1' },
  { present: true },
  { present: boolean; versions: string[] }
>;

export type ApplyEniConfigStep = StepBase<
  'apply-eniconfig',
  /** ENIConfig objects are cluster-scoped and named after the zone (matched by ENI_CONFIG_LABEL_DEF). */
  { name: string; zone: string },
  { subnet: SubnetRef; securityGroups: string[]; labels: Record<string, string> },
  { subnet?: string | undefined; securityGroups: string[]; labels: Record<string, string> }
>;

/** How a replacement node group sets kubelet max-pods. */
export type MaxPodsSetting =
  /** No launch template with an AMI: EKS computes max-pods itself. */
  | { via: 'eks-default'; maxPods: number }
  /** A new launch-template version whose user data sets max-pods the way the AMI family reads it. */
  | {
      via: 'launch-template';
      maxPods: number;
      amiFamily: 'AL2023' | 'AL2' | 'Bottlerocket' | 'unknown';
      launchTemplate: { id?: string | undefined; name?: string | undefined; version: string };
    };

export type CreateNodegroupStep = StepBase<
  'create-nodegroup',
  { clusterName: string; nodegroupName: string },
  {
    /** The node group this one replaces; its settings are copied. */
    replaces: string;
    instanceTypes: string[];
    amiType?: string | undefined;
    capacityType?: string | undefined;
    releaseVersion?: string | undefined;
    nodeRole: string;
    /** Node subnets only: ENIConfig subnets never go into a node group. */
    subnets: string[];
    scaling: { minSize: number; maxSize: number; desiredSize: number };
    labels: Record<string, string>;
    taints: { key: string; value?: string | undefined; effect: string }[];
    tags: Record<string, string>;
    diskSize?: number | undefined;
    maxPods: MaxPodsSetting;
  },
  { status: string; nodes: number }
>;

export type DrainNodegroupStep = StepBase<
  'drain-nodegroup',
  { clusterName: string; nodegroupName: string },
  /** Cordon, then evict through the Eviction API honouring PodDisruptionBudgets. */
  {
    nodeNames: string[];
    timeoutSeconds: number;
    /**
     * Nodes drained at a time (`--max-unavailable`, else the group's updateConfig, else 1 node or
     * 10%); the next wave starts once the evicted pods' replacements are Ready. Absent: all at once.
     */
    waveSize?: number | undefined;
  },
  { nodeNames: string[]; pods: number }
>;

export type DeleteNodegroupStep = StepBase<
  'delete-nodegroup',
  { clusterName: string; nodegroupName: string },
  { deleted: true },
  { status: string }
>;

/** Moves the vpc-cni managed add-on to another version (UpdateAddon addonVersion), keeping its values. */
export type UpdateAddonVersionStep = StepBase<
  'update-addon-version',
  { addonName: 'vpc-cni' },
  { addonVersion: string },
  { addonVersion: string }
>;

/** CreateTags on an existing subnet: the subnet-discovery tag on a pod subnet, or `0` on a node subnet. */
export type TagSubnetStep = StepBase<
  'tag-subnet',
  { subnet: SubnetRef },
  /** `removeKeys`: DeleteTags of these keys (destroy, on a VPC CNI that reads only the tag's key). */
  { tags: Tag[]; removeKeys?: string[] | undefined },
  { tags: Tag[] }
>;

/**
 * The rolling strategy: the node group keeps its name; a new launch template version sets max-pods
 * (user data), the size is raised first when sizing says so (UpdateNodegroupConfig), then EKS's own
 * surge rolling update (UpdateNodegroupVersion) replaces the nodes, honouring the group's updateConfig
 * and PodDisruptionBudgets.
 */
export type RollNodegroupStep = StepBase<
  'roll-nodegroup',
  { clusterName: string; nodegroupName: string },
  {
    /** The template the group was created with, and the version the new one is made from. */
    launchTemplate: { id?: string | undefined; name?: string | undefined; version: string };
    maxPods: MaxPodsSetting;
    amiFamily: 'AL2023' | 'AL2' | 'Bottlerocket' | 'unknown';
    scaling: { minSize: number; maxSize: number; desiredSize: number };
    /** UpdateNodegroupVersion's force: evict even what a PodDisruptionBudget protects. */
    force: boolean;
    /** Nodes EKS takes down at a time (the group's updateConfig), for people. */
    maxUnavailable: string;
    /** Roll onto this existing version instead of making one (destroy rolling a group back). */
    toVersion?: string | undefined;
  },
  {
    status: string;
    launchTemplateVersion: string;
    scaling: { minSize: number; maxSize: number; desiredSize: number };
    nodes: number;
  }
>;

/**
 * destroy --force: the nodes of managed node groups eks-cidr did not create that hold network
 * interfaces in its pod subnets are replaced one at a time (cordon, evict honouring
 * PodDisruptionBudgets, TerminateInstances; the node group launches the replacement, which never uses
 * the subnets again once they are tagged `kubernetes.io/role/cni=0`). The groups themselves are not
 * changed. Re-derived at run time from the interfaces still in the subnets.
 */
export type ReplaceNodesStep = StepBase<
  'replace-nodes',
  { clusterName: string; subnetIds: string[] },
  {
    /** The node groups whose nodes may be replaced (managed groups eks-cidr did not create). */
    nodegroups: string[];
    /** The nodes planned (`name (instance)`), for people; the step re-reads what is left. */
    nodes: string[];
    /** Drain timeout per node. */
    timeoutSeconds: number;
  },
  { interfaces: number }
>;

export type PlanStep =
  | UpdateAddonVersionStep
  | ReplaceNodesStep
  | TagSubnetStep
  | AssociateCidrStep
  | CreateSubnetStep
  | AssociateRouteTableStep
  | ConfigureCniStep
  | CheckEniConfigCrdStep
  | ApplyEniConfigStep
  | CreateNodegroupStep
  | DrainNodegroupStep
  | DeleteNodegroupStep
  | RollNodegroupStep;

/** The step type for one kind: `StepOf<'create-subnet'>`. */
export type StepOf<K extends StepKind> = Extract<PlanStep, { kind: K }>;

/** Where a request value came from: a flag / config file, computed automatically, or already applied. */
export type ValueSource = 'flag' | 'config' | 'auto' | 'existing';

/**
 * How pods get addresses from the new block (docs/modes.md): enhanced subnet discovery (VPC CNI
 * >= 1.18: subnets tagged kubernetes.io/role/cni=1, no ENIConfig, no node replacement), or custom
 * networking (ENIConfigs per zone, nodes replaced with the lower max-pods).
 */
export type NetworkingMode = 'subnet-discovery' | 'custom-networking';

/** What --mode decided and why: printed with the plan. */
export interface ModeDecision {
  mode: NetworkingMode;
  /** `flag`/`config` when asked for, `auto` when chosen from the cluster. */
  source: ValueSource;
  /** One line: why this mode. */
  reason: string;
  /** What the other mode would cost or give instead. */
  alternative: string;
  /** Subnet discovery on a managed vpc-cni older than 1.18: the version the add-on moves to first. */
  addonVersionUpdate?: { from: string; to: string } | undefined;
}

/** The request with every `auto` resolved against the cluster. */
export interface ResolvedRequest {
  cluster: string;
  /** The secondary block pods take addresses from, e.g. 100.64.0.0/16. */
  cidr: string;
  cidrSource: ValueSource;
  subnetPrefix: number;
  subnetPrefixSource: ValueSource;
  /** Zone names, sorted. */
  zones: string[];
  zonesSource: ValueSource;
  /** The pod subnet per zone (zone name -> CIDR). */
  zoneSubnets: Record<string, string>;
  securityGroups: string[];
  securityGroupsSource: ValueSource;
  /** The node label ENI_CONFIG_LABEL_DEF names; default topology.kubernetes.io/zone. */
  labelDef: string;
  /** Prefix of the Name tag of created subnets: `<prefix>-<zone>`. */
  nameTagPrefix: string;
  rotateNodes: boolean;
  allowCapacityLoss: boolean;
  /** Refuse when a node group's max-pods would fall below this (unless allowCapacityLoss). */
  minMaxPods: number;
  /** Seconds a drain may take before the engine stops and reports what blocks. */
  drainTimeoutSeconds: number;
  /** How pods get addresses from the new block; the decision's reason is in `modeDecision`. */
  mode: NetworkingMode;
  modeDecision?: ModeDecision | undefined;
  /** VPC CNI prefix delegation: `keep` leaves the current setting. */
  prefixDelegation?: 'on' | 'off' | 'keep' | undefined;
  /** Subnet discovery: the node subnets are tagged kubernetes.io/role/cni=0 (planner/stop-node-subnets.ts). */
  stopNodeSubnetPods?: boolean | undefined;
  /** Sizing of replaced or rolled node groups (planner/sizing.ts); defaults when absent. */
  capacityHeadroomPercent?: number | undefined;
  nodeCounts?: Record<string, number> | undefined;
  maxNodes?: number | undefined;
  /** auto | rolling | replace | none (`--no-rotate-nodes` is none). */
  rotation?: 'auto' | 'rolling' | 'replace' | 'none' | undefined;
  maxUnavailable?: string | undefined;
  /** UpdateNodegroupVersion's force flag for the rolling strategy (`--force`). */
  force?: boolean | undefined;
}

export type FindingSeverity = 'error' | 'warning' | 'info';

/** One validation result: an error stops the plan; warnings are printed with it. */
export interface Finding {
  severity: FindingSeverity;
  /** Stable, e.g. `E_CIDR_RESTRICTED`, or the AWS code the call would fail with (`InvalidVpc.Range`). */
  code: string;
  message: string;
  /** What to do about it. */
  hint?: string | undefined;
  /** The request field it is about (`cidr`, `zones`, `subnetPrefix`...), when there is one. */
  field?: string | undefined;
}

export interface ZoneCapacity {
  zone: string;
  zoneId?: string | undefined;
  /** Free addresses in the zone's node subnets: where pods take addresses today. */
  podAddressesBefore: number;
  /** Free addresses in the zone's pod subnet after apply (usable addresses of a new subnet). */
  podAddressesAfter: number;
  podSubnetCidr: string;
}

export interface NodegroupCapacity {
  nodegroup: string;
  instanceTypes: string[];
  nodes: number;
  /** Smallest max-pods over the node group's instance types, now and with custom networking. */
  maxPodsBefore: number;
  maxPodsAfter: number;
  /** Whether the plan replaces it. */
  rotate: boolean;
}

export interface CapacitySummary {
  zones: ZoneCapacity[];
  nodegroups: NodegroupCapacity[];
  totals: { podAddressesBefore: number; podAddressesAfter: number };
}

export interface Plan {
  /** Version of this JSON shape (docs/plan.md). */
  schemaVersion: 1;
  cluster: string;
  region: string;
  vpcId: string;
  request: ResolvedRequest;
  steps: PlanStep[];
  summary: CapacitySummary;
  /** Per node group and zone, before and after: nodes, max-pods, pod addresses, demand, headroom. */
  capacity?: CapacityModel | undefined;
  warnings: Finding[];
}
