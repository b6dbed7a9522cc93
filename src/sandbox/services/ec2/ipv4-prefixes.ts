/**
 * Delegated IPv4 prefixes (the VPC CNI's prefix delegation): /28 blocks, aligned on 16 addresses,
 * carved from the ENI's subnet where none of the 16 addresses is reserved or held by any ENI (as a
 * primary or secondary address or inside another prefix). Each prefix counts as one address against
 * the instance type's per-interface limit, and takes 16 addresses from `AvailableIpAddressCount`.
 * A subnet with free addresses but no free aligned /28 fails with `InsufficientCidrBlocks`.
 */
import { formatCidr, parseCidr } from '../../../shared/cidr/index.js';
import {
  InsufficientCidrBlocks,
  InvalidParameterCombination,
  InvalidParameterValue,
  PrivateIpAddressLimitExceeded,
} from './errors.js';
import { addressLimit, requireNetworkInterface } from './network-interfaces.js';
import { addressesReleased, addressesTaken } from './state-index.js';
import { allocatePrefixes, isFreePrefix, requireSubnet } from './subnets.js';
import type { Ec2Context, Ec2State, SubnetRecord } from './types.js';

const PREFIX_SIZE = 16;

/** Normalises `10.0.1.32/28`; refuses other sizes, unaligned blocks and blocks outside the subnet. */
function wantedPrefix(
  state: Ec2State,
  subnet: SubnetRecord,
  taken: ReadonlySet<number>,
  text: string,
): string {
  let block;
  try {
    block = parseCidr(text);
  } catch {
    throw new InvalidParameterValue(`Invalid value '${text}' for ipv4Prefix`);
  }
  if (block.prefix !== 28) throw new InvalidParameterValue(`Invalid value '${text}' for ipv4Prefix`);
  if (!isFreePrefix(state, subnet, block.network, taken)) throw new InsufficientCidrBlocks();
  return formatCidr(block);
}

/** AssignPrivateIpAddresses with Ipv4PrefixCount or Ipv4Prefix.N: returns the prefixes assigned. */
export function assignIpv4Prefixes(
  ctx: Ec2Context,
  input: { networkInterfaceId: string; count?: number | undefined; prefixes?: string[] | undefined },
): string[] {
  const { state } = ctx;
  const eni = requireNetworkInterface(state, input.networkInterfaceId);
  const subnet = requireSubnet(state, eni.subnetId);
  const wanted = input.prefixes ?? [];
  if ((input.count === undefined) === (wanted.length === 0)) {
    throw new InvalidParameterCombination('Exactly one of ipv4Prefixes or ipv4PrefixCount must be specified');
  }
  const count = input.count ?? wanted.length;
  if (count < 1) throw new InvalidParameterValue(`Invalid value '${count}' for ipv4PrefixCount`);
  const held = eni.ipv4Prefixes ?? [];
  const limit = addressLimit(state, eni);
  if (limit !== undefined && eni.privateIpAddresses.length + held.length + count > limit)
    throw new PrivateIpAddressLimitExceeded();
  let prefixes: string[];
  if (wanted.length > 0) {
    const taken = new Set<number>();
    prefixes = wanted.map((text) => {
      const prefix = wantedPrefix(state, subnet, taken, text);
      const { network } = parseCidr(prefix);
      for (let ip = network; ip < network + PREFIX_SIZE; ip++) taken.add(ip);
      return prefix;
    });
  } else {
    prefixes = allocatePrefixes(state, subnet, count);
  }
  eni.ipv4Prefixes = [...held, ...prefixes];
  addressesTaken(state, { subnetId: eni.subnetId, ipv4Prefixes: prefixes });
  return prefixes;
}

export function unassignIpv4Prefixes(
  ctx: Ec2Context,
  input: { networkInterfaceId: string; prefixes: string[] },
): void {
  const eni = requireNetworkInterface(ctx.state, input.networkInterfaceId);
  const held = eni.ipv4Prefixes ?? [];
  const normal = input.prefixes.map((p) => {
    try {
      return formatCidr(parseCidr(p));
    } catch {
      throw new InvalidParameterValue(`Invalid value '${p}' for ipv4Prefix`);
    }
  });
  if (normal.some((p) => !held.includes(p))) {
    throw new InvalidParameterValue(
      `Some of the specified prefixes are not assigned to interface ${eni.networkInterfaceId}`,
    );
  }
  eni.ipv4Prefixes = held.filter((p) => !normal.includes(p));
  addressesReleased(ctx.state, {
    subnetId: eni.subnetId,
    ipv4Prefixes: held.filter((p) => normal.includes(p)),
  });
}
