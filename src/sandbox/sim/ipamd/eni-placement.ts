/**
 * Where ipamd creates a node's next ENI, and with which security groups (pkg/awsutils AllocENI /
 * createENI, pkg/eniconfig): under custom networking the ENIConfig's subnet and groups (the primary
 * ENI's groups when the ENIConfig lists none); otherwise the primary ENI's subnet, or with subnet
 * discovery (ENABLE_SUBNET_DISCOVERY, CNI 1.18+) the subnet with the most free addresses among it
 * and the VPC's subnets in the node's zone tagged `kubernetes.io/role/cni=1`.
 */
import type { IpamdConfig } from './config.js';
import type { SimSubnet } from '../ports.js';

export const SUBNET_DISCOVERY_TAG = 'kubernetes.io/role/cni';

export type EniPlacement =
  | { ok: true; subnetId: string; groups: string[] }
  /** `log` is what ipamd logs; the ENI is not created. */
  | { ok: false; log: string };

export interface PlacementInput {
  config: Pick<IpamdConfig, 'customNetworking' | 'subnetDiscovery'>;
  nodeZone: string;
  primarySubnet: SimSubnet | undefined;
  primarySubnetId: string;
  primaryGroups: string[];
  eniConfigName: string;
  /** The ENIConfig's spec, or undefined when no ENIConfig of that name exists. */
  eniConfig: { subnet?: string; securityGroups?: string[] } | undefined;
  /** Every subnet the EC2 model knows (for discovery and the ENIConfig subnet's zone). */
  subnets: SimSubnet[];
}

function tagValue(subnet: SimSubnet, key: string): string | undefined {
  return subnet.tags.find((t) => t.key === key)?.value;
}

export function placeEni(input: PlacementInput): EniPlacement {
  if (input.config.customNetworking) {
    const spec = input.eniConfig;
    if (!spec) {
      return {
        ok: false,
        log: `error while retrieving eniconfig: eniconfigs.crd.k8s.amazonaws.com "${input.eniConfigName}" not found; eniconfig: eniconfig is not available`,
      };
    }
    if (!spec.subnet) {
      return { ok: false, log: `ENIConfig ${input.eniConfigName} has no spec.subnet` };
    }
    const subnet = input.subnets.find((s) => s.subnetId === spec.subnet);
    if (subnet && subnet.availabilityZone !== input.nodeZone) {
      // CreateNetworkInterface succeeds, attaching it to an instance in another zone does not.
      return {
        ok: false,
        log: `Failed to increase pool size due to not able to allocate ENI AllocENI: error attaching ENI: InvalidParameterCombination: You may not attach a network interface to an instance if they are not in the same availability zone (subnet ${subnet.subnetId} is in ${subnet.availabilityZone}, the node in ${input.nodeZone})`,
      };
    }
    const groups =
      spec.securityGroups && spec.securityGroups.length > 0 ? spec.securityGroups : input.primaryGroups;
    return { ok: true, subnetId: spec.subnet, groups: [...groups] };
  }
  if (input.config.subnetDiscovery && input.primarySubnet) {
    const primary = input.primarySubnet;
    const candidates = input.subnets.filter(
      (s) =>
        s.vpcId === primary.vpcId &&
        s.availabilityZone === input.nodeZone &&
        (s.subnetId === primary.subnetId
          ? tagValue(s, SUBNET_DISCOVERY_TAG) !== '0'
          : tagValue(s, SUBNET_DISCOVERY_TAG) === '1'),
    );
    const best = [...candidates].sort(
      (a, b) => b.availableIpAddressCount - a.availableIpAddressCount || a.subnetId.localeCompare(b.subnetId),
    )[0];
    if (best) return { ok: true, subnetId: best.subnetId, groups: [...input.primaryGroups] };
  }
  return { ok: true, subnetId: input.primarySubnetId, groups: [...input.primaryGroups] };
}
