/**
 * Derived lookups over the EC2 state, so views and launches do not scan every network interface or
 * instance: ENIs by subnet, ENIs by attached instance, and the earliest due instance transition.
 * Never persisted: each index hangs off its state object in a WeakMap and is rebuilt from the state
 * on first use (a model restored from a snapshot gets a fresh one). Only the functions that add an
 * ENI, an attachment or a due time record into it; removals need no bookkeeping, because every read
 * checks each entry against the records and drops the ones a delete, detach or termination left.
 */
import type { Ec2State, NetworkInterfaceRecord } from './types.js';

interface Ec2Index {
  enisBySubnet: Map<string, Set<string>>;
  enisByInstance: Map<string, Set<string>>;
  /** No instance transition or expiry is due before this time (-Infinity: unknown, scan). */
  nextInstanceDue: number;
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
    index = { enisBySubnet: new Map(), enisByInstance: new Map(), nextInstanceDue: -Infinity };
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
}

/** Notes that an instance has something due at `at` (a boot, a shutdown, an expiry). */
export function noteInstanceDue(state: Ec2State, at: number): void {
  const index = indexOf(state);
  index.nextInstanceDue = Math.min(index.nextInstanceDue, at);
}

/** True when nothing can be due by `now`, so the instance tick may skip its scan. */
export function noInstanceDue(state: Ec2State, now: number): boolean {
  return now < indexOf(state).nextInstanceDue;
}

/** Sets the earliest due time after a full scan (Infinity when nothing is pending). */
export function setNextInstanceDue(state: Ec2State, at: number): void {
  indexOf(state).nextInstanceDue = at;
}
