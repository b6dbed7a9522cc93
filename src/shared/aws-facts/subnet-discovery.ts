/**
 * Enhanced subnet discovery (EKS user guide, "Configure subnet selection for Pod IP addresses";
 * aws/amazon-vpc-cni-k8s pkg/awsutils): with VPC CNI 1.18.0 or later and ENABLE_SUBNET_DISCOVERY not
 * false (its default is true), a new secondary ENI goes to the subnet with the most free addresses
 * among the node's primary subnet and the subnets of the node's zone tagged `kubernetes.io/role/cni=1`.
 * Tag value `0` excludes a subnet (since 1.22); a subnet that also carries any
 * `cni.networking.k8s.aws/cluster/<name>` tag serves only the clusters named. New ENIs take the
 * primary ENI's security groups. The CNI's IAM role needs ec2:DescribeSubnets (in AmazonEKS_CNI_Policy).
 */
import { compareVersions } from './cni-version.js';

export const SUBNET_DISCOVERY_TAG = 'kubernetes.io/role/cni';
export const SUBNET_DISCOVERY_CLUSTER_TAG_PREFIX = 'cni.networking.k8s.aws/cluster/';
export const SUBNET_DISCOVERY_ENV = 'ENABLE_SUBNET_DISCOVERY';
/** ENABLE_SUBNET_DISCOVERY arrived in VPC CNI 1.18.0. */
export const SUBNET_DISCOVERY_MIN_CNI = '1.18.0';
/** Tag value `0` and cluster-scoped tags are honoured from VPC CNI 1.22.0. */
export const SUBNET_EXCLUSION_MIN_CNI = '1.22.0';
/** The IAM action the CNI needs to find tagged subnets. */
export const SUBNET_DISCOVERY_IAM_ACTION = 'ec2:DescribeSubnets';

/** The cluster-scoped tag that keeps a discovery subnet for one cluster's pods. */
export function subnetDiscoveryClusterTag(cluster: string): string {
  return `${SUBNET_DISCOVERY_CLUSTER_TAG_PREFIX}${cluster}`;
}

/** True when this CNI version has subnet discovery (an unparsable version counts as false). */
export function cniSupportsSubnetDiscovery(version: string): boolean {
  try {
    return compareVersions(version, SUBNET_DISCOVERY_MIN_CNI) >= 0;
  } catch {
    return false;
  }
}
