/** Names and tags the scenarios share, and that the planner and engine also use (by value). */
export const CLUSTER = 'demo';
export const VPC_NAME = 'demo-vpc';
export const NODEGROUP = 'demo-nodes';
export const LAUNCH_TEMPLATE = 'demo-nodes';
export const CLUSTER_ROLE = (account: string) => `arn:aws:iam::${account}:role/demo-cluster-role`;
export const NODE_ROLE = (account: string) => `arn:aws:iam::${account}:role/demo-node-role`;
/** Service CIDR the Kubernetes seed's `kubernetes` and `kube-dns` Services sit in. */
export const SERVICE_CIDR = '10.100.0.0/16';

/** The VPC tag eks-cidr writes for a block it associated (the tool's planner/ownership.ts, by value). */
export const CIDR_BLOCK_TAG = (cidr: string, cluster: string, associationId: string) => ({
  key: `eks-cidr.io/cidr-block/${cidr}`,
  value: `${cluster} ${associationId}`,
});

export const OWNERSHIP_TAGS = (cluster: string) => [
  { key: 'eks-cidr.io/cluster', value: cluster },
  { key: 'eks-cidr.io/managed-by', value: 'eks-cidr' },
];

export function zonesOf(region: string): string[] {
  return ['a', 'b', 'c'].map((z) => `${region}${z}`);
}
