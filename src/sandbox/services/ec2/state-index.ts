/**
 * Derived lookups over the EC2 state, so views and launches do not scan every network interface or
 * instance: ENIs by subnet, ENIs by attached instance, subnets by VPC, resources by tag, the earliest
 * due instance transition, and each subnet's address allocator. Never persisted: each index hangs off
 * its state object in a WeakMap and is rebuilt from the state on first use (a model restored from a
 * snapshot gets a fresh one). The ID sets need bookkeeping only where an ENI, attachment, subnet or
 * tag is added: every read checks each entry against the records and drops the ones a delete, detach
 * or termination left. The allocators are exact: every change of an ENI's addresses or prefixes is
 * reported (`addressesTaken`/`addressesReleased`) after the records change; a subnet whose allocator
 * was not built yet ignores the report, since building it later reads the records as they are.
 */
import { parseCidr, parseIPv4 } from '../../../shared/cidr/index.js';
import { SubnetAllocator } from './subnet-allocator.js';
import type { Ec2State, NetworkInterfaceRecord } from './types.js';

interface Ec2Index {
  enisBySubnet: Map<string, Set<string>>;
  enisByInstance: Map<string, Set<string>>;
  subnetsByVpc: Map<string, Set<string>> | undefined;
  /** Resource IDs by `key=value` of a tag they carry (built on first use). */
  byTag: Map<string, Set<string>> | undefined;
  allocators: Map<string, SubnetAllocator>;
}

const indexes = new WeakMap<Ec2State, Ec2Index>();

function addTo(map: Map<string, Set<string>>, key: string, id: string): void {
  const set = map.get(key);
  if (set) set.add(id);
  else map.set(key, new Set([id]));
}

function indexOf(state: Ec2State): Ec2Index {
  let index = indexes.get(state);
  if (!index) {
    index = {
      enisBySubnet: new Map(),
      enisByInstance: new Map(),
      subnetsByVpc: undefined,
      byTag: undefined,
      allocators: new Map(),
    };
    for (const eni of Object.values(state.networkInterfaces)) {
      addTo(index.enisBySubnet, eni.subnetId, eni.networkInterfaceId);
      if (eni.attachment) addTo(index.enisByInstance, eni.attachment.instanceId, eni.networkInterfaceId);
    }
    indexes.set(state, index);
  }
  return index;
}

/** Records a new ENI (its subnet, and its instance when attached). */
export function indexNetworkInterface(state: Ec2State, eni: NetworkInterfaceRecord): void {
  const index = indexOf(state);
  addTo(index.enisBySubnet, eni.subnetId, eni.networkInterfaceId);
  if (eni.attachment) addTo(index.enisByInstance, eni.attachment.instanceId, eni.networkInterfaceId);
}

/** The ENIs whose record passes `holds`, pruning entries that no longer do. */
function verified(
  state: Ec2State,
  set: Set<string> | undefined,
  holds: (eni: NetworkInterfaceRecord) => boolean,
): NetworkInterfaceRecord[] {
  const out: NetworkInterfaceRecord[] = [];
  if (!set) return out;
  for (const id of set) {
    const eni = state.networkInterfaces[id];
    if (eni && holds(eni)) out.push(eni);
    else set.delete(id);
  }
  return out;
}

/** Every ENI in the subnet, in creation order. */
export function networkInterfacesInSubnet(state: Ec2State, subnetId: string): NetworkInterfaceRecord[] {
  return verified(state, indexOf(state).enisBySubnet.get(subnetId), (e) => e.subnetId === subnetId);
}

/** Every ENI attached to the instance, in attachment order. */
export function networkInterfacesOfInstance(state: Ec2State, instanceId: string): NetworkInterfaceRecord[] {
  return verified(
    state,
    indexOf(state).enisByInstance.get(instanceId),
    (e) => e.attachment?.instanceId === instanceId,
  );
}

/** Drops the entries of a subnet or instance that no longer exists. */
export function forgetIndexed(state: Ec2State, id: string): void {
  const index = indexOf(state);
  index.enisBySubnet.delete(id);
  index.enisByInstance.delete(id);
  index.allocators.delete(id);
}

/** The subnet's allocator, built from its ENIs' addresses and prefixes on first use. */
export function subnetAllocator(state: Ec2State, subnetId: string, cidrBlock: string): SubnetAllocator {
  const index = indexOf(state);
  let allocator = index.allocators.get(subnetId);
  if (!allocator) {
    const block = parseCidr(cidrBlock);
    allocator = new SubnetAllocator(block.network, 2 ** (32 - block.prefix));
    for (const eni of networkInterfacesInSubnet(state, subnetId)) changeAddresses(allocator, eni, 1);
    index.allocators.set(subnetId, allocator);
  }
  return allocator;
}

type AddressChange = Pick<NetworkInterfaceRecord, 'subnetId'> & {
  privateIpAddresses?: readonly { privateIpAddress: string }[] | undefined;
  ipv4Prefixes?: readonly string[] | undefined;
};

function changeAddresses(allocator: SubnetAllocator, change: AddressChange, sign: 1 | -1): void {
  for (const a of change.privateIpAddresses ?? []) {
    const ip = parseIPv4(a.privateIpAddress);
    if (sign > 0) allocator.take(ip);
    else allocator.release(ip);
  }
  for (const prefix of change.ipv4Prefixes ?? []) {
    const { network } = parseCidr(prefix);
    if (sign > 0) allocator.takePrefix(network);
    else allocator.releasePrefix(network);
  }
}

/** Reports addresses or prefixes an ENI of `change.subnetId` gained (after the record holds them). */
export function addressesTaken(state: Ec2State, change: AddressChange): void {
  const allocator = indexOf(state).allocators.get(change.subnetId);
  if (allocator) changeAddresses(allocator, change, 1);
}

/** Reports addresses or prefixes an ENI let go (after the record dropped them, or the ENI was deleted). */
export function addressesReleased(state: Ec2State, change: AddressChange): void {
  const allocator = indexOf(state).allocators.get(change.subnetId);
  if (allocator) changeAddresses(allocator, change, -1);
}

function subnetsByVpcOf(state: Ec2State): Map<string, Set<string>> {
  const index = indexOf(state);
  if (!index.subnetsByVpc) {
    index.subnetsByVpc = new Map();
    for (const s of Object.values(state.subnets)) addTo(index.subnetsByVpc, s.vpcId, s.subnetId);
  }
  return index.subnetsByVpc;
}

/** Records a new subnet under its VPC. */
export function indexSubnet(state: Ec2State, subnet: { subnetId: string; vpcId: string }): void {
  addTo(subnetsByVpcOf(state), subnet.vpcId, subnet.subnetId);
}

/** The IDs of the VPC's subnets (pruned of deleted ones). */
export function subnetIdsOfVpc(state: Ec2State, vpcId: string): string[] {
  const set = subnetsByVpcOf(state).get(vpcId);
  const out: string[] = [];
  for (const id of set ?? []) {
    if (state.subnets[id]?.vpcId === vpcId) out.push(id);
    else set!.delete(id);
  }
  return out;
}

function byTagOf(state: Ec2State): Map<string, Set<string>> {
  const index = indexOf(state);
  if (!index.byTag) {
    index.byTag = new Map();
    for (const [id, tags] of Object.entries(state.tags))
      for (const t of tags) addTo(index.byTag, `${t.key}=${t.value}`, id);
  }
  return index.byTag;
}

/** Records the tags a resource now carries. */
export function indexTags(
  state: Ec2State,
  id: string,
  tags: readonly { key: string; value: string }[],
): void {
  const map = byTagOf(state);
  for (const t of tags) addTo(map, `${t.key}=${t.value}`, id);
}

/** The IDs of resources carrying tag `key` with exactly `value` (pruned of stale entries). */
export function idsWithTag(state: Ec2State, key: string, value: string): string[] {
  const set = byTagOf(state).get(`${key}=${value}`);
  const out: string[] = [];
  for (const id of set ?? []) {
    if (state.tags[id]?.some((t) => t.key === key && t.value === value)) out.push(id);
    else set!.delete(id);
  }
  return out;
}
