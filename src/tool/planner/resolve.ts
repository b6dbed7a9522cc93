/**
 * Resolves every `auto` in the request against the cluster: the secondary block, the zones, the
 * subnet size, the pod subnet of each zone and the security groups. What eks-cidr already created
 * wins, so re-planning after an apply reproduces the same values. Pure.
 */
import {
  allocate,
  allocateMany,
  contains,
  equals,
  formatCidr,
  overlaps,
  parseCidr,
  prefixForSplit,
  splitByPrefix,
  type Cidr,
} from '../../shared/cidr/index.js';
import { checkVpcCidrAssociation, SHARED_ADDRESS_SPACE } from '../../shared/aws-facts/index.js';
import type { ClusterSnapshot } from '../discover/snapshot.js';
import type { PlanRequest } from '../config/request.js';
import type { Finding, ResolvedRequest, ValueSource } from './types.js';
import { isOwnedBy } from './ownership.js';
import { heldCidrs, ownedSubnets, routeDestinations, tryParseCidr, zonesInUse } from './queries.js';
import { requestDiffers, zoneNamesOf } from './request-checks.js';
import { chooseMode } from './mode.js';
import { validatePrefixDelegation } from './prefix-delegation.js';

export interface Resolution {
  request: ResolvedRequest;
  /** Problems found while resolving (no free block, subnets that do not fit). */
  findings: Finding[];
}

const given = (source: string | undefined): ValueSource => (source === 'config' ? 'config' : 'flag');

/**
 * Candidates for `--cidr auto`: every /16 of 100.64.0.0/10, lowest first. Only 100.64.0.0/10: the
 * VPC restrictions table allows it beside any primary block, while 198.19.0.0/16 (which the EKS
 * custom-networking guide also names) is refused as a secondary block of every VPC whose primary is
 * RFC 1918, 100.64.0.0/10 or public, and overlaps the primary of a 198.19 VPC: it can never be added.
 */
export function autoCidrCandidates(): Cidr[] {
  return splitByPrefix(SHARED_ADDRESS_SPACE, 16);
}

/** The blocks a new secondary block must not overlap: the VPC's blocks and its route destinations. */
function takenBlocks(snapshot: ClusterSnapshot): Cidr[] {
  return [...heldCidrs(snapshot).map((a) => a.cidr), ...routeDestinations(snapshot)]
    .map(tryParseCidr)
    .filter((b): b is Cidr => b !== undefined && b.prefix > 0);
}

function ec2WouldAccept(snapshot: ClusterSnapshot, candidate: Cidr): boolean {
  const rule = checkVpcCidrAssociation({
    vpcId: snapshot.vpc.vpcId,
    cidr: formatCidr(candidate),
    vpcCidrs: snapshot.vpc.cidrAssociations,
    routeDestinations: routeDestinations(snapshot),
  });
  // The quota is reported by validation with the block chosen; every other refusal rules it out.
  return rule.ok || rule.code === 'CidrLimitExceeded';
}

/** The lowest candidate /16 that overlaps no VPC block and no route destination and that EC2 would accept. */
export function chooseAutoCidr(snapshot: ClusterSnapshot): Cidr | undefined {
  const taken = takenBlocks(snapshot);
  return autoCidrCandidates().find(
    (candidate) => !taken.some((t) => overlaps(t, candidate)) && ec2WouldAccept(snapshot, candidate),
  );
}

/**
 * When no /16 is free: the largest free block of 100.64.0.0/10 (down to a /24) that EC2 would accept,
 * to suggest as an explicit --cidr. Undefined when 100.64.0.0/10 is wholly taken.
 */
export function largestFreeSharedBlock(snapshot: ClusterSnapshot): Cidr | undefined {
  const taken = takenBlocks(snapshot);
  for (let prefix = 17; prefix <= 24; prefix++) {
    const block = allocate({ within: [SHARED_ADDRESS_SPACE], prefix, used: taken });
    if (block && ec2WouldAccept(snapshot, block)) return block;
  }
  return undefined;
}

function noFreeCidrFinding(snapshot: ClusterSnapshot): Finding {
  const vpcId = snapshot.vpc.vpcId;
  const covering = takenBlocks(snapshot).filter((t) => overlaps(t, SHARED_ADDRESS_SPACE));
  const smaller = largestFreeSharedBlock(snapshot);
  const why =
    `--cidr auto found no free /16 in 100.64.0.0/10 for ${vpcId}: every /16 overlaps a VPC block or a ` +
    `route destination (${covering.map(formatCidr).join(', ') || 'none'}) or EC2 would refuse it. ` +
    '198.19.0.0/16 is no fallback: EC2 refuses it as a secondary block of a VPC whose primary block is ' +
    'RFC 1918, 100.64.0.0/10 or public.';
  return {
    severity: 'error',
    code: 'E_NO_FREE_CIDR',
    field: 'cidr',
    message: why,
    hint: smaller
      ? `Pass an explicit --cidr: ${formatCidr(smaller)} is free in 100.64.0.0/10 and EC2 would accept it.`
      : '100.64.0.0/10 is exhausted in this VPC. Pass an explicit --cidr with another block EC2 allows ' +
        'for this VPC (docs/plan.md, "Choosing a CIDR"), or free part of 100.64.0.0/10 (remove an unused ' +
        'block or route).',
  };
}

/**
 * The secondary block eks-cidr already uses: the one holding subnets it created for this cluster, else
 * an auto-candidate block (a /16 of 100.64.0.0/10) with no subnets at all, which is
 * what a run interrupted right after AssociateVpcCidrBlock leaves (associations cannot be tagged).
 */
function existingPodBlock(snapshot: ClusterSnapshot): string | undefined {
  const subnets = snapshot.subnets.map((s) => ({
    block: tryParseCidr(s.cidr),
    owned: isOwnedBy(s.tags, snapshot.cluster.name),
  }));
  const secondary = heldCidrs(snapshot)
    .slice(1)
    .map((a) => ({ text: a.cidr, block: tryParseCidr(a.cidr) }))
    .filter((a): a is { text: string; block: Cidr } => a.block !== undefined);
  const inside = (block: Cidr) => subnets.filter((s) => s.block !== undefined && contains(block, s.block));
  const withOwned = secondary.find((a) => inside(a.block).some((s) => s.owned));
  if (withOwned) return withOwned.text;
  const candidates = autoCidrCandidates();
  const empty = secondary.find(
    (a) => inside(a.block).length === 0 && candidates.some((c) => equals(c, a.block)),
  );
  return empty?.text;
}

function resolveCidr(snapshot: ClusterSnapshot, request: PlanRequest, findings: Finding[]) {
  if (request.cidr !== 'auto')
    return { cidr: formatCidr(parseCidr(request.cidr)), source: given(request.sources.cidr) };
  const existing = existingPodBlock(snapshot);
  if (existing) return { cidr: existing, source: 'existing' as const };
  const chosen = chooseAutoCidr(snapshot);
  if (chosen) return { cidr: formatCidr(chosen), source: 'auto' as const };
  findings.push(noFreeCidrFinding(snapshot));
  return { cidr: '', source: 'auto' as const };
}

function resolveZones(
  snapshot: ClusterSnapshot,
  request: PlanRequest,
  podBlock: Cidr | undefined,
  findings: Finding[],
) {
  if (request.zones !== 'auto') {
    const names = zoneNamesOf(snapshot, request.zones, findings);
    return { zones: [...new Set(names)].sort(), source: given(request.sources.zones) };
  }
  const zones = new Set(zonesInUse(snapshot));
  for (const s of ownedSubnets(snapshot)) {
    const b = tryParseCidr(s.cidr);
    if (podBlock && b && contains(podBlock, b)) zones.add(s.zone);
  }
  if (zones.size === 0) {
    const byId = new Map(snapshot.subnets.map((s) => [s.subnetId, s.zone]));
    for (const id of snapshot.cluster.subnetIds) {
      const zone = byId.get(id);
      if (zone) zones.add(zone);
    }
  }
  return { zones: [...zones].sort(), source: 'auto' as const };
}

/**
 * One pod subnet per zone: the subnet eks-cidr created there already, else the lowest free block of
 * the wanted size. Zones are served in name order so a partial apply re-derives the same layout.
 */
function carveZoneSubnets(snapshot: ClusterSnapshot, block: Cidr, prefix: number, zones: string[]) {
  const owned = ownedSubnets(snapshot);
  const result: Record<string, string> = {};
  const used = snapshot.subnets.map((s) => tryParseCidr(s.cidr)).filter((b): b is Cidr => b !== undefined);
  const missing: string[] = [];
  for (const zone of zones) {
    const mine = owned.find((s) => {
      const b = tryParseCidr(s.cidr);
      return s.zone === zone && b !== undefined && contains(block, b);
    });
    if (mine) result[zone] = mine.cidr;
    else missing.push(zone);
  }
  for (const zone of missing) {
    const next = allocate({ within: [block], prefix, used });
    if (!next) return undefined;
    used.push(next);
    result[zone] = formatCidr(next);
  }
  return result;
}

function resolveSubnets(
  snapshot: ClusterSnapshot,
  request: PlanRequest,
  block: Cidr | undefined,
  zones: string[],
  findings: Finding[],
) {
  if (!block || zones.length === 0) return { prefix: 0, source: 'auto' as ValueSource, zoneSubnets: {} };
  if (request.subnetPrefix !== 'auto') {
    const prefix = request.subnetPrefix;
    const source = given(request.sources.subnetPrefix);
    if (prefix < block.prefix) {
      findings.push({
        severity: 'error',
        code: 'E_SUBNET_PREFIX',
        field: 'subnetPrefix',
        message: `Subnets of /${prefix} do not fit in the /${block.prefix} block ${formatCidr(block)}.`,
        hint: `Choose --subnet-prefix from ${block.prefix} to 28, or --subnet-prefix auto.`,
      });
      return { prefix, source, zoneSubnets: {} };
    }
    const zoneSubnets = carveZoneSubnets(snapshot, block, prefix, zones);
    if (!zoneSubnets) {
      findings.push(noRoom(block, prefix, zones));
      return { prefix, source, zoneSubnets: {} };
    }
    return { prefix, source, zoneSubnets };
  }
  const owned = ownedSubnets(snapshot)
    .map((s) => tryParseCidr(s.cidr))
    .filter((b): b is Cidr => b !== undefined && contains(block, b));
  const first = owned[0];
  if (first && owned.every((b) => b.prefix === first.prefix)) {
    const zoneSubnets = carveZoneSubnets(snapshot, block, first.prefix, zones);
    if (zoneSubnets) return { prefix: first.prefix, source: 'existing' as ValueSource, zoneSubnets };
  }
  // The largest equal split; if other subnets already sit in the block, the largest size that still fits.
  for (let prefix = Math.max(16, prefixForSplit(block.prefix, zones.length)); prefix <= 28; prefix++) {
    const fits = allocateMany({
      within: [block],
      prefix,
      used: snapshot.subnets.map((s) => tryParseCidr(s.cidr)).filter((b): b is Cidr => b !== undefined),
      count: zones.length,
    });
    if (fits)
      return {
        prefix,
        source: 'auto' as ValueSource,
        zoneSubnets: carveZoneSubnets(snapshot, block, prefix, zones) ?? {},
      };
  }
  findings.push(noRoom(block, 28, zones));
  return { prefix: 28, source: 'auto' as ValueSource, zoneSubnets: {} };
}

function noRoom(block: Cidr, prefix: number, zones: string[]): Finding {
  return {
    severity: 'error',
    code: 'E_SUBNET_SPACE',
    field: 'subnetPrefix',
    message: `${formatCidr(block)} has no room for ${zones.length} free /${prefix} subnets (zones ${zones.join(', ')}).`,
    hint: 'Use a larger --cidr block, a longer --subnet-prefix, or fewer --zones.',
  };
}

export function resolveRequest(snapshot: ClusterSnapshot, request: PlanRequest): Resolution {
  const findings: Finding[] = [];
  const cidr = resolveCidr(snapshot, request, findings);
  const block = cidr.cidr ? tryParseCidr(cidr.cidr) : undefined;
  const zones = resolveZones(snapshot, request, block, findings);
  const subnets = resolveSubnets(snapshot, request, block, zones.zones, findings);
  findings.push(
    ...requestDiffers(snapshot, request, {
      cidr: cidr.cidr,
      existingBlock: existingPodBlock(snapshot),
      prefix: subnets.prefix,
      zoneSubnets: subnets.zoneSubnets,
    }),
  );
  const clusterGroup = snapshot.cluster.clusterSecurityGroupId;
  const securityGroups =
    request.securityGroups !== 'auto'
      ? { ids: request.securityGroups, source: given(request.sources.securityGroups) }
      : { ids: clusterGroup ? [clusterGroup] : snapshot.cluster.securityGroupIds, source: 'auto' as const };
  const mode = chooseMode(snapshot, request);
  findings.push(...mode.findings, ...validatePrefixDelegation(snapshot, request, mode.decision));
  return {
    findings,
    request: {
      cluster: request.cluster,
      cidr: cidr.cidr,
      cidrSource: cidr.source,
      subnetPrefix: subnets.prefix,
      subnetPrefixSource: subnets.source,
      zones: zones.zones,
      zonesSource: zones.source,
      zoneSubnets: subnets.zoneSubnets,
      securityGroups: securityGroups.ids,
      securityGroupsSource: securityGroups.source,
      labelDef: request.labelDef,
      nameTagPrefix: request.nameTagPrefix,
      rotateNodes: request.rotateNodes && request.rotation !== 'none',
      allowCapacityLoss: request.allowCapacityLoss,
      minMaxPods: request.minMaxPods,
      drainTimeoutSeconds: request.drainTimeoutSeconds,
      mode: mode.decision?.mode ?? (request.mode === 'auto' ? 'custom-networking' : request.mode),
      modeDecision: mode.decision,
      prefixDelegation: request.prefixDelegation,
      ...(request.stopNodeSubnetPods ? { stopNodeSubnetPods: true } : {}),
      capacityHeadroomPercent: request.capacityHeadroomPercent,
      nodeCounts: request.nodeCounts,
      ...(request.maxNodes !== undefined ? { maxNodes: request.maxNodes } : {}),
      rotation: request.rotateNodes ? request.rotation : 'none',
      ...(request.maxUnavailable !== undefined ? { maxUnavailable: request.maxUnavailable } : {}),
      force: request.force,
    },
  };
}
