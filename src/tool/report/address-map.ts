/**
 * The VPC's IPv4 address space as data for the HTML report: per CIDR block, every subnet in it
 * (this cluster's node subnets, its pod subnets, other tenants' subnets) and the free gaps between
 * them as aligned blocks, lowest address first. Pure.
 */
import {
  formatCidr,
  formatIPv4,
  lastAddress,
  parseCidr,
  sizeOf,
  subtract,
  contains,
  type Cidr,
} from '../../shared/cidr/index.js';
import { RESERVED_ADDRESSES_PER_SUBNET } from '../../shared/aws-facts/index.js';
import type { ClusterSnapshot } from '../discover/snapshot.js';
import { deriveFacts, type DoctorFacts } from '../doctor/facts.js';

export type SegmentKind = 'node' | 'pod' | 'node+pod' | 'other' | 'free';

export interface MapSegment {
  kind: SegmentKind;
  cidr: string;
  /** Offset of its first address from the block's network address. */
  offset: number;
  size: number;
  subnetId?: string | undefined;
  name?: string | undefined;
  zone?: string | undefined;
  /** Addresses a subnet offers (size less AWS's 5), used and free (AvailableIpAddressCount). */
  usable?: number | undefined;
  used?: number | undefined;
  free?: number | undefined;
}

export interface MapBlock {
  cidr: string;
  state: string;
  primary: boolean;
  size: number;
  /** First and last address, for labels. */
  first: string;
  last: string;
  segments: MapSegment[];
}

export interface AddressMap {
  vpcId: string;
  blocks: MapBlock[];
  /** Subnets (of this VPC) drawn in a block: every subnet of the VPC. */
  subnetCount: number;
}

const nameOf = (tags: readonly { key: string; value: string }[]) => tags.find((t) => t.key === 'Name')?.value;

export function buildAddressMap(
  snapshot: ClusterSnapshot,
  facts: DoctorFacts = deriveFacts(snapshot),
): AddressMap {
  const subnets = snapshot.subnets
    .filter((s) => s.vpcId === snapshot.vpc.vpcId)
    .map((s) => ({ subnet: s, block: parseCidr(s.cidr, { strict: false }) }));
  const live = snapshot.vpc.cidrAssociations.filter((a) => /^(associated|associating)$/.test(a.state));
  const blocks: MapBlock[] = live.map((association, index) => {
    const block = parseCidr(association.cidr, { strict: false });
    const inside = subnets
      .filter((s) => contains(block, s.block))
      .sort((a, b) => a.block.network - b.block.network);
    const segments: MapSegment[] = inside.map(({ subnet, block: b }) => {
      const isPod = facts.podSubnetIds.has(subnet.subnetId);
      const isNode = facts.nodeSubnetIds.has(subnet.subnetId);
      const size = sizeOf(b);
      const usable = Math.max(0, size - RESERVED_ADDRESSES_PER_SUBNET);
      return {
        kind: isPod && isNode ? 'node+pod' : isPod ? 'pod' : isNode ? 'node' : 'other',
        cidr: formatCidr(b),
        offset: b.network - block.network,
        size,
        subnetId: subnet.subnetId,
        name: nameOf(subnet.tags),
        zone: subnet.zone,
        usable,
        used: Math.max(0, usable - subnet.availableIpAddressCount),
        free: subnet.availableIpAddressCount,
      };
    });
    const gaps = subtract(
      block,
      inside.map((s) => s.block),
    ).map((g: Cidr): MapSegment => ({
      kind: 'free',
      cidr: formatCidr(g),
      offset: g.network - block.network,
      size: sizeOf(g),
    }));
    return {
      cidr: formatCidr(block),
      state: association.state,
      primary: index === 0,
      size: sizeOf(block),
      first: formatIPv4(block.network),
      last: formatIPv4(lastAddress(block)),
      segments: [...segments, ...gaps].sort((a, b) => a.offset - b.offset),
    };
  });
  return {
    vpcId: snapshot.vpc.vpcId,
    blocks,
    subnetCount: blocks.reduce((sum, b) => sum + b.segments.filter((s) => s.kind !== 'free').length, 0),
  };
}
