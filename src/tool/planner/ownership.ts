/**
 * Ownership tags: every resource eks-cidr creates carries them from its creation call
 * (TagSpecifications), and destroy touches only resources that carry both. Shared by the planner,
 * the engine and the sandbox scenarios (by value: the sandbox does not import the tool).
 */
import type { Tag } from './types.js';

export const OWNERSHIP_CLUSTER_TAG = 'eks-cidr.io/cluster';
export const OWNERSHIP_MANAGED_BY_TAG = 'eks-cidr.io/managed-by';
export const OWNERSHIP_MANAGED_BY_VALUE = 'eks-cidr';
/** On a replacement node group: the name of the node group it replaces, so a re-plan can finish a rotation. */
export const REPLACES_TAG = 'eks-cidr.io/replaces';

/** The two ownership tags for a cluster, in EC2 form. */
export function ownershipTags(cluster: string): Tag[] {
  return [
    { key: OWNERSHIP_CLUSTER_TAG, value: cluster },
    { key: OWNERSHIP_MANAGED_BY_TAG, value: OWNERSHIP_MANAGED_BY_VALUE },
  ];
}

/** The same tags as a map, the form EKS (node groups) and Kubernetes labels take. */
export function ownershipTagMap(cluster: string): Record<string, string> {
  return { [OWNERSHIP_CLUSTER_TAG]: cluster, [OWNERSHIP_MANAGED_BY_TAG]: OWNERSHIP_MANAGED_BY_VALUE };
}

/** True when the tags mark a resource eks-cidr created for this cluster. */
export function isOwnedBy(
  tags: readonly Tag[] | Record<string, string> | undefined,
  cluster: string,
): boolean {
  if (!tags) return false;
  const map = Array.isArray(tags)
    ? Object.fromEntries((tags as readonly Tag[]).map((t) => [t.key, t.value]))
    : (tags as Record<string, string>);
  return (
    map[OWNERSHIP_CLUSTER_TAG] === cluster && map[OWNERSHIP_MANAGED_BY_TAG] === OWNERSHIP_MANAGED_BY_VALUE
  );
}

/**
 * EC2 cannot tag a VPC CIDR association, so the block's ownership is a tag on the VPC:
 * `eks-cidr.io/cidr-block/<cidr>` = `<cluster> <associationId>`. apply writes `<cluster> pending`
 * right before AssociateVpcCidrBlock and the association id right after, so a crash between the two
 * calls still leaves a record that this cluster's run associated the block; destroy removes the tag
 * with the block. A block without the tag (the user's own) is never disassociated.
 */
export const CIDR_BLOCK_TAG_PREFIX = 'eks-cidr.io/cidr-block/';
export const CIDR_BLOCK_PENDING = 'pending';

export function cidrBlockTagKey(cidr: string): string {
  return `${CIDR_BLOCK_TAG_PREFIX}${cidr}`;
}

export function cidrBlockTagValue(cluster: string, associationId: string): string {
  return `${cluster} ${associationId}`;
}

/**
 * Whether this cluster's eks-cidr associated the block `cidr` with id `associationId`: the VPC tag
 * names that association, or is still `pending` (a crash right after the association call).
 */
export function cidrBlockOwnership(
  vpcTags: readonly Tag[],
  cluster: string,
  cidr: string,
  associationId: string,
): 'owned' | 'pending' | 'not-owned' {
  const value = vpcTags.find((t) => t.key === cidrBlockTagKey(cidr))?.value;
  if (value === cidrBlockTagValue(cluster, associationId)) return 'owned';
  if (value === cidrBlockTagValue(cluster, CIDR_BLOCK_PENDING)) return 'pending';
  return 'not-owned';
}
