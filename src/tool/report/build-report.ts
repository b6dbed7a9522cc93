/**
 * `report`: how full each subnet is (node subnets and pod subnets) and how dense each node group is.
 * The figures come from EC2's AvailableIpAddressCount (every ENI address counts) and the nodes'
 * allocatable pods. Pure: tested with plain data.
 */
import { parseCidr, parseIPv4, contains, sizeOf } from '../../shared/cidr/index.js';
import { RESERVED_ADDRESSES_PER_SUBNET } from '../../shared/aws-facts/index.js';
import type { EniConfigObject, NodeInfo, NodegroupInfo, PodInfo, SubnetInfo } from '../steps/ports.js';
import { SUBNET_DISCOVERY_TAG } from '../../shared/aws-facts/index.js';
import { podAddressesByBlock, type ZoneBlockPods } from './address-blocks.js';

export const WARN_PERCENT = 80;
const NODEGROUP_LABEL = 'eks.amazonaws.com/nodegroup';

export interface SubnetUsage {
  subnetId: string;
  cidr: string;
  zone: string;
  role: 'node' | 'pod' | 'node+pod';
  size: number;
  usable: number;
  used: number;
  free: number;
  percentUsed: number;
}

export interface NodegroupUsage {
  nodegroup: string;
  nodes: number;
  maxPods: number[];
  pods: number;
}

export interface Report {
  cluster: string;
  subnets: SubnetUsage[];
  nodegroups: NodegroupUsage[];
  /** Running pods per zone and VPC CIDR block (when the VPC's blocks were read). */
  podAddressesByBlock?: ZoneBlockPods[] | undefined;
  warnings: string[];
}

export interface ReportInput {
  cluster: string;
  clusterSubnetIds: string[];
  subnets: SubnetInfo[];
  nodegroups: NodegroupInfo[];
  nodes: NodeInfo[];
  pods: PodInfo[];
  eniConfigs: EniConfigObject[];
  /** The VPC's IPv4 CIDR blocks, the primary first. */
  vpcBlocks?: string[] | undefined;
}

export function buildReport(input: ReportInput): Report {
  const podSubnetIds = new Set(input.eniConfigs.flatMap((e) => (e.subnet ? [e.subnet] : [])));
  // Subnet discovery: subnets tagged kubernetes.io/role/cni=1 are pod subnets too.
  for (const s of input.subnets) {
    if (s.tags.some((t) => t.key === SUBNET_DISCOVERY_TAG && t.value !== '0')) podSubnetIds.add(s.subnetId);
  }
  const nodeSubnetIds = new Set(input.nodegroups.flatMap((n) => n.subnets));
  for (const node of input.nodes) {
    if (!node.internalIp) continue;
    const ip = parseIPv4(node.internalIp);
    const home = input.subnets.find((s) => contains(parseCidr(s.cidr), ip));
    if (home) nodeSubnetIds.add(home.subnetId);
  }
  const subnets: SubnetUsage[] = input.subnets
    .filter((s) => podSubnetIds.has(s.subnetId) || nodeSubnetIds.has(s.subnetId))
    .map((s) => {
      const size = sizeOf(parseCidr(s.cidr));
      const usable = Math.max(0, size - RESERVED_ADDRESSES_PER_SUBNET);
      const free = s.availableIpAddressCount;
      const used = Math.max(0, usable - free);
      const isPod = podSubnetIds.has(s.subnetId);
      const isNode = nodeSubnetIds.has(s.subnetId);
      return {
        subnetId: s.subnetId,
        cidr: s.cidr,
        zone: s.zone,
        role: isPod && isNode ? 'node+pod' : isPod ? 'pod' : 'node',
        size,
        usable,
        used,
        free,
        percentUsed: usable === 0 ? 100 : Math.round((used / usable) * 1000) / 10,
      } satisfies SubnetUsage;
    })
    .sort(
      (a, b) => a.role.localeCompare(b.role) || a.zone.localeCompare(b.zone) || a.cidr.localeCompare(b.cidr),
    );

  const podsByNode = new Map<string, number>();
  for (const p of input.pods) {
    if (p.nodeName && p.phase !== 'Succeeded' && p.phase !== 'Failed')
      podsByNode.set(p.nodeName, (podsByNode.get(p.nodeName) ?? 0) + 1);
  }
  const groupNames = new Set([
    ...input.nodegroups.map((n) => n.name),
    ...input.nodes.map((n) => n.labels[NODEGROUP_LABEL] ?? '(self-managed)'),
  ]);
  const nodegroups: NodegroupUsage[] = [...groupNames].sort().map((name) => {
    const nodes = input.nodes.filter((n) => (n.labels[NODEGROUP_LABEL] ?? '(self-managed)') === name);
    return {
      nodegroup: name,
      nodes: nodes.length,
      maxPods: [
        ...new Set(nodes.flatMap((n) => (n.allocatablePods === undefined ? [] : [n.allocatablePods]))),
      ].sort((a, b) => a - b),
      pods: nodes.reduce((sum, n) => sum + (podsByNode.get(n.name) ?? 0), 0),
    };
  });

  const warnings = subnets
    .filter((s) => s.percentUsed > WARN_PERCENT)
    .map(
      (s) =>
        `subnet ${s.subnetId} (${s.cidr}, ${s.role} subnet in ${s.zone}) is ${s.percentUsed}% used: ${s.free} address(es) left`,
    );
  return {
    cluster: input.cluster,
    subnets,
    nodegroups,
    ...(input.vpcBlocks
      ? { podAddressesByBlock: podAddressesByBlock(input.vpcBlocks, input.nodes, input.pods) }
      : {}),
    warnings,
  };
}

export function formatReport(report: Report): string {
  const lines = [`report ${report.cluster}`, '', 'subnets:'];
  const header = ['SUBNET', 'ROLE', 'ZONE', 'CIDR', 'SIZE', 'USED', 'FREE', 'USED%'];
  const rows = report.subnets.map((s) => [
    s.subnetId,
    s.role,
    s.zone,
    s.cidr,
    String(s.usable),
    String(s.used),
    String(s.free),
    `${s.percentUsed}%`,
  ]);
  lines.push(...table([header, ...rows]));
  lines.push('', 'node groups:');
  lines.push(
    ...table([
      ['NODEGROUP', 'NODES', 'MAX-PODS', 'PODS'],
      ...report.nodegroups.map((n) => [
        n.nodegroup,
        String(n.nodes),
        n.maxPods.join(',') || '-',
        String(n.pods),
      ]),
    ]),
  );
  if (report.podAddressesByBlock && report.podAddressesByBlock.length > 0) {
    lines.push('', 'pod addresses by zone and block:');
    lines.push(
      ...table([
        ['ZONE', 'BLOCK', 'PODS'],
        ...report.podAddressesByBlock.map((r) => [r.zone, r.block, String(r.pods)]),
      ]),
    );
  }
  if (report.warnings.length > 0) lines.push('', ...report.warnings.map((w) => `WARNING: ${w}`));
  return lines.join('\n') + '\n';
}

export function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map(
    (r) =>
      '  ' +
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
  );
}
