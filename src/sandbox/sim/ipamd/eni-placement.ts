/**
 * Where ipamd creates a node's next ENI, and with which security groups (pkg/awsutils AllocENI /
 * createENI, pkg/eniconfig): under custom networking the ENIConfig's subnet and groups (the primary
 * ENI's groups when the ENIConfig lists none); otherwise the primary ENI's groups in the subnets
 * subnet-selection.ts chooses (the primary subnet, or with subnet discovery the tagged subnets of the
 * node's zone, most free addresses first).
 */
import type { IpamdConfig } from './config.js';
import type { SimSubnet } from '../ports.js';
import { selectEniSubnets } from './subnet-selection.js';

export { SUBNET_DISCOVERY_TAG } from './subnet-selection.js';

export type EniPlacement =
  /** `subnetIds`: where to create it, in order; ipamd moves on to the next when one is full. */
  | { ok: true; subnetIds: string[]; groups: string[] }
  /** `log` is what ipamd logs; the ENI is not created. */
  | { ok: false; log: string };

export interface PlacementInput {
  config: Pick<IpamdConfig, 'customNetworking' | 'subnetDiscovery' | 'cniVersion' | 'clusterName'>;
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
    return { ok: true, subnetIds: [spec.subnet], groups: [...groups] };
  }
  const choice = selectEniSubnets(input);
  if (!choice.ok) return choice;
  return { ok: true, subnetIds: choice.subnets, groups: [...input.primaryGroups] };
}
