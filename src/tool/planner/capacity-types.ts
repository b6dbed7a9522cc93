/**
 * The capacity model's shape (plan JSON `capacity`, docs/plan.md): per node group and zone, what the
 * nodes can hold before and after the change, what the pods ask for, and the headroom left. Types only.
 */

/** How pods get addresses on a node: the input the capacity model keys on. */
export interface AddressMode {
  /**
   * standard: every ENI serves pods from the node's subnet; custom-networking: the primary ENI serves
   * none, secondary ENIs use the ENIConfig subnet; subnet-discovery: as standard, new ENIs may use
   * subnets tagged kubernetes.io/role/cni=1 (no node replacement).
   */
  networking: 'standard' | 'custom-networking' | 'subnet-discovery';
  prefixDelegation: boolean;
  /**
   * Subnet discovery with the node subnets tagged kubernetes.io/role/cni=0 (`--stop-node-subnet-pods`):
   * ENIs in them, the primary one included, serve no pods, so a node addresses pods as under custom
   * networking (one ENI fewer).
   */
  nodeSubnetsExcluded?: boolean | undefined;
}

/** One side (before or after) of a node group's nodes in one zone. */
export interface CapacitySide {
  nodes: number;
  /** The node group's smallest instance type (what a node is sure to be). */
  instanceType: string;
  /** The kubelet's max-pods: every pod on the node counts, hostNetwork ones included. */
  maxPods: number;
  /** Addresses a node can give pods in the mode (the formula without its `+ 2`). */
  podAddressesPerNode: number;
  /** nodes x max-pods. */
  podSlots: number;
  /**
   * Pods of demand these nodes can run: per node the smaller of max-pods less the per-node pods
   * (hostNetwork and DaemonSet pods, which every node carries) and the pod addresses less the
   * DaemonSet pods that take one; times nodes.
   */
  servablePods: number;
  addressMode: AddressMode;
}

export interface CapacityRow {
  nodegroup: string;
  zone: string;
  /** Whether the plan replaces or rolls this node group's nodes. */
  rotate: boolean;
  before: CapacitySide;
  after: CapacitySide;
  /** Pods on these nodes that need an address now: not hostNetwork, not DaemonSet, Running or stuck for one. */
  demand: number;
  /** hostNetwork or DaemonSet pods per node (the most on any node of the row). */
  perNodePods: number;
  /** Of `demand`, pods on these nodes without an address (stuck ContainerCreating). */
  stuck: number;
  /** after.servablePods - demand. */
  headroom: number;
}

export interface CapacityTotals {
  nodesBefore: number;
  nodesAfter: number;
  podSlotsBefore: number;
  podSlotsAfter: number;
  servableBefore: number;
  servableAfter: number;
  /** Pods that need an address: on nodes (rows' demand) plus pods Pending with no node. */
  demand: number;
  /** Pods scheduled nowhere (Pending, not hostNetwork): demand the cluster cannot serve today. */
  pending: number;
  /** Pods on nodes stuck for lack of an address. */
  stuck: number;
  /** servableAfter - demand. */
  headroom: number;
}

export interface CapacityModel {
  rows: CapacityRow[];
  totals: CapacityTotals;
}
