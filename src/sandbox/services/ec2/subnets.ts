/**
 * Subnets: created inside one associated VPC block, without overlap (rules from the shared facts),
 * in a known zone. AWS reserves 5 addresses of each subnet (network, router, DNS, future, last); every
 * ENI address, primary or secondary, lowers `AvailableIpAddressCount` by one (a delegated /28 prefix
 * by 16), and addresses are handed out lowest first.
 */
import { checkSubnetCidr, usableAddressCount } from '../../../shared/aws-facts/index.js';
import { formatIPv4, lastAddress, parseCidr, parseIPv4 } from '../../../shared/cidr/index.js';
import type { SubnetAllocator } from './subnet-allocator.js';
import { resolveSubnetZone } from './availability-zones.js';
import {
  CidrRuleViolation,
  DependencyViolation,
  InsufficientCidrBlocks,
  InsufficientFreeAddressesInSubnet,
  InvalidSubnetIdNotFound,
} from './errors.js';
import { applyFilters, type Filter, type FilterSpec } from './filters.js';
import { subnetAssociation } from './route-tables.js';
import {
  forgetIndexed,
  idsWithTag,
  indexSubnet,
  networkInterfacesInSubnet,
  subnetAllocator,
  subnetIdsOfVpc,
} from './state-index.js';
import { setTags, tagsOf } from './tags.js';
import type { Ec2Context, Ec2State, SubnetRecord, Tag } from './types.js';
import { requireSubnet, requireVpc } from './lookups.js';

export interface SubnetView extends SubnetRecord {
  ownerId: string;
  state: 'available';
  availableIpAddressCount: number;
  defaultForAz: boolean;
  subnetArn: string;
  tags: Tag[];
}

export { requireSubnet } from './lookups.js';

export function createSubnet(
  ctx: Ec2Context,
  input: {
    vpcId: string;
    cidrBlock: string;
    availabilityZone?: string | undefined;
    availabilityZoneId?: string | undefined;
    tags?: Tag[] | undefined;
  },
): SubnetRecord {
  const { env, state } = ctx;
  const vpc = requireVpc(state, input.vpcId);
  const zone = resolveSubnetZone(env, input.availabilityZone, input.availabilityZoneId);
  const rule = checkSubnetCidr({
    cidr: input.cidrBlock,
    vpcCidrs: vpc.cidrAssociations.filter((a) => a.state === 'associated').map((a) => a.cidrBlock),
    existingSubnets: Object.values(state.subnets)
      .filter((s) => s.vpcId === vpc.vpcId)
      .map((s) => s.cidrBlock),
  });
  if (!rule.ok) throw new CidrRuleViolation(rule.code, rule.message);
  const cidrBlock = rule.cidr;
  const subnet: SubnetRecord = {
    subnetId: env.ids.next('subnet'),
    vpcId: vpc.vpcId,
    cidrBlock,
    availabilityZone: zone.zoneName,
    availabilityZoneId: zone.zoneId,
    mapPublicIpOnLaunch: false,
    createdAt: env.clock.now(),
  };
  if (input.tags) setTags(ctx, subnet.subnetId, input.tags);
  state.subnets[subnet.subnetId] = subnet;
  indexSubnet(state, subnet);
  return subnet;
}

/** Refused while any network interface (instances', NAT gateways', the CNI's) uses the subnet. */
export function deleteSubnet(ctx: Ec2Context, subnetId: string): void {
  const { state } = ctx;
  requireSubnet(state, subnetId);
  if (networkInterfacesInSubnet(state, subnetId).length > 0) {
    throw new DependencyViolation('subnet', subnetId);
  }
  const explicit = subnetAssociation(state, subnetId);
  if (explicit)
    explicit.table.associations = explicit.table.associations.filter((a) => a !== explicit.association);
  delete state.subnets[subnetId];
  delete state.tags[subnetId];
  forgetIndexed(state, subnetId);
}

/**
 * Every address ENIs hold in the subnet, as integers, recomputed from the records (O(addresses)):
 * the reference the allocator is checked against; the model itself asks the allocator.
 */
export function usedAddresses(state: Ec2State, subnetId: string): Set<number> {
  const used = new Set<number>();
  for (const eni of networkInterfacesInSubnet(state, subnetId)) {
    for (const ip of eni.privateIpAddresses) used.add(parseIPv4(ip.privateIpAddress));
    // A delegated /28 takes all 16 of its addresses from the subnet.
    for (const prefix of eni.ipv4Prefixes ?? []) {
      const { network } = parseCidr(prefix);
      for (let ip = network; ip < network + 16; ip++) used.add(ip);
    }
  }
  return used;
}

/** The subnet's allocator (used addresses as integers, kept current by the ENI functions). */
export function allocatorOf(state: Ec2State, subnet: SubnetRecord): SubnetAllocator {
  return subnetAllocator(state, subnet.subnetId, subnet.cidrBlock);
}

export function availableIpAddressCount(state: Ec2State, subnet: SubnetRecord): number {
  return usableAddressCount(subnet.cidrBlock) - allocatorOf(state, subnet).used;
}

/** True when an ENI of the subnet holds `ip` (as an address or inside a delegated prefix). */
export function isAddressUsed(state: Ec2State, subnet: SubnetRecord, ip: string): boolean {
  return allocatorOf(state, subnet).isUsed(parseIPv4(ip));
}

/**
 * Takes `count` free addresses, lowest first, skipping the 4 reserved at the start and the last one.
 * All or nothing: `InsufficientFreeAddressesInSubnet` when the subnet cannot supply them all.
 */
export function allocateAddresses(
  state: Ec2State,
  subnet: SubnetRecord,
  count: number,
  alsoTaken: readonly string[] = [],
): string[] {
  const found = allocatorOf(state, subnet).findFree(count, new Set(alsoTaken.map(parseIPv4)));
  if (!found) throw new InsufficientFreeAddressesInSubnet();
  return found.map(formatIPv4);
}

/** True when every address of the aligned /28 starting at `network` is usable, unused and not in `alsoTaken`. */
export function isFreePrefix(
  state: Ec2State,
  subnet: SubnetRecord,
  network: number,
  alsoTaken: ReadonlySet<number> = new Set(),
): boolean {
  return allocatorOf(state, subnet).isFreePrefix(network, alsoTaken);
}

/**
 * Takes `count` free aligned /28 prefixes, lowest first (prefix delegation). All or nothing:
 * `InsufficientCidrBlocks` when the subnet has no such blocks left, however many addresses are free.
 */
export function allocatePrefixes(
  state: Ec2State,
  subnet: SubnetRecord,
  count: number,
  alsoTaken: readonly string[] = [],
): string[] {
  const found = allocatorOf(state, subnet).findFreePrefixes(count, new Set(alsoTaken.map(parseIPv4)));
  if (!found) throw new InsufficientCidrBlocks();
  return found.map((p) => `${formatIPv4(p)}/28`);
}

/** True when `ip` is a usable (not reserved) address of the subnet. */
export function isUsableAddress(subnet: SubnetRecord, ip: string): boolean {
  const block = parseCidr(subnet.cidrBlock);
  const value = parseIPv4(ip);
  return value >= block.network + 4 && value <= lastAddress(block) - 1;
}

export function subnetView(ctx: Ec2Context, subnet: SubnetRecord): SubnetView {
  const { env, state } = ctx;
  return {
    ...subnet,
    ownerId: env.accountId,
    state: 'available',
    availableIpAddressCount: availableIpAddressCount(state, subnet),
    defaultForAz: false,
    subnetArn: `arn:aws:ec2:${env.region}:${env.accountId}:subnet/${subnet.subnetId}`,
    tags: tagsOf(state, subnet.subnetId),
  };
}

/** Filters read off the record; the derived fields (free addresses, ARN) are computed per item, O(1). */
function subnetFilters(ctx: Ec2Context): FilterSpec<SubnetRecord> {
  const { env, state } = ctx;
  const available = (s: SubnetRecord) => availableIpAddressCount(state, s);
  return {
    'subnet-id': (s) => s.subnetId,
    'vpc-id': (s) => s.vpcId,
    vpcId: (s) => s.vpcId,
    'availability-zone': (s) => s.availabilityZone,
    availabilityZone: (s) => s.availabilityZone,
    'availability-zone-id': (s) => s.availabilityZoneId,
    availabilityZoneId: (s) => s.availabilityZoneId,
    'cidr-block': (s) => s.cidrBlock,
    cidrBlock: (s) => s.cidrBlock,
    cidr: (s) => s.cidrBlock,
    state: () => 'available',
    'default-for-az': () => false,
    defaultForAz: () => false,
    'available-ip-address-count': available,
    availableIpAddressCount: available,
    'map-public-ip-on-launch': (s) => s.mapPublicIpOnLaunch,
    'owner-id': () => env.accountId,
    'subnet-arn': (s) => `arn:aws:ec2:${env.region}:${env.accountId}:subnet/${s.subnetId}`,
  };
}

/** Cuts one page out of the matching items (MaxResults/NextToken); all of them when absent. */
export type PageSlicer = <T>(items: readonly T[]) => T[];

const exact = (values: readonly string[]) => !values.some((v) => v.includes('*') || v.includes('?'));

/**
 * The subnets a filter set can match, from the indexes (subnet IDs, subnets by VPC, resources by
 * tag) when a filter names exact values; every subnet otherwise. In the order DescribeSubnets lists.
 */
function candidateSubnets(state: Ec2State, filters: readonly Filter[]): SubnetRecord[] {
  let narrowed: Set<string> | undefined;
  let inStateOrder = true;
  const narrow = (ids: Iterable<string>, ordered: boolean) => {
    const next = new Set<string>();
    for (const id of ids) if (state.subnets[id] && (!narrowed || narrowed.has(id))) next.add(id);
    narrowed = next;
    inStateOrder &&= ordered;
  };
  for (const f of filters) {
    if (!exact(f.values)) continue;
    if (f.name === 'subnet-id') narrow(f.values, false);
    else if (f.name === 'vpc-id' || f.name === 'vpcId')
      narrow(
        f.values.flatMap((v) => subnetIdsOfVpc(state, v)),
        f.values.length === 1,
      );
    else if (f.name.startsWith('tag:'))
      narrow(
        f.values.flatMap((v) => idsWithTag(state, f.name.slice(4), v)),
        false,
      );
  }
  if (!narrowed) return Object.values(state.subnets);
  const found = narrowed;
  if (inStateOrder) return [...found].map((id) => state.subnets[id]!);
  return Object.values(state.subnets).filter((s) => found.has(s.subnetId));
}

/**
 * Exact-value filters on the subnet ID, VPC or a tag start from the indexes; every filter is then
 * checked on the records (no view needed); views are built only for the page returned.
 */
export function describeSubnets(
  ctx: Ec2Context,
  input: { subnetIds?: string[]; filters?: Filter[]; page?: PageSlicer | undefined },
): SubnetView[] {
  const { state } = ctx;
  const ids = [...new Set(input.subnetIds ?? [])];
  const missing = ids.filter((id) => !state.subnets[id]);
  if (missing.length > 0) throw new InvalidSubnetIdNotFound(...missing);
  const filters = input.filters ?? [];
  const subnets =
    ids.length > 0
      ? ids.map((id) => requireSubnet(state, id))
      : filters.length > 0
        ? candidateSubnets(state, filters)
        : Object.values(state.subnets);
  const page = input.page ?? ((items) => [...items]);
  const matching =
    filters.length > 0
      ? applyFilters(subnets, filters, subnetFilters(ctx), (s) => tagsOf(state, s.subnetId))
      : subnets;
  return page(matching).map((s) => subnetView(ctx, s));
}
