/**
 * Pod subnets must hold the pods they are planned for. The demand is what runs today: every pod that
 * takes a VPC address (not host-network, not finished) on a node of the zone, one address each, plus
 * one address per node for the primary address of its pod ENI (custom networking puts every pod ENI
 * in the pod subnet, and an ENI's primary address serves no pod). With prefix delegation addresses
 * come in /28 prefixes of 16, so each node needs its pods rounded up to whole prefixes.
 *
 * Under enhanced subnet discovery (node subnets not excluded) the pods keep the addresses they have in
 * the node subnets, and ipamd adds the tagged pod subnets to the ones it takes new ENIs from: the pod
 * subnet must hold the pods that have no address yet, plus one ENI's own address per node. Requiring
 * it to hold every pod would refuse a 2,000-node cluster (60,000 pods) outright, although one /16
 * serves what its node subnets cannot. Pure.
 */
import { usableAddressCount, VPC_CIDR_MAX_PREFIX } from '../../shared/aws-facts/index.js';
import type { ClusterSnapshot } from '../discover/snapshot.js';
import { isFargateNode, prefixDelegationEnabled, tryParseCidr } from './queries.js';
import type { Finding, ResolvedRequest } from './types.js';

/** Addresses a /28 delegated prefix holds (VPC CNI prefix delegation). */
const PREFIX_ADDRESSES = 16;
const FINISHED = new Set(['Succeeded', 'Failed']);

export interface ZoneDemand {
  zone: string;
  pods: number;
  nodes: number;
  /** Addresses the zone's pod subnet must hold for them. */
  addresses: number;
}

/**
 * What each zone's pod subnet must hold: every pod that takes an address (`all`), or only those
 * without one yet (`waiting`: subnet discovery, where the others keep their node-subnet addresses).
 */
export function podDemandByZone(
  snapshot: ClusterSnapshot,
  pods: 'all' | 'waiting' = 'all',
): Map<string, ZoneDemand> {
  const podsByNode = new Map<string, number>();
  for (const pod of snapshot.kube.pods) {
    if (pod.hostNetwork || FINISHED.has(pod.phase) || pod.nodeName === undefined) continue;
    if (pods === 'waiting' && pod.podIP) continue;
    podsByNode.set(pod.nodeName, (podsByNode.get(pod.nodeName) ?? 0) + 1);
  }
  const prefixes = prefixDelegationEnabled(snapshot);
  const out = new Map<string, ZoneDemand>();
  for (const node of snapshot.kube.nodes) {
    if (!node.zone || isFargateNode(node)) continue;
    const pods = podsByNode.get(node.name) ?? 0;
    const podAddresses = prefixes ? Math.ceil(pods / PREFIX_ADDRESSES) * PREFIX_ADDRESSES : pods;
    const zone = out.get(node.zone) ?? { zone: node.zone, pods: 0, nodes: 0, addresses: 0 };
    zone.pods += pods;
    zone.nodes += 1;
    zone.addresses += podAddresses + 1;
    out.set(node.zone, zone);
  }
  return out;
}

/** The longest prefix (smallest subnet) whose usable addresses hold `addresses`, if any /16-/28 does. */
export function smallestPrefixFor(addresses: number): number | undefined {
  for (let prefix = VPC_CIDR_MAX_PREFIX; prefix >= 16; prefix--) {
    if (usableAddressCount(`0.0.0.0/${prefix}`) >= addresses) return prefix;
  }
  return undefined;
}

export function validatePodSubnetFit(snapshot: ClusterSnapshot, request: ResolvedRequest): Finding[] {
  const discovery = request.mode === 'subnet-discovery' && request.stopNodeSubnetPods !== true;
  const demand = podDemandByZone(snapshot, discovery ? 'waiting' : 'all');
  const findings: Finding[] = [];
  for (const zone of request.zones) {
    const cidr = request.zoneSubnets[zone];
    const need = demand.get(zone);
    const block = cidr ? tryParseCidr(cidr) : undefined;
    if (!cidr || !need || !block) continue;
    const holds = usableAddressCount(block);
    if (holds >= need.addresses) continue;
    const prefix = smallestPrefixFor(need.addresses);
    const perPod = prefixDelegationEnabled(snapshot)
      ? `each node's pods rounded up to /28 prefixes of ${PREFIX_ADDRESSES}`
      : 'one per pod';
    findings.push({
      severity: 'error',
      code: 'E_POD_SUBNET_TOO_SMALL',
      field: 'subnetPrefix',
      message: `Pod subnet ${cidr} for ${zone} holds ${holds} addresses (${2 ** (32 - block.prefix)} in a /${block.prefix}, less the 5 AWS reserves), but ${
        discovery
          ? `${zone} has ${need.pods} pod(s) waiting for an address on ${need.nodes} node(s), which need ${need.addresses} (${perPod}, plus one per node for its new ENI's own address; the running pods keep their node-subnet addresses under subnet discovery).`
          : `${zone} runs ${need.pods} pod(s) on ${need.nodes} node(s), which need ${need.addresses} (${perPod}, plus one per node for its pod ENI's own address).`
      }`,
      hint:
        prefix === undefined
          ? 'No subnet of /16 to /28 holds them: spread the pods over more zones.'
          : `Pass --subnet-prefix ${prefix} or lower (a /${prefix} holds ${usableAddressCount(`0.0.0.0/${prefix}`)}) with a --cidr large enough for one per zone, or leave both auto.`,
    });
  }
  return findings;
}
