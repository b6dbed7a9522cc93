/**
 * The subnets pods draw from: free addresses, free /28 prefixes for prefix delegation, and the tags
 * enhanced subnet discovery reads (`kubernetes.io/role/cni`, `cni.networking.k8s.aws/cluster/<name>`).
 */
import { cidr, parseCidr, parseIPv4, sizeOf } from '../../../shared/cidr/index.js';
import { IPS_PER_PREFIX, RESERVED_ADDRESSES_PER_SUBNET } from '../../../shared/aws-facts/index.js';
import type { ClusterSnapshot, SnapshotSubnet } from '../../discover/snapshot.js';
import {
  CNI_CLUSTER_TAG_PREFIX,
  CNI_ROLE_TAG,
  SUBNET_DISCOVERY_MIN_CNI,
  tagValue,
  versionBelow,
} from '../facts.js';
import type { Check, Finding } from '../types.js';
import { listed, percent, planFix } from './common.js';

export const ERROR_PERCENT = 95;
export const WARN_PERCENT = 80;

export function usageOf(s: SnapshotSubnet): { usable: number; used: number; percentUsed: number } {
  const usable = Math.max(0, sizeOf(parseCidr(s.cidr, { strict: false })) - RESERVED_ADDRESSES_PER_SUBNET);
  const used = Math.max(0, usable - s.availableIpAddressCount);
  return { usable, used, percentUsed: percent(used, usable) };
}

export const subnetNearlyFull: Check = {
  id: 'subnet-nearly-full',
  run(snapshot, facts) {
    const findings: Finding[] = [];
    for (const s of snapshot.subnets) {
      const forPods = facts.podSubnetIds.has(s.subnetId);
      if (!forPods && !facts.nodeSubnetIds.has(s.subnetId)) continue;
      const u = usageOf(s);
      if (u.percentUsed < WARN_PERCENT) continue;
      const severity = forPods && u.percentUsed >= ERROR_PERCENT ? 'error' : 'warning';
      findings.push({
        check: 'subnet-nearly-full',
        severity,
        resource: `subnet/${s.subnetId}`,
        message: forPods
          ? `Subnet ${s.subnetId} (${s.cidr}, ${s.zone}) serves pod addresses and is ${u.percentUsed}% used: ${s.availableIpAddressCount} address(es) left for new pods and ENIs.`
          : `Node subnet ${s.subnetId} (${s.cidr}, ${s.zone}) is ${u.percentUsed}% used: ${s.availableIpAddressCount} address(es) left for new nodes.`,
        evidence: [
          `role: ${forPods ? (facts.nodeSubnetIds.has(s.subnetId) ? 'node and pod' : 'pod') : 'node'}`,
          `usable: ${u.usable}, used: ${u.used}, free: ${s.availableIpAddressCount}`,
        ],
        fix: forPods
          ? `${planFix(snapshot.cluster.name)} (a secondary CIDR block with a larger pod subnet per zone), then eks-cidr apply`
          : `Free addresses in ${s.subnetId}, or give new nodes another subnet of the zone (${planFix(snapshot.cluster.name)} moves pods off the node subnets).`,
      });
    }
    return findings;
  },
};

/** Addresses in use in a subnet: every ENI address and delegated prefix, plus AWS's reserved five. */
function usedAddresses(snapshot: ClusterSnapshot, s: SnapshotSubnet): Set<number> {
  const block = parseCidr(s.cidr, { strict: false });
  const first = block.network;
  const last = first + sizeOf(block) - 1;
  const used = new Set<number>([first, first + 1, first + 2, first + 3, last]);
  for (const eni of snapshot.networkInterfaces ?? []) {
    if (eni.subnetId !== s.subnetId) continue;
    for (const ip of eni.privateIps) used.add(parseIPv4(ip));
    for (const p of eni.prefixes) {
      const prefix = parseCidr(p, { strict: false });
      for (let i = 0; i < sizeOf(prefix); i++) used.add(prefix.network + i);
    }
  }
  return used;
}

/** Aligned /28 blocks of the subnet with no address in use. */
export function freePrefixCount(snapshot: ClusterSnapshot, s: SnapshotSubnet): number {
  const block = parseCidr(s.cidr, { strict: false });
  if (block.prefix > 28) return 0;
  const used = usedAddresses(snapshot, s);
  let free = 0;
  for (let start = block.network; start < block.network + sizeOf(block); start += IPS_PER_PREFIX) {
    const prefix = cidr(start, 28);
    let clear = true;
    for (let i = 0; i < IPS_PER_PREFIX && clear; i++) clear = !used.has(prefix.network + i);
    if (clear) free++;
  }
  return free;
}

export const prefixFragmentation: Check = {
  id: 'prefix-fragmentation',
  run(snapshot, facts) {
    if (!facts.prefixDelegation || !snapshot.networkInterfaces) return [];
    const findings: Finding[] = [];
    for (const id of facts.podSubnetIds) {
      const s = facts.subnets.get(id);
      if (!s) continue;
      const prefixes = freePrefixCount(snapshot, s);
      const free = s.availableIpAddressCount;
      const unusable = free - prefixes * IPS_PER_PREFIX;
      const severity = prefixes === 0 ? 'error' : unusable * 2 > free ? 'warning' : undefined;
      if (!severity) continue;
      findings.push({
        check: 'prefix-fragmentation',
        severity,
        resource: `subnet/${id}`,
        message:
          prefixes === 0
            ? `Prefix delegation is on, but pod subnet ${id} (${s.cidr}, ${s.zone}) has no free /28 block${free > 0 ? ` although ${free} addresses are free (scattered)` : ''}: new ENIs and prefixes fail with InsufficientCidrBlocks and new pods get no address.`
            : `Pod subnet ${id} (${s.cidr}, ${s.zone}) is fragmented: ${free} addresses are free but only ${prefixes} whole /28 block(s) (${prefixes * IPS_PER_PREFIX} addresses) can be delegated.`,
        evidence: [
          `free addresses: ${free}`,
          `free /28 blocks: ${prefixes}`,
          `subnet size: /${parseCidr(s.cidr, { strict: false }).prefix}`,
        ],
        fix: `Reserve the subnet's space for prefixes (aws ec2 create-subnet-cidr-reservation --subnet-id ${id} --reservation-type prefix --cidr <part of ${s.cidr}>), or ${planFix(snapshot.cluster.name)} for fresh pod subnets of /19 or more.`,
      });
    }
    return findings;
  },
};

export const subnetDiscoveryMisconfigured: Check = {
  id: 'subnet-discovery-misconfigured',
  run(snapshot, facts) {
    const cluster = snapshot.cluster.name;
    const tagged = snapshot.subnets.filter((s) => tagValue(s.tags, CNI_ROLE_TAG) !== undefined);
    if (tagged.length === 0) return [];
    const findings: Finding[] = [];
    const finding = (
      severity: Finding['severity'],
      s: SnapshotSubnet,
      message: string,
      evidence: string[],
      fix: string,
    ): Finding => ({
      check: 'subnet-discovery-misconfigured',
      severity,
      resource: `subnet/${s.subnetId}`,
      message,
      evidence: [
        `${CNI_ROLE_TAG}: ${tagValue(s.tags, CNI_ROLE_TAG) ?? '(absent)'}`,
        `zone: ${s.zone}`,
        ...evidence,
      ],
      fix,
    });
    if (versionBelow(facts.cniVersion, SUBNET_DISCOVERY_MIN_CNI)) {
      for (const s of tagged)
        findings.push(
          finding(
            'warning',
            s,
            `Subnet ${s.subnetId} is tagged for enhanced subnet discovery, but VPC CNI ${facts.cniVersion ?? '?'} predates it (${SUBNET_DISCOVERY_MIN_CNI}): the tag is ignored.`,
            [`CNI version: ${facts.cniVersion ?? '?'}`],
            `Update the vpc-cni add-on to ${SUBNET_DISCOVERY_MIN_CNI} or later.`,
          ),
        );
      return findings;
    }
    if (!facts.subnetDiscovery) return [];
    for (const s of tagged) {
      const value = tagValue(s.tags, CNI_ROLE_TAG);
      const clusterTags = s.tags
        .filter((t) => t.key.startsWith(CNI_CLUSTER_TAG_PREFIX))
        .map((t) => t.key.slice(CNI_CLUSTER_TAG_PREFIX.length));
      if (value === '0' && facts.nodeSubnetIds.has(s.subnetId)) {
        const nodes = [...facts.primaryEni].filter(([, e]) => e.subnetId === s.subnetId).map(([n]) => n);
        findings.push(
          finding(
            'error',
            s,
            `Node subnet ${s.subnetId} is tagged ${CNI_ROLE_TAG}=0: ipamd creates no new ENI in it and its existing ENIs stop serving new pod addresses, while the nodes' max-pods still counts them.`,
            [`nodes in it: ${listed(nodes) || '(none seen)'}`],
            `Remove the tag (aws ec2 delete-tags --resources ${s.subnetId} --tags Key=${CNI_ROLE_TAG}), or tag other subnets of ${s.zone} ${CNI_ROLE_TAG}=1 and lower max-pods.`,
          ),
        );
      } else if (value === '1' && clusterTags.length > 0 && !clusterTags.includes(cluster)) {
        findings.push(
          finding(
            'warning',
            s,
            `Subnet ${s.subnetId} is tagged ${CNI_ROLE_TAG}=1 but scoped to other clusters (${clusterTags.join(', ')}): cluster ${cluster} never uses it.`,
            [`cluster tags: ${clusterTags.map((c) => CNI_CLUSTER_TAG_PREFIX + c).join(', ')}`],
            `If ${cluster} should use it: aws ec2 create-tags --resources ${s.subnetId} --tags Key=${CNI_CLUSTER_TAG_PREFIX}${cluster},Value=1`,
          ),
        );
      } else if (value === '1' && !facts.nodeZones.has(s.zone)) {
        findings.push(
          finding(
            'warning',
            s,
            `Subnet ${s.subnetId} is tagged ${CNI_ROLE_TAG}=1 in ${s.zone}, where the cluster has no node: ipamd only uses subnets in a node's own zone, so it serves no pod.`,
            [`zones with nodes: ${listed([...facts.nodeZones].sort())}`],
            `Run nodes in ${s.zone}, or create the pod subnet in a zone that has nodes.`,
          ),
        );
      }
    }
    return findings;
  },
};
