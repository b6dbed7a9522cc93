/**
 * The IPv4 ranges EC2's VPC rules are written in terms of. Source: Amazon VPC User Guide, "VPC CIDR
 * blocks" (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html), RFC 1918, RFC 6598
 * (100.64.0.0/10, shared address space) and RFC 3927 (169.254.0.0/16, link-local).
 */
import { contains, overlaps, parseCidr, type Cidr } from '../cidr/index.js';

export const RFC1918_10 = parseCidr('10.0.0.0/8');
export const RFC1918_172 = parseCidr('172.16.0.0/12');
export const RFC1918_192 = parseCidr('192.168.0.0/16');
export const RFC1918_RANGES: readonly Cidr[] = [RFC1918_10, RFC1918_172, RFC1918_192];
/** RFC 6598 shared address space: what EKS users associate for pods (brief section 1). */
export const SHARED_ADDRESS_SPACE = parseCidr('100.64.0.0/10');
/** Part of the RFC 2544 benchmarking range; AWS treats it as its own private class. */
export const BENCHMARK_198_19 = parseCidr('198.19.0.0/16');
/** Link-local; EC2 uses it for the instance metadata service, so a VPC may never hold it. */
export const LINK_LOCAL = parseCidr('169.254.0.0/16');
/** The default VPC's range, restricted as a secondary block of 172.16.0.0/12 VPCs. */
export const DEFAULT_VPC_172_31 = parseCidr('172.31.0.0/16');
/** VPCs with a CIDR here may not add any block of 10.0.0.0/16 (VPC user guide restrictions table). */
export const TEN_ZERO_15 = parseCidr('10.0.0.0/15');
export const TEN_ZERO_16 = parseCidr('10.0.0.0/16');

/** The class of address space the association restrictions table keys on. */
export type AddressClass = '10/8' | '172.16/12' | '192.168/16' | '198.19/16' | 'public-or-100.64';

/**
 * Which row of the restrictions table a block belongs to. A block straddling two classes (only
 * possible for large blocks, never for /16-/28 VPC blocks inside one of these ranges) is classed by
 * its first address.
 */
export function addressClassOf(block: Cidr): AddressClass {
  if (contains(RFC1918_10, block.network)) return '10/8';
  if (contains(RFC1918_172, block.network)) return '172.16/12';
  if (contains(RFC1918_192, block.network)) return '192.168/16';
  if (contains(BENCHMARK_198_19, block.network)) return '198.19/16';
  return 'public-or-100.64';
}

export function isRfc1918(block: Cidr): boolean {
  return RFC1918_RANGES.some((range) => overlaps(range, block));
}

/**
 * Ranges no one routes on the internet (RFC 1918, RFC 6598 shared space, RFC 2544 benchmarking,
 * loopback, link-local, "this network", multicast and reserved). A VPC may still hold a block outside
 * them (EC2 allows public blocks), but its addresses belong to someone else on the internet.
 */
const NOT_PUBLIC: readonly Cidr[] = [
  ...RFC1918_RANGES,
  SHARED_ADDRESS_SPACE,
  parseCidr('198.18.0.0/15'),
  parseCidr('0.0.0.0/8'),
  parseCidr('127.0.0.0/8'),
  LINK_LOCAL,
  parseCidr('192.0.0.0/24'),
  parseCidr('192.0.2.0/24'),
  parseCidr('198.51.100.0/24'),
  parseCidr('203.0.113.0/24'),
  parseCidr('224.0.0.0/3'),
];

/** True when any address of `block` is publicly routable (outside every range above). */
export function isPubliclyRoutable(block: Cidr): boolean {
  return !NOT_PUBLIC.some((range) => contains(range, block.network) && range.prefix <= block.prefix);
}
