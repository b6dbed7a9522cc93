/**
 * CreateSubnet's IPv4 rules and the addresses AWS keeps in every subnet. Sources:
 * - Amazon VPC User Guide, "Subnet CIDR blocks" (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html):
 *   /16 to /28, inside one of the VPC's CIDR blocks, no overlap with another subnet; the first four
 *   addresses and the last one are reserved (network address, VPC router at +1, Amazon DNS at +2,
 *   future use at +3, and the last address, broadcast, which VPCs do not support).
 * - Error texts as EC2 returns them: `InvalidSubnet.Range` "The CIDR '<cidr>' is invalid.",
 *   `InvalidSubnet.Conflict` "The CIDR '<cidr>' conflicts with another subnet" (Terraform and AWS CLI
 *   output quoted in public threads), `InvalidParameterValue` for a malformed block.
 */
import {
  contains,
  formatCidr,
  formatIPv4,
  lastAddress,
  overlaps,
  parseCidr,
  sizeOf,
  type Cidr,
} from '../cidr/index.js';
import { ruleFailure, ruleOk, type CidrRuleResult } from './cidr-rule-result.js';
import { invalidCidrParameter, parseEc2Cidr } from './vpc-cidr-rules.js';
import { requireObject, requireStringArray } from './arguments.js';

export const SUBNET_CIDR_MIN_PREFIX = 16;
export const SUBNET_CIDR_MAX_PREFIX = 28;
/** Addresses AWS reserves in every subnet. */
export const RESERVED_ADDRESSES_PER_SUBNET = 5;

export interface SubnetCidrInput {
  cidr: string;
  /** The VPC's associated IPv4 blocks. */
  vpcCidrs: readonly string[];
  /** The CIDR blocks of the VPC's existing subnets. */
  existingSubnets: readonly string[];
}

export function checkSubnetCidr(input: SubnetCidrInput): CidrRuleResult {
  const { cidr } = requireObject('checkSubnetCidr input', input);
  requireStringArray('vpcCidrs', input.vpcCidrs);
  requireStringArray('existingSubnets', input.existingSubnets);
  const block = parseEc2Cidr(cidr);
  if (!block) return invalidCidrParameter(String(cidr));
  const inVpc = input.vpcCidrs.some((text) => {
    const vpcBlock = parseEc2Cidr(text);
    return vpcBlock !== undefined && contains(vpcBlock, block);
  });
  if (block.prefix < SUBNET_CIDR_MIN_PREFIX || block.prefix > SUBNET_CIDR_MAX_PREFIX || !inVpc) {
    return ruleFailure('InvalidSubnet.Range', `The CIDR '${cidr}' is invalid.`);
  }
  const conflict = input.existingSubnets.some((text) => {
    const other = parseEc2Cidr(text);
    return other !== undefined && overlaps(other, block);
  });
  if (conflict)
    return ruleFailure('InvalidSubnet.Conflict', `The CIDR '${cidr}' conflicts with another subnet`);
  return ruleOk(formatCidr(block));
}

function subnetBlock(cidr: string | Cidr): Cidr {
  return typeof cidr === 'string' ? parseCidr(cidr) : cidr;
}

/** The five reserved addresses of a subnet, in order: network, router, DNS, future use, last. */
export function reservedAddresses(cidr: string | Cidr): string[] {
  const block = subnetBlock(cidr);
  const first = block.network;
  return [first, first + 1, first + 2, first + 3, lastAddress(block)].map(formatIPv4);
}

/** Addresses left for ENIs in a fresh subnet: a /24 has 251, a /19 8187, a /28 11. */
export function usableAddressCount(cidr: string | Cidr): number {
  return Math.max(0, sizeOf(subnetBlock(cidr)) - RESERVED_ADDRESSES_PER_SUBNET);
}

/** True when `address` (dotted quad) is one of the subnet's reserved addresses. */
export function isReservedAddress(cidr: string | Cidr, address: string): boolean {
  return reservedAddresses(cidr).includes(address);
}
