/**
 * ipamd's warm-pool decisions as pure functions of one node's state (aws/amazon-vpc-cni-k8s
 * pkg/ipamd/ipamd.go: isDatastorePoolTooLow, datastoreTargetState, tryAssignIPs, tryAllocateENI,
 * isDatastorePoolTooHigh, shouldRemoveExtraENIs; pkg/ipamd/datastore). The controller applies the
 * actions through the EC2 port and calls again with the new state.
 *
 * With prefix delegation (`prefixDelegation`, see prefixes.ts) the pool grows by /28 prefixes.
 * Not modelled: returning single free prefixes under WARM_IP_TARGET (whole unused ENIs are still
 * freed), IP cooldown after release, multiple network cards, trunk ENIs.
 */
import type { IpamdConfig } from './config.js';
import { ADDRESSES_PER_PREFIX, eniPodAddresses, prefixesNeeded } from './prefixes.js';

export interface EniState {
  eniId: string;
  deviceIndex: number;
  primary: boolean;
  subnetId: string;
  primaryIp: string;
  /** Secondary IPv4 addresses on the ENI, in the order EC2 assigned them. */
  ips: string[];
  /** Delegated /28 prefixes on the ENI (prefix delegation); each takes one slot. */
  prefixes?: string[];
  /** ms since epoch; ipamd leaves ENIs younger than a minute alone when shrinking. */
  createdAt?: number;
  /** Marked at ipamd start as serving no new pod addresses (subnet-selection.ts); still takes a slot. */
  excluded?: boolean;
}

export interface NodePoolState {
  config: IpamdConfig;
  /** The instance type's maximum network interfaces and IPv4 addresses per interface. */
  maxEnis: number;
  ipv4PerEni: number;
  /** The kubelet's max-pods: ipamd never grows the pool beyond it. */
  maxPods: number;
  /** ENABLE_PREFIX_DELEGATION on a Nitro instance: the pool grows by /28 prefixes. */
  prefixDelegation?: boolean;
  enis: EniState[];
  /** Addresses held by pods on this node. */
  assigned: ReadonlySet<string>;
  /** False when the node carries the unschedulable taint (cordoned). */
  schedulable: boolean;
  now: number;
  /** How long ipamd waits after an InsufficientCidr error (default INSUFFICIENT_CIDR_COOLDOWN_MS). */
  cooldownMs?: number;
  lastInsufficientCidrAt?: number;
  lastDecreaseAt?: number;
  /**
   * Under subnet discovery, ENIs whose subnet just answered InsufficientCidrBlocks /
   * InsufficientFreeAddressesInSubnet in this round: tryAssignIPs `continue`s past them, and when no
   * ENI can take addresses, tryAllocateENI attaches one in a tagged subnet with room.
   */
  fullEnis?: ReadonlySet<string>;
}

export type PoolIncrease =
  | { kind: 'assign-ips'; eniId: string; count: number }
  | { kind: 'assign-prefixes'; eniId: string; count: number }
  | { kind: 'create-eni'; deviceIndex: number; ipCount: number; prefixCount?: number }
  | { kind: 'none'; reason: string };

export interface PoolStats {
  total: number;
  assigned: number;
  available: number;
}

/** After InsufficientFreeAddressesInSubnet / InsufficientCidrBlocks ipamd waits this long. */
export const INSUFFICIENT_CIDR_COOLDOWN_MS = 120_000;
/** decreaseIPPoolInterval. */
export const DECREASE_INTERVAL_MS = 30_000;
/** An ENI younger than this is not freed (datastore minLifeTime). */
export const ENI_MIN_LIFETIME_MS = 60_000;

/**
 * The ENIs whose secondary IPs serve pods: all, or all but the primary under custom networking, less
 * the ENIs excluded by their subnet's tag.
 */
export function podEnis(s: Pick<NodePoolState, 'enis' | 'config'>): EniState[] {
  return s.enis
    .filter((e) => !(s.config.customNetworking && e.primary) && !e.excluded)
    .sort((a, b) => a.deviceIndex - b.deviceIndex);
}

/** GetENIIPv4Limit: the primary address of each ENI is not for pods. */
export function maxIpsPerEni(s: Pick<NodePoolState, 'ipv4PerEni'>): number {
  return Math.max(0, s.ipv4PerEni - 1);
}

export function effectiveMaxEnis(s: Pick<NodePoolState, 'maxEnis' | 'config'>): number {
  return s.config.maxEni > 0 ? Math.min(s.config.maxEni, s.maxEnis) : s.maxEnis;
}

export function poolStats(s: Pick<NodePoolState, 'enis' | 'config' | 'assigned'>): PoolStats {
  let total = 0;
  let assigned = 0;
  for (const eni of podEnis(s)) {
    const addresses = eniPodAddresses(eni);
    total += addresses.length;
    for (const ip of addresses) if (s.assigned.has(ip)) assigned++;
  }
  return { total, assigned, available: total - assigned };
}

function warmIpTargetsDefined(c: IpamdConfig): boolean {
  return c.warmIpTarget !== 0 || c.minimumIpTarget !== 0;
}

/** datastoreTargetState: IPs short of / over WARM_IP_TARGET, bounded by MINIMUM_IP_TARGET. */
export function targetState(s: NodePoolState, stats = poolStats(s)) {
  const c = s.config;
  if (!warmIpTargetsDefined(c)) return { short: 0, over: 0, defined: false };
  const short = Math.max(Math.max(c.warmIpTarget - stats.available, 0), c.minimumIpTarget - stats.total);
  const over = Math.max(
    Math.min(Math.max(stats.available - c.warmIpTarget, 0), stats.total - c.minimumIpTarget),
    0,
  );
  return { short, over, defined: true };
}

/** isDatastorePoolTooLow. */
export function isPoolTooLow(s: NodePoolState, stats = poolStats(s)): boolean {
  if (stats.total >= s.maxPods) return false;
  const target = targetState(s, stats);
  if (target.defined) return target.short > 0;
  // In prefix mode the warm unit is a prefix (WARM_PREFIX_TARGET), otherwise a full ENI.
  const warm = s.prefixDelegation ? s.config.warmPrefixTarget : s.config.warmEniTarget;
  const unit = s.prefixDelegation ? ADDRESSES_PER_PREFIX : maxIpsPerEni(s);
  return stats.available < unit * warm || (warm === 0 && stats.available === 0);
}

function inCooldown(s: NodePoolState): boolean {
  return (
    s.lastInsufficientCidrAt !== undefined &&
    s.now - s.lastInsufficientCidrAt <= (s.cooldownMs ?? INSUFFICIENT_CIDR_COOLDOWN_MS)
  );
}

function freeDeviceIndex(enis: EniState[]): number {
  const used = new Set(enis.map((e) => e.deviceIndex));
  let i = 1;
  while (used.has(i)) i++;
  return i;
}

/** One step of increaseDatastorePool: fill an existing ENI first, else attach a new one. */
export function planIncrease(s: NodePoolState): PoolIncrease {
  const stats = poolStats(s);
  if (!isPoolTooLow(s, stats)) return { kind: 'none', reason: 'pool is not low' };
  if (!s.schedulable && !s.config.manageEnisNonSchedulable) {
    return { kind: 'none', reason: 'AWS CNI is on a non schedulable node' };
  }
  if (inCooldown(s)) return { kind: 'none', reason: 'recently had an InsufficientCidr error' };
  const target = targetState(s, stats);
  if (target.defined && target.short === 0) return { kind: 'none', reason: 'warm IP target met' };
  const perEni = maxIpsPerEni(s);
  if (s.prefixDelegation) return planPrefixIncrease(s, stats, target.defined ? target.short : undefined);
  const wanted = target.defined ? target.short : perEni;
  for (const eni of podEnis(s)) {
    if (s.fullEnis?.has(eni.eniId)) continue;
    if (eni.ips.length < perEni) {
      return { kind: 'assign-ips', eniId: eni.eniId, count: Math.min(perEni - eni.ips.length, wanted) };
    }
  }
  if (s.enis.length >= effectiveMaxEnis(s)) return { kind: 'none', reason: 'max ENI limit reached' };
  const ipCount = target.defined ? Math.min(target.short, perEni) : perEni;
  if (ipCount <= 0) return { kind: 'none', reason: 'no IPs needed' };
  return { kind: 'create-eni', deviceIndex: freeDeviceIndex(s.enis), ipCount };
}

/** tryAssignPrefixes, else tryAllocateENI with prefixes: one slot per prefix. */
function planPrefixIncrease(
  s: NodePoolState,
  stats: PoolStats,
  shortOfIps: number | undefined,
): PoolIncrease {
  const perEni = maxIpsPerEni(s);
  const needed = prefixesNeeded(s.config, stats.available, shortOfIps);
  for (const eni of podEnis(s)) {
    if (s.fullEnis?.has(eni.eniId)) continue;
    const free = perEni - eni.ips.length - (eni.prefixes?.length ?? 0);
    if (free > 0) return { kind: 'assign-prefixes', eniId: eni.eniId, count: Math.min(free, needed) };
  }
  if (s.enis.length >= effectiveMaxEnis(s)) return { kind: 'none', reason: 'max ENI limit reached' };
  return {
    kind: 'create-eni',
    deviceIndex: freeDeviceIndex(s.enis),
    ipCount: 0,
    prefixCount: Math.min(needed, perEni),
  };
}

/** tryUnassignCidrsFromAll: only with WARM_IP_TARGET / MINIMUM_IP_TARGET, at most every 30 s. */
export function planDecrease(s: NodePoolState): { eniId: string; ips: string[] }[] {
  if (s.lastDecreaseAt !== undefined && s.now - s.lastDecreaseAt <= DECREASE_INTERVAL_MS) return [];
  if (s.prefixDelegation) return []; // single prefixes are not returned (see the header)
  const stats = poolStats(s);
  if (isPoolTooLow(s, stats)) return [];
  let { over } = targetState(s, stats);
  const out: { eniId: string; ips: string[] }[] = [];
  for (const eni of podEnis(s)) {
    if (over <= 0) break;
    const free = eni.ips.filter((ip) => !s.assigned.has(ip)).slice(0, over);
    if (free.length > 0) out.push({ eniId: eni.eniId, ips: free });
    over -= free.length;
  }
  return out;
}

/** shouldRemoveExtraENIs + RemoveUnusedENIFromStore: an unused, non-primary ENI beyond the warm target. */
export function planFreeEni(s: NodePoolState): string | undefined {
  if (!s.schedulable && !s.config.manageEnisNonSchedulable) return undefined;
  const stats = poolStats(s);
  const target = targetState(s, stats);
  const warm = s.prefixDelegation ? s.config.warmPrefixTarget : s.config.warmEniTarget;
  const unit = s.prefixDelegation ? ADDRESSES_PER_PREFIX : maxIpsPerEni(s);
  if (!target.defined && stats.available < (warm + 1) * unit) return undefined;
  for (const eni of [...podEnis(s)].reverse()) {
    if (eni.primary) continue;
    const addresses = eniPodAddresses(eni);
    if (addresses.some((ip) => s.assigned.has(ip))) continue;
    if (eni.createdAt !== undefined && s.now - eni.createdAt < ENI_MIN_LIFETIME_MS) continue;
    if (s.prefixDelegation && !target.defined && stats.available - addresses.length < warm * unit) continue;
    if (target.defined) {
      const after = { total: stats.total - addresses.length, available: stats.available - addresses.length };
      if (after.available < s.config.warmIpTarget || after.total < s.config.minimumIpTarget) continue;
    }
    return eni.eniId;
  }
  return undefined;
}

/** The address the datastore hands to the next pod, or undefined: "failed to assign an IP address". */
export function pickPodIp(
  s: Pick<NodePoolState, 'enis' | 'config' | 'assigned'>,
): { eniId: string; ip: string } | undefined {
  for (const eni of podEnis(s)) {
    const ip = eniPodAddresses(eni).find((a) => !s.assigned.has(a));
    if (ip !== undefined) return { eniId: eni.eniId, ip };
  }
  return undefined;
}
