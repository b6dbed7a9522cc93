/**
 * Prefix delegation (ENABLE_PREFIX_DELEGATION=true on a Nitro instance): ipamd asks EC2 for /28
 * prefixes instead of secondary addresses, one ENI slot each (the same `IPv4 per ENI - 1` slots), and
 * hands pods any of a prefix's 16 addresses (aws/amazon-vpc-cni-k8s pkg/ipamd: tryAssignPrefixes,
 * getPrefixesNeeded; pkg/ipamd/datastore: prefix-backed CIDRs).
 */
import { compareVersions } from '../../../shared/aws-facts/index.js';
import { formatIPv4, parseCidr } from '../../../shared/cidr/index.js';
import type { IpamdConfig } from './config.js';

export const ADDRESSES_PER_PREFIX = 16;

/** The 16 addresses of a /28 prefix, lowest first. */
export function prefixAddresses(prefix: string): string[] {
  const { network } = parseCidr(prefix);
  return Array.from({ length: ADDRESSES_PER_PREFIX }, (_, i) => formatIPv4(network + i));
}

/** Every address an ENI offers pods: its secondary addresses, then its prefixes' addresses. */
export function eniPodAddresses(eni: { ips: readonly string[]; prefixes?: readonly string[] }): string[] {
  const out = [...eni.ips];
  for (const prefix of eni.prefixes ?? []) out.push(...prefixAddresses(prefix));
  return out;
}

/** The first VPC CNI release with prefix delegation. */
const PREFIX_DELEGATION_SINCE = '1.9.0';

/**
 * ipamd uses prefixes only when asked to, on an instance built on the Nitro system, with a CNI that
 * knows them (1.9.0+; an unreadable version tag counts as recent).
 */
export function usesPrefixes(
  config: Pick<IpamdConfig, 'prefixDelegation' | 'cniVersion'>,
  nitro: boolean,
): boolean {
  if (!config.prefixDelegation || !nitro) return false;
  try {
    return (
      config.cniVersion === undefined || compareVersions(config.cniVersion, PREFIX_DELEGATION_SINCE) >= 0
    );
  } catch {
    return true;
  }
}

/**
 * getPrefixesNeeded: with WARM_IP_TARGET / MINIMUM_IP_TARGET, enough prefixes to cover the shortfall
 * of addresses; otherwise enough to bring the free addresses up to WARM_PREFIX_TARGET prefixes (at
 * least one, since the pool is low when this is asked).
 */
export function prefixesNeeded(
  config: Pick<IpamdConfig, 'warmPrefixTarget'>,
  available: number,
  shortOfIps: number | undefined,
): number {
  if (shortOfIps !== undefined) return Math.max(1, Math.ceil(shortOfIps / ADDRESSES_PER_PREFIX));
  const wanted = config.warmPrefixTarget * ADDRESSES_PER_PREFIX - available;
  return Math.max(1, Math.ceil(wanted / ADDRESSES_PER_PREFIX));
}
