/**
 * Elastic network interfaces: each takes a primary private address from its subnet when created and
 * secondary ones on request (the VPC CNI's warm pool), limited per interface by the instance type it
 * is attached to and per subnet by the free addresses (`InsufficientFreeAddressesInSubnet`).
 */
import { catalogNetworkLimits } from './instance-type-catalog.js';
import {
  AttachmentLimitExceeded,
  IncorrectState,
  InvalidGroupNotFound,
  InvalidIpAddressInUse,
  InvalidNetworkInterfaceIdNotFound,
  InvalidNetworkInterfaceInUse,
  InvalidParameterCombination,
  InvalidParameterValue,
  OperationNotPermitted,
  PrivateIpAddressLimitExceeded,
} from './errors.js';
import { applyFilters, type Filter, type FilterSpec } from './filters.js';
import { requireInstance } from './lookups.js';
import {
  addressesReleased,
  addressesTaken,
  indexNetworkInterface,
  networkInterfacesOfInstance,
} from './state-index.js';
import { allocateAddresses, allocatePrefixes, isAddressUsed, isUsableAddress } from './subnets.js';
import { requireSubnet } from './lookups.js';
import { setTags, tagsOf, validateTags, type TagOptions } from './tags.js';
import type { Ec2Context, Ec2Env, Ec2State, NetworkInterfaceRecord, SubnetRecord, Tag } from './types.js';

export interface NetworkInterfaceView extends NetworkInterfaceRecord {
  ipv4Prefixes: string[];
  ownerId: string;
  status: 'available' | 'in-use';
  privateIpAddress: string;
  privateDnsName: string;
  groups: { groupId: string; groupName: string }[];
  tags: Tag[];
}

export function requireNetworkInterface(state: Ec2State, id: string): NetworkInterfaceRecord {
  const eni = state.networkInterfaces[id];
  if (!eni) throw new InvalidNetworkInterfaceIdNotFound(id);
  return eni;
}

export function privateDnsNameOf(env: Ec2Env, ip: string): string {
  const host = `ip-${ip.replaceAll('.', '-')}`;
  return env.region === 'us-east-1' ? `${host}.ec2.internal` : `${host}.${env.region}.compute.internal`;
}

function macAddress(env: Ec2Env): string {
  const hex = env.ids.hex(10);
  return ['02', ...(hex.match(/../g) ?? [])].join(':');
}

export interface CreateNetworkInterfaceInput {
  subnetId: string;
  groups?: string[] | undefined;
  description?: string | undefined;
  privateIpAddress?: string | undefined;
  secondaryPrivateIpAddressCount?: number | undefined;
  /** Delegated /28 prefixes taken in the same call (all or nothing, like the addresses). */
  ipv4PrefixCount?: number | undefined;
  interfaceType?: string | undefined;
  requesterManaged?: boolean | undefined;
  requesterId?: string | undefined;
  tags?: Tag[] | undefined;
  tagOptions?: TagOptions | undefined;
}

export function createNetworkInterface(
  ctx: Ec2Context,
  input: CreateNetworkInterfaceInput,
): NetworkInterfaceRecord {
  const { env, state } = ctx;
  const subnet = requireSubnet(state, input.subnetId);
  const vpc = state.vpcs[subnet.vpcId];
  const groupIds =
    input.groups && input.groups.length > 0
      ? [...new Set(input.groups)]
      : vpc
        ? [vpc.defaultSecurityGroupId]
        : [];
  const unknown = groupIds.filter((g) => state.securityGroups[g]?.vpcId !== subnet.vpcId);
  if (unknown.length > 0) throw new InvalidGroupNotFound(...unknown);
  const secondary = input.secondaryPrivateIpAddressCount ?? 0;
  if (secondary < 0)
    throw new InvalidParameterValue(`Invalid value '${secondary}' for secondaryPrivateIpAddressCount`);
  let addresses: string[];
  if (input.privateIpAddress !== undefined) {
    const ip = input.privateIpAddress;
    if (!isUsableAddress(subnet, ip)) {
      throw new InvalidParameterValue(`Address ${ip} does not fall within the subnet's address range`);
    }
    if (isAddressUsed(state, subnet, ip)) throw new InvalidIpAddressInUse(ip);
    addresses = [ip, ...allocateAddresses(state, subnet, secondary, [ip])];
  } else {
    addresses = allocateAddresses(state, subnet, 1 + secondary);
  }
  const prefixCount = input.ipv4PrefixCount ?? 0;
  if (prefixCount < 0) throw new InvalidParameterValue(`Invalid value '${prefixCount}' for ipv4PrefixCount`);
  const prefixes = prefixCount > 0 ? allocatePrefixes(state, subnet, prefixCount, addresses) : [];
  if (input.tags) validateTags(input.tags, input.tagOptions);
  const eniId = env.ids.next('eni');
  const eni = newEni(ctx, eniId, subnet, groupIds, addresses, input);
  if (prefixes.length > 0) eni.ipv4Prefixes = prefixes;
  state.networkInterfaces[eniId] = eni;
  indexNetworkInterface(state, eni);
  addressesTaken(state, eni);
  if (input.tags) setTags(ctx, eniId, input.tags, input.tagOptions);
  return eni;
}

function newEni(
  ctx: Ec2Context,
  networkInterfaceId: string,
  subnet: SubnetRecord,
  groupIds: string[],
  addresses: string[],
  input: CreateNetworkInterfaceInput,
): NetworkInterfaceRecord {
  return {
    networkInterfaceId,
    subnetId: subnet.subnetId,
    vpcId: subnet.vpcId,
    availabilityZone: subnet.availabilityZone,
    description: input.description ?? '',
    groupIds,
    privateIpAddresses: addresses.map((ip, i) => ({ privateIpAddress: ip, primary: i === 0 })),
    macAddress: macAddress(ctx.env),
    interfaceType: input.interfaceType ?? 'interface',
    requesterManaged: input.requesterManaged ?? false,
    requesterId: input.requesterId,
    sourceDestCheck: true,
  };
}

function assignAddresses(eni: NetworkInterfaceRecord, ips: string[]): void {
  for (const ip of ips) eni.privateIpAddresses.push({ privateIpAddress: ip, primary: false });
}

/** The instance type's per-interface address limit, when the interface is attached. */
export function addressLimit(state: Ec2State, eni: NetworkInterfaceRecord): number | undefined {
  const instance = eni.attachment ? state.instances[eni.attachment.instanceId] : undefined;
  return instance ? catalogNetworkLimits(instance.instanceType).ipv4PerEni : undefined;
}

/** Assigns `count` new secondary addresses (or the given ones); returns them. */
export function assignPrivateIpAddresses(
  ctx: Ec2Context,
  input: { networkInterfaceId: string; count?: number | undefined; addresses?: string[] | undefined },
): string[] {
  const { state } = ctx;
  const eni = requireNetworkInterface(state, input.networkInterfaceId);
  const subnet = requireSubnet(state, eni.subnetId);
  const wanted = input.addresses ?? [];
  if ((input.count === undefined) === (wanted.length === 0)) {
    throw new InvalidParameterCombination(
      'Exactly one of privateIpAddresses or secondaryPrivateIpAddressCount must be specified',
    );
  }
  const count = input.count ?? wanted.length;
  if (count < 1)
    throw new InvalidParameterValue(`Invalid value '${count}' for secondaryPrivateIpAddressCount`);
  const limit = addressLimit(state, eni);
  const slots = eni.privateIpAddresses.length + (eni.ipv4Prefixes?.length ?? 0);
  if (limit !== undefined && slots + count > limit) throw new PrivateIpAddressLimitExceeded();
  let ips: string[];
  if (wanted.length > 0) {
    for (const ip of wanted) {
      if (!isUsableAddress(subnet, ip)) {
        throw new InvalidParameterValue(`Address ${ip} does not fall within the subnet's address range`);
      }
      if (isAddressUsed(state, subnet, ip)) throw new InvalidIpAddressInUse(ip);
    }
    ips = [...wanted];
  } else {
    ips = allocateAddresses(state, subnet, count);
  }
  assignAddresses(eni, ips);
  addressesTaken(state, {
    subnetId: eni.subnetId,
    privateIpAddresses: ips.map((ip) => ({ privateIpAddress: ip })),
  });
  return ips;
}

export function unassignPrivateIpAddresses(
  ctx: Ec2Context,
  input: { networkInterfaceId: string; addresses: string[] },
): void {
  const eni = requireNetworkInterface(ctx.state, input.networkInterfaceId);
  for (const ip of input.addresses) {
    const held = eni.privateIpAddresses.find((a) => a.privateIpAddress === ip);
    if (!held) {
      throw new InvalidParameterValue(
        `Some of the specified addresses are not assigned to interface ${eni.networkInterfaceId}`,
      );
    }
    if (held.primary) throw new InvalidParameterValue(`The primary address ${ip} cannot be unassigned`);
  }
  const released = eni.privateIpAddresses.filter((a) => input.addresses.includes(a.privateIpAddress));
  eni.privateIpAddresses = eni.privateIpAddresses.filter(
    (a) => !input.addresses.includes(a.privateIpAddress),
  );
  addressesReleased(ctx.state, { subnetId: eni.subnetId, privateIpAddresses: released });
}

export function attachNetworkInterface(
  ctx: Ec2Context,
  input: {
    networkInterfaceId: string;
    instanceId: string;
    deviceIndex: number;
    deleteOnTermination?: boolean;
  },
): string {
  const { env, state } = ctx;
  const eni = requireNetworkInterface(state, input.networkInterfaceId);
  const instance = requireInstance(state, input.instanceId);
  if (eni.attachment) throw new InvalidNetworkInterfaceInUse(eni.networkInterfaceId);
  if (instance.state !== 'running' && instance.state !== 'pending' && instance.state !== 'stopped') {
    throw new IncorrectState(
      `The instance '${instance.instanceId}' is not in a valid state for this operation.`,
    );
  }
  if (instance.availabilityZone !== eni.availabilityZone) {
    throw new InvalidParameterCombination(
      'You may not attach a network interface to an instance if they are not in the same availability zone',
    );
  }
  const attached = networkInterfacesOfInstance(state, instance.instanceId);
  if (attached.some((e) => e.attachment?.deviceIndex === input.deviceIndex)) {
    throw new InvalidParameterValue(
      `Instance '${instance.instanceId}' already has an interface attached at device index '${input.deviceIndex}'.`,
    );
  }
  const { maxEnis, ipv4PerEni } = catalogNetworkLimits(instance.instanceType);
  if (attached.length + 1 > maxEnis)
    throw new AttachmentLimitExceeded(attached.length + 1, instance.instanceType);
  if (eni.privateIpAddresses.length + (eni.ipv4Prefixes?.length ?? 0) > ipv4PerEni)
    throw new PrivateIpAddressLimitExceeded();
  eni.attachment = {
    attachmentId: env.ids.next('eni-attach'),
    instanceId: instance.instanceId,
    deviceIndex: input.deviceIndex,
    networkCardIndex: 0,
    attachTime: env.clock.now(),
    deleteOnTermination: input.deleteOnTermination ?? false,
  };
  indexNetworkInterface(state, eni);
  return eni.attachment.attachmentId;
}

export function detachNetworkInterface(ctx: Ec2Context, networkInterfaceId: string): void {
  const eni = requireNetworkInterface(ctx.state, networkInterfaceId);
  if (eni.attachment?.deviceIndex === 0) {
    throw new OperationNotPermitted(`The network interface at device index 0 cannot be detached.`);
  }
  eni.attachment = undefined;
}

export function deleteNetworkInterface(ctx: Ec2Context, networkInterfaceId: string): void {
  const eni = requireNetworkInterface(ctx.state, networkInterfaceId);
  if (eni.attachment) throw new InvalidNetworkInterfaceInUse(networkInterfaceId);
  delete ctx.state.networkInterfaces[networkInterfaceId];
  delete ctx.state.tags[networkInterfaceId];
  addressesReleased(ctx.state, eni);
}

export function networkInterfaceView(ctx: Ec2Context, eni: NetworkInterfaceRecord): NetworkInterfaceView {
  const { env, state } = ctx;
  const primary = eni.privateIpAddresses.find((a) => a.primary)?.privateIpAddress ?? '';
  return {
    ...eni,
    privateIpAddresses: eni.privateIpAddresses.map((a) => ({ ...a })),
    ipv4Prefixes: [...(eni.ipv4Prefixes ?? [])],
    attachment: eni.attachment && { ...eni.attachment },
    ownerId: env.accountId,
    status: eni.attachment ? 'in-use' : 'available',
    privateIpAddress: primary,
    privateDnsName: privateDnsNameOf(env, primary),
    groups: eni.groupIds.map((groupId) => ({
      groupId,
      groupName: state.securityGroups[groupId]?.groupName ?? '',
    })),
    tags: tagsOf(state, eni.networkInterfaceId),
  };
}

const eniFilters: FilterSpec<NetworkInterfaceView> = {
  'network-interface-id': (e) => e.networkInterfaceId,
  'subnet-id': (e) => e.subnetId,
  'vpc-id': (e) => e.vpcId,
  'availability-zone': (e) => e.availabilityZone,
  'attachment.instance-id': (e) => e.attachment?.instanceId,
  'attachment.attachment-id': (e) => e.attachment?.attachmentId,
  'attachment.device-index': (e) => e.attachment?.deviceIndex,
  'attachment.status': (e) => (e.attachment ? 'attached' : undefined),
  'attachment.delete-on-termination': (e) => e.attachment?.deleteOnTermination,
  'attachment.instance-owner-id': (e) => (e.attachment ? e.ownerId : undefined),
  status: (e) => e.status,
  description: (e) => e.description,
  'private-ip-address': (e) => e.privateIpAddresses.map((a) => a.privateIpAddress),
  'addresses.private-ip-address': (e) => e.privateIpAddresses.map((a) => a.privateIpAddress),
  'addresses.primary': (e) => e.privateIpAddresses.map((a) => a.primary),
  'ipv4-prefix.ipv4-prefix': (e) => e.ipv4Prefixes,
  'private-dns-name': (e) => e.privateDnsName,
  'group-id': (e) => e.groupIds,
  'group-name': (e) => e.groups.map((g) => g.groupName),
  'interface-type': (e) => e.interfaceType,
  'requester-managed': (e) => e.requesterManaged,
  'requester-id': (e) => e.requesterId,
  'mac-address': (e) => e.macAddress,
  'owner-id': (e) => e.ownerId,
  'source-dest-check': (e) => e.sourceDestCheck,
};

export function describeNetworkInterfaces(
  ctx: Ec2Context,
  input: { networkInterfaceIds?: string[]; filters?: Filter[] },
): NetworkInterfaceView[] {
  const { state } = ctx;
  const ids = [...new Set(input.networkInterfaceIds ?? [])];
  const missing = ids.filter((id) => !state.networkInterfaces[id]);
  if (missing.length > 0) throw new InvalidNetworkInterfaceIdNotFound(...missing);
  const enis =
    ids.length > 0
      ? ids.map((id) => requireNetworkInterface(state, id))
      : Object.values(state.networkInterfaces);
  return applyFilters(
    enis.map((e) => networkInterfaceView(ctx, e)),
    input.filters,
    eniFilters,
    (e) => e.tags,
  );
}
