/**
 * The plan request as the user states it (flags or a config file), before `auto` values are resolved
 * against the cluster. Defaults live here, apart from discovery and planning.
 */
export const AUTO = 'auto';
export type Auto = typeof AUTO;

/** Where a value came from: a flag, the config file, or the default. */
export type InputSource = 'flag' | 'config' | 'default';

/** How pods get addresses from the new block (docs/modes.md). */
export const MODES = ['auto', 'subnet-discovery', 'custom-networking'] as const;
export type ModeRequest = (typeof MODES)[number];
/** Prefix delegation: turn it on, off, or leave the CNI's setting as it is. */
export const PREFIX_DELEGATION_CHOICES = ['on', 'off', 'keep'] as const;
export type PrefixDelegationRequest = (typeof PREFIX_DELEGATION_CHOICES)[number];

export interface PlanRequest {
  cluster: string;
  region?: string | undefined;
  /** A CIDR block, or 'auto'. */
  cidr: string;
  subnetPrefix: number | Auto;
  zones: string[] | Auto;
  securityGroups: string[] | Auto;
  labelDef: string;
  nameTagPrefix: string;
  rotateNodes: boolean;
  allowCapacityLoss: boolean;
  /** Accept a publicly routable --cidr (a block the organisation owns). */
  allowPublicCidr: boolean;
  /**
   * Subnet discovery: tag the node subnets `kubernetes.io/role/cni=0` so they stop feeding pods (they
   * keep serving the nodes themselves); node groups are rotated to the lower max-pods that leaves.
   */
  stopNodeSubnetPods: boolean;
  minMaxPods: number;
  drainTimeoutSeconds: number;
  /** subnet-discovery, custom-networking, or auto: chosen from what the cluster runs. */
  mode: ModeRequest;
  prefixDelegation: PrefixDelegationRequest;
  /** Pods of headroom over the demand a replaced or rolled node group is sized for, in percent. */
  capacityHeadroomPercent: number;
  /** Desired node counts by node group name (`--node-count GROUP=N`), overriding the sizing. */
  nodeCounts: Record<string, number>;
  /** At most this many nodes in a replaced or rolled node group. */
  maxNodes?: number | undefined;
  /** How node groups are rotated: auto (rolling with a launch template, else replace), or none. */
  rotation: RotationChoice;
  /** Nodes drained at a time by the replace strategy: a number or a percentage (`10%`). */
  maxUnavailable?: string | undefined;
  /** Rolling strategy: EKS's force flag (evict what a PodDisruptionBudget protects). */
  force: boolean;
  sources: Partial<Record<keyof Omit<PlanRequest, 'sources'>, InputSource>>;
}

export const ROTATION_CHOICES = ['auto', 'rolling', 'replace', 'none'] as const;
export type RotationChoice = (typeof ROTATION_CHOICES)[number];

export const DEFAULT_LABEL_DEF = 'topology.kubernetes.io/zone';
export const DEPRECATED_ZONE_LABEL = 'failure-domain.beta.kubernetes.io/zone';

export const REQUEST_DEFAULTS = {
  cidr: AUTO,
  subnetPrefix: AUTO,
  zones: AUTO,
  securityGroups: AUTO,
  labelDef: DEFAULT_LABEL_DEF,
  nameTagPrefix: 'eks-cidr',
  rotateNodes: true,
  allowCapacityLoss: false,
  allowPublicCidr: false,
  stopNodeSubnetPods: false,
  /** Below this many pods a node is of little use: the DaemonSets alone take several slots. */
  minMaxPods: 8,
  drainTimeoutSeconds: 600,
  mode: 'auto',
  prefixDelegation: 'keep',
  capacityHeadroomPercent: 10,
  nodeCounts: {},
  rotation: 'auto',
  force: false,
} as const satisfies Omit<PlanRequest, 'cluster' | 'sources' | 'region'>;
