/**
 * Enhanced subnet discovery as the VPC CNI implements it (aws/amazon-vpc-cni-k8s pkg/awsutils
 * createENI, GetVpcSubnets, isSubnetValidForENICreation, IsSubnetExcluded; pkg/ipamd
 * excludedENIBasedOnSubnetTags; EKS user guide "Configure subnet selection for Pod IP addresses").
 *
 * Three generations, by the aws-node image's version:
 * - before 1.18.0 there is no discovery: new ENIs go to the node's primary subnet;
 * - 1.18.0 to 1.21.x (`tag-key`): the primary subnet plus every subnet of the node's VPC and zone that
 *   carries the key `kubernetes.io/role/cni` (any value), most free addresses first;
 * - 1.22.0 and later (`tag-value`): the user guide's tag table. `0` excludes a subnet (the primary one
 *   too) from new ENIs, and at ipamd start marks existing ENIs in it as serving no new pod addresses;
 *   an absent tag keeps the primary subnet and leaves other subnets out; any other value opts a subnet
 *   in. A subnet carrying `cni.networking.k8s.aws/cluster/<name>` tags serves only the clusters named,
 *   judged against aws-node's CLUSTER_NAME (unset: cluster tags are not checked).
 * Pure.
 */
import { compareVersions } from '../../../shared/aws-facts/index.js';
import type { IpamdConfig } from './config.js';
import type { SimSubnet } from '../ports.js';

export const SUBNET_DISCOVERY_TAG = 'kubernetes.io/role/cni';
export const CLUSTER_TAG_PREFIX = 'cni.networking.k8s.aws/cluster/';
/** ENABLE_SUBNET_DISCOVERY arrived in 1.18.0. */
export const SUBNET_DISCOVERY_SINCE = '1.18.0';
/** Tag value `0`, primary-subnet exclusion and cluster-scoped tags arrived in 1.22.0. */
export const SUBNET_EXCLUSION_SINCE = '1.22.0';

export type DiscoveryRules = 'none' | 'tag-key' | 'tag-value';

/** Which generation of the rules the node's ipamd runs (an unreadable version counts as current). */
export function discoveryRules(config: Pick<IpamdConfig, 'cniVersion'>): DiscoveryRules {
  if (config.cniVersion === undefined) return 'tag-value';
  try {
    if (compareVersions(config.cniVersion, SUBNET_DISCOVERY_SINCE) < 0) return 'none';
    return compareVersions(config.cniVersion, SUBNET_EXCLUSION_SINCE) < 0 ? 'tag-key' : 'tag-value';
  } catch {
    return 'tag-value';
  }
}

function tagValue(subnet: SimSubnet, key: string): string | undefined {
  return subnet.tags.find((t) => t.key === key)?.value;
}

/** ValidSubnetTagsMatchingClusterName: no cluster tags, or one naming this cluster. */
export function servesCluster(subnet: SimSubnet, clusterName: string | undefined): boolean {
  if (!clusterName) return true;
  const scoped = subnet.tags.filter((t) => t.key.startsWith(CLUSTER_TAG_PREFIX));
  return scoped.length === 0 || scoped.some((t) => t.key === `${CLUSTER_TAG_PREFIX}${clusterName}`);
}

/** isSubnetValidForENICreation (1.22+). */
export function validForNewEni(
  subnet: SimSubnet,
  isPrimary: boolean,
  clusterName: string | undefined,
): boolean {
  const value = tagValue(subnet, SUBNET_DISCOVERY_TAG);
  if (value === '0') return false;
  if (value === undefined || value === '') return isPrimary;
  return servesCluster(subnet, clusterName);
}

/** IsSubnetExcluded (1.22+): tagged `0`, or opted in for other clusters only. */
export function isSubnetExcluded(subnet: SimSubnet | undefined, clusterName: string | undefined): boolean {
  if (!subnet) return false; // a subnet ipamd cannot see counts as not excluded
  const value = tagValue(subnet, SUBNET_DISCOVERY_TAG);
  if (value === undefined || value === '') return false;
  if (value === '0') return true;
  return !servesCluster(subnet, clusterName);
}

export type SubnetChoice =
  /** The subnets to try, in order: CreateNetworkInterface moves on to the next when one fails. */
  { ok: true; subnets: string[] } | { ok: false; log: string };

export interface SelectionInput {
  config: Pick<IpamdConfig, 'subnetDiscovery' | 'cniVersion' | 'clusterName'>;
  nodeZone: string;
  /** The node's primary ENI's subnet, as EC2 describes it (undefined when it cannot be read). */
  primarySubnet: SimSubnet | undefined;
  primarySubnetId: string;
  subnets: readonly SimSubnet[];
}

/** Where new ENIs may go outside custom networking, best first (most free addresses). */
export function selectEniSubnets(input: SelectionInput): SubnetChoice {
  const rules = discoveryRules(input.config);
  const primary = input.primarySubnet;
  const clusterName = input.config.clusterName;
  if (rules === 'none' || !input.config.subnetDiscovery || !primary) {
    if (rules === 'tag-value' && isSubnetExcluded(primary, clusterName)) {
      return {
        ok: false,
        log: `primary subnet is tagged with ${SUBNET_DISCOVERY_TAG}=0${input.config.subnetDiscovery ? '' : ' and subnet discovery is disabled'} - no valid subnets available for ENI creation`,
      };
    }
    return { ok: true, subnets: [input.primarySubnetId] };
  }
  // GetVpcSubnets: the node's VPC and zone, sorted by free addresses (stable: ties keep EC2's order).
  const inZone = input.subnets
    .filter((s) => s.vpcId === primary.vpcId && s.availabilityZone === input.nodeZone)
    .sort((a, b) => b.availableIpAddressCount - a.availableIpAddressCount);
  const valid = inZone.filter((s) => {
    const isPrimary = s.subnetId === primary.subnetId;
    if (rules === 'tag-key') return isPrimary || tagValue(s, SUBNET_DISCOVERY_TAG) !== undefined;
    return validForNewEni(s, isPrimary, clusterName);
  });
  if (valid.length === 0) {
    return {
      ok: false,
      log: `no valid subnets available for ENI creation - all subnets are either not tagged or tagged with ${SUBNET_DISCOVERY_TAG}=0`,
    };
  }
  return { ok: true, subnets: valid.map((s) => s.subnetId) };
}
