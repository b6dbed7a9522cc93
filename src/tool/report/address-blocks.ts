/**
 * Where pods take their addresses, per zone and VPC CIDR block: the primary block (node subnets)
 * against the secondary block eks-cidr added. In subnet-discovery mode both serve the same nodes, so
 * this is how an operator sees the new block taking over. Pure.
 */
import { contains, parseCidr, parseIPv4, type Cidr } from '../../shared/cidr/index.js';
import type { NodeInfo, PodInfo } from '../steps/ports.js';

const ZONE_LABEL = 'topology.kubernetes.io/zone';

export interface ZoneBlockPods {
  zone: string;
  /** The VPC CIDR block, or `other` for an address in none of them. */
  block: string;
  pods: number;
}

function blockOf(blocks: { text: string; cidr: Cidr }[], ip: string): string {
  try {
    const address = parseIPv4(ip);
    return blocks.find((b) => contains(b.cidr, address))?.text ?? 'other';
  } catch {
    return 'other';
  }
}

/** Running pods with an address of their own (not hostNetwork), counted per node zone and block. */
export function podAddressesByBlock(
  vpcBlocks: readonly string[],
  nodes: readonly NodeInfo[],
  pods: readonly PodInfo[],
): ZoneBlockPods[] {
  const blocks = vpcBlocks.flatMap((text) => {
    try {
      return [{ text, cidr: parseCidr(text, { strict: false }) }];
    } catch {
      return [];
    }
  });
  const zoneOf = new Map(nodes.map((n) => [n.name, n.labels[ZONE_LABEL] ?? 'unknown']));
  const counts = new Map<string, ZoneBlockPods>();
  for (const pod of pods) {
    if (pod.hostNetwork || pod.phase !== 'Running' || !pod.podIp) continue;
    const zone = (pod.nodeName && zoneOf.get(pod.nodeName)) || 'unknown';
    const block = blockOf(blocks, pod.podIp);
    const key = `${zone} ${block}`;
    const row = counts.get(key) ?? { zone, block, pods: 0 };
    row.pods++;
    counts.set(key, row);
  }
  const order = (b: string) => (b === 'other' ? blocks.length : blocks.findIndex((x) => x.text === b));
  return [...counts.values()].sort((a, b) => a.zone.localeCompare(b.zone) || order(a.block) - order(b.block));
}
