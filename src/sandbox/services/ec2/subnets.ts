/**
 * Subnets: created inside one associated VPC block, without overlap (rules from the shared facts),
 * in a known zone. AWS reserves 5 addresses of each subnet (network, router, DNS, future, last); every
 * ENI address, primary or secondary, lowers `AvailableIpAddressCount` by one (a delegated /28 prefix
 * by 16), and addresses are handed out lowest first.
 */
import { checkSubnetCidr, usableAddressCount } from '../../../shared/aws-facts/index.js';
import { formatIPv4, lastAddress, parseCidr, parseIPv4 } from '../../../shared/cidr/index.js';
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
import { forgetIndexed, networkInterfacesInSubnet } from './state-index.js';
import { setTags, tagsOf } from './tags.js';
import type { Ec2Context, Ec2State, SubnetRecord, Tag } from './types.js';
import { requireVpc } from './vpcs.js';

export interface SubnetView extends SubnetRecord {
  ownerId: string;
  state: 'available';
  availableIpAddressCount: number;
  defaultForAz: boolean;
  subnetArn: string;
  tags: Tag[];
}

export function requireSubnet(state: Ec2State, subnetId: string): SubnetRecord {
  const subnet = state.subnets[subnetId];
  if (!subnet) throw new InvalidSubnetIdNotFound(subnetId);
  return subnet;
}

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

/** Every address ENIs hold in the subnet, as integers. */
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

export function availableIpAddressCount(state: Ec2State, subnet: SubnetRecord): number {
  return usableAddressCount(subnet.cidrBlock) - usedAddresses(state, subnet.subnetId).size;
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
  const block = parseCidr(subnet.cidrBlock);
  const used = usedAddresses(state, subnet.subnetId);
  for (const ip of alsoTaken) used.add(parseIPv4(ip));
  const out: string[] = [];
  const last = lastAddress(block) - 1;
  for (let ip = block.network + 4; ip <= last && out.length < count; ip++) {
    if (!used.has(ip)) out.push(formatIPv4(ip));
  }
  if (out.length < count) throw new InsufficientFreeAddressesInSubnet();
  return out;
}

/** True when every address of the aligned /28 starting at `network` is usable and unused. */
export function isFreePrefix(subnet: SubnetRecord, used: ReadonlySet<number>, network: number): boolean {
  const block = parseCidr(subnet.cidrBlock);
  if (network % 16 !== 0 || network < block.network + 4 || network + 15 > lastAddress(block) - 1)
    return false;
  for (let ip = network; ip < network + 16; ip++) if (used.has(ip)) return false;
  return true;
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
  const block = parseCidr(subnet.cidrBlock);
  const used = usedAddresses(state, subnet.subnetId);
  for (const ip of alsoTaken) used.add(parseIPv4(ip));
  const out: string[] = [];
  for (let p = block.network; p + 15 <= lastAddress(block) && out.length < count; p += 16) {
    if (isFreePrefix(subnet, used, p)) out.push(`${formatIPv4(p)}/28`);
  }
  if (out.length < count) throw new InsufficientCidrBlocks();
  return out;
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

const subnetFilters: FilterSpec<SubnetView> = {
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
  state: (s) => s.state,
  'default-for-az': (s) => s.defaultForAz,
  defaultForAz: (s) => s.defaultForAz,
  'available-ip-address-count': (s) => s.availableIpAddressCount,
  availableIpAddressCount: (s) => s.availableIpAddressCount,
  'map-public-ip-on-launch': (s) => s.mapPublicIpOnLaunch,
  'owner-id': (s) => s.ownerId,
  'subnet-arn': (s) => s.subnetArn,
};

/** Cuts one page out of the matching items (MaxResults/NextToken); all of them when absent. */
export type PageSlicer = <T>(items: readonly T[]) => T[];

export function describeSubnets(
  ctx: Ec2Context,
  input: { subnetIds?: string[]; filters?: Filter[]; page?: PageSlicer | undefined },
): SubnetView[] {
  const { state } = ctx;
  const ids = [...new Set(input.subnetIds ?? [])];
  const missing = ids.filter((id) => !state.subnets[id]);
  if (missing.length > 0) throw new InvalidSubnetIdNotFound(...missing);
  const subnets = ids.length > 0 ? ids.map((id) => requireSubnet(state, id)) : Object.values(state.subnets);
  const page = input.page ?? ((items) => [...items]);
  // Without filters the page is cut first, so only its items' views are built.
  if (!input.filters || input.filters.length === 0) return page(subnets).map((s) => subnetView(ctx, s));
  return page(
    applyFilters(
      subnets.map((s) => subnetView(ctx, s)),
      input.filters,
      subnetFilters,
      (s) => s.tags,
    ),
  );
}
