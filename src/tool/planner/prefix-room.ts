/**
 * `--prefix-delegation on`: the VPC CNI then takes pod addresses as /28 prefixes, each a whole
 * aligned /28 with no address in use (EKS user guide, "Assign more IP addresses to Amazon EKS nodes
 * with prefixes": "the subnet must have enough contiguous /28 blocks"; InsufficientCidrBlocks
 * otherwise). Free addresses scattered across a subnet are not room for a prefix. New pod subnets are
 * empty and hold one /28 per 16 addresses; an existing subnet the pods will draw prefixes from is
 * counted block by block from the addresses its network interfaces hold (secondary addresses and
 * prefixes). Under custom networking the zone's pod subnet is the only source: one without room for
 * the prefixes its nodes' pods need is refused. Under subnet discovery each node's primary ENI takes
 * prefixes from its node subnet and new ENIs go to the tagged subnets, so a full node subnet is said,
 * not refused. Pure.
 */
import { IPS_PER_PREFIX, RESERVED_ADDRESSES_PER_SUBNET } from '../../shared/aws-facts/index.js';
import { cidr, parseCidr, parseIPv4, sizeOf } from '../../shared/cidr/index.js';
import type { ClusterSnapshot, SnapshotSubnet } from '../discover/snapshot.js';
import { isFargateNode, nodeSubnetsByZone } from './queries.js';
import { existingPodSubnet } from './steps-network.js';
import type { Finding, ResolvedRequest } from './types.js';

const FINISHED = new Set(['Succeeded', 'Failed']);

export interface PrefixRoom {
  /** Aligned /28 blocks with no address in use. */
  free: number;
  /** False when the snapshot holds no network interfaces: `free` is then an upper bound. */
  exact: boolean;
}

/** Free aligned /28 blocks of a subnet, from the addresses its network interfaces hold. */
export function freePrefixBlocks(snapshot: ClusterSnapshot, subnet: SnapshotSubnet): PrefixRoom {
  const block = parseCidr(subnet.cidr, { strict: false });
  if (block.prefix > 28) return { free: 0, exact: true };
  if (!snapshot.networkInterfaces)
    return { free: Math.floor(subnet.availableIpAddressCount / IPS_PER_PREFIX), exact: false };
  const first = block.network;
  const last = first + sizeOf(block) - 1;
  // AWS reserves the first four addresses and the last one of every subnet.
  const used = new Set<number>([first, first + 1, first + 2, first + 3, last]);
  for (const eni of snapshot.networkInterfaces) {
    if (eni.subnetId !== subnet.subnetId) continue;
    for (const ip of eni.privateIps) used.add(parseIPv4(ip));
    for (const p of eni.prefixes) {
      const prefix = parseCidr(p, { strict: false });
      for (let i = 0; i < sizeOf(prefix); i++) used.add(prefix.network + i);
    }
  }
  let free = 0;
  for (let start = first; start < first + sizeOf(block); start += IPS_PER_PREFIX) {
    const network = cidr(start, 28).network;
    let clear = true;
    for (let i = 0; i < IPS_PER_PREFIX && clear; i++) clear = !used.has(network + i);
    if (clear) free++;
  }
  return { free, exact: true };
}

/** /28 prefixes the pods running in each zone need: each node's pods rounded up to whole prefixes. */
export function prefixesNeededByZone(snapshot: ClusterSnapshot): Map<string, number> {
  const pods = new Map<string, number>();
  for (const p of snapshot.kube.pods) {
    if (p.hostNetwork || FINISHED.has(p.phase) || !p.nodeName) continue;
    pods.set(p.nodeName, (pods.get(p.nodeName) ?? 0) + 1);
  }
  const out = new Map<string, number>();
  for (const node of snapshot.kube.nodes) {
    if (!node.zone || isFargateNode(node)) continue;
    const need = Math.ceil((pods.get(node.name) ?? 0) / IPS_PER_PREFIX);
    out.set(node.zone, (out.get(node.zone) ?? 0) + need);
  }
  return out;
}

function roomText(s: SnapshotSubnet, room: PrefixRoom): string {
  return (
    `${s.subnetId} (${s.cidr}, ${s.zone}) has ${room.exact ? '' : 'at most '}${room.free} free /28 block(s) ` +
    `(${room.free * IPS_PER_PREFIX} addresses) of its ${s.availableIpAddressCount} free addresses`
  );
}

export function validatePrefixRoom(snapshot: ClusterSnapshot, request: ResolvedRequest): Finding[] {
  if (request.prefixDelegation !== 'on') return [];
  const findings: Finding[] = [];
  const needed = prefixesNeededByZone(snapshot);
  const fresh: string[] = [];
  const nodeSubnets = nodeSubnetsByZone(snapshot);
  for (const zone of request.zones) {
    const cidrText = request.zoneSubnets[zone];
    if (!cidrText) continue;
    const need = needed.get(zone) ?? 0;
    const existing = existingPodSubnet(snapshot, zone, cidrText);
    if (!existing) {
      const size = sizeOf(parseCidr(cidrText, { strict: false }));
      fresh.push(
        `${cidrText} (${zone}): ${Math.floor((size - RESERVED_ADDRESSES_PER_SUBNET) / IPS_PER_PREFIX)} /28 blocks`,
      );
    } else {
      const room = freePrefixBlocks(snapshot, existing);
      const short = room.free < need || room.free === 0;
      // Custom networking: the pod subnet is the zone's only source of pod addresses.
      const sole = request.mode === 'custom-networking';
      if (short && sole) {
        findings.push({
          severity: 'error',
          code: 'E_PREFIX_DELEGATION_NO_ROOM',
          field: 'prefixDelegation',
          message: `--prefix-delegation on: pod subnet ${roomText(existing, room)}, but the ${need} /28 prefix(es) ${zone}'s running pods need (each node's pods rounded up to 16) do not fit; prefixes must be whole, aligned, unused /28 blocks.`,
          hint: `Give the zone a fresh pod subnet (a --cidr or --subnet-prefix for new subnets), or reserve room for prefixes (aws ec2 create-subnet-cidr-reservation --subnet-id ${existing.subnetId} --reservation-type prefix --cidr <a free part of ${existing.cidr}>).`,
        });
      } else {
        findings.push({
          severity: short ? 'warning' : 'info',
          code: 'I_PREFIX_ROOM',
          message: `Prefix delegation: existing pod subnet ${roomText(existing, room)}; ${zone}'s running pods need ${need}.`,
        });
      }
    }
    if (request.mode !== 'subnet-discovery') continue;
    for (const s of nodeSubnets.get(zone) ?? []) {
      const room = freePrefixBlocks(snapshot, s);
      if (room.free > 0) continue;
      findings.push({
        severity: 'warning',
        code: 'W_PREFIX_ROOM_NODE_SUBNET',
        message: `Prefix delegation: node subnet ${roomText(s, room)}: the nodes' primary ENIs get no prefix there, so pods take prefixes only from new ENIs in the tagged subnets.`,
        hint: `Free whole /28 blocks in ${s.subnetId} (or reserve them: aws ec2 create-subnet-cidr-reservation --reservation-type prefix), or leave it: the tagged subnets have the room.`,
      });
    }
  }
  if (fresh.length > 0)
    findings.push({
      severity: 'info',
      code: 'I_PREFIX_ROOM',
      message: `Prefix delegation: the new pod subnets are empty, all room for /28 prefixes: ${fresh.join(', ')}.`,
    });
  return findings;
}
