/**
 * The simulation's view of the AWS facts. TODO(facts): once branch `facts` lands, build this from
 * `src/shared/aws-facts` (instanceNetworkLimits, maxPodsFor, eniMaxPods, zonesForRegion); until then a
 * small table of common instance types (source: amazon-eks-ami eni-max-pods.txt and EC2's
 * DescribeInstanceTypes) keeps the simulation usable.
 */
import type { SimFacts, SimNetworkLimits } from './ports.js';

const TABLE: Record<string, SimNetworkLimits> = {
  't3.small': { vcpus: 2, memoryMib: 2048, maxEnis: 3, ipv4PerEni: 4, nitro: true },
  't3.medium': { vcpus: 2, memoryMib: 4096, maxEnis: 3, ipv4PerEni: 6, nitro: true },
  't3.large': { vcpus: 2, memoryMib: 8192, maxEnis: 3, ipv4PerEni: 12, nitro: true },
  'm5.large': { vcpus: 2, memoryMib: 8192, maxEnis: 3, ipv4PerEni: 10, nitro: true },
  'm5.xlarge': { vcpus: 4, memoryMib: 16384, maxEnis: 4, ipv4PerEni: 15, nitro: true },
  'm5.2xlarge': { vcpus: 8, memoryMib: 32768, maxEnis: 4, ipv4PerEni: 15, nitro: true },
  'm5.4xlarge': { vcpus: 16, memoryMib: 65536, maxEnis: 8, ipv4PerEni: 30, nitro: true },
  'm6i.large': { vcpus: 2, memoryMib: 8192, maxEnis: 3, ipv4PerEni: 10, nitro: true },
  'c5.large': { vcpus: 2, memoryMib: 4096, maxEnis: 3, ipv4PerEni: 10, nitro: true },
  'm4.large': { vcpus: 2, memoryMib: 8192, maxEnis: 2, ipv4PerEni: 10, nitro: false },
};

function uncapped(l: SimNetworkLimits, customNetworking: boolean, prefixDelegation: boolean): number {
  const enis = customNetworking ? l.maxEnis - 1 : l.maxEnis;
  const perEni = prefixDelegation && l.nitro ? (l.ipv4PerEni - 1) * 16 : l.ipv4PerEni - 1;
  return enis * perEni + 2;
}

export const localFacts: SimFacts = {
  networkLimits: (type) => TABLE[type],
  maxPods({ instanceType, customNetworking = false, prefixDelegation = false }) {
    const l = TABLE[instanceType];
    if (!l) return 110;
    const cap = l.vcpus > 30 ? 250 : 110;
    return Math.min(cap, uncapped(l, customNetworking, prefixDelegation));
  },
  eniMaxPods(type) {
    const l = TABLE[type];
    return l ? uncapped(l, false, false) : 110;
  },
  zoneId(region, zoneName) {
    const letter = zoneName.slice(region.length);
    const index = letter.length === 1 ? letter.charCodeAt(0) - 96 : 0;
    const [area = '', direction = '', number = ''] = region.split('-');
    return index > 0 ? `${area}${direction.charAt(0)}${number}-az${index}` : undefined;
  },
};
