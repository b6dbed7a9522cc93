/**
 * Checks of the request against what exists, beyond AWS's own rules: zone ids mapped to the region's
 * zone names, a requested size or block that differs from what eks-cidr already made (said so, never
 * silently ignored), and the warning that goes with --allow-public-cidr. Pure.
 */
import { isPubliclyRoutable } from '../../shared/aws-facts/index.js';
import { contains, formatCidr, type Cidr } from '../../shared/cidr/index.js';
import type { ClusterSnapshot } from '../discover/snapshot.js';
import type { PlanRequest } from '../config/request.js';
import { ownedSubnets, tryParseCidr } from './queries.js';
import type { Finding } from './types.js';

/** `use1-az1`, `usw2-lax1-az1`: an AWS zone id (the same physical zone in every account). */
export const ZONE_ID = /^[a-z]{2,4}\d(-[a-z]+\d+)?-az\d+$/;

const flagOf = (request: PlanRequest, field: keyof PlanRequest['sources'], flag: string) =>
  request.sources[field] === 'config' ? `${field} (config file)` : flag;

/** Zone ids become the region's zone names; an id the region does not have is an error naming it. */
export function zoneNamesOf(
  snapshot: ClusterSnapshot,
  zones: readonly string[],
  findings: Finding[],
): string[] {
  const byId = new Map(snapshot.zones.map((z) => [z.zoneId, z.zoneName]));
  return zones.map((zone) => {
    if (!ZONE_ID.test(zone)) return zone;
    const name = byId.get(zone);
    if (name) return name;
    findings.push({
      severity: 'error',
      code: 'E_ZONE_ID',
      field: 'zones',
      message: `Zone id '${zone}' is not a zone of ${snapshot.region}.`,
      hint: `Zone ids of ${snapshot.region}: ${snapshot.zones.map((z) => `${z.zoneId} (${z.zoneName})`).join(', ')}.`,
    });
    return zone;
  });
}

/** What the user asked for differs from what eks-cidr already made and keeps. */
export function requestDiffers(
  snapshot: ClusterSnapshot,
  request: PlanRequest,
  resolved: {
    cidr: string;
    existingBlock: string | undefined;
    prefix: number;
    zoneSubnets: Record<string, string>;
  },
): Finding[] {
  const findings: Finding[] = [];
  if (request.subnetPrefix !== 'auto') {
    const owned = new Set(ownedSubnets(snapshot).map((s) => s.cidr));
    const kept = Object.values(resolved.zoneSubnets)
      .filter((c) => owned.has(c))
      .map((c) => tryParseCidr(c))
      .filter((b): b is Cidr => b !== undefined && b.prefix !== request.subnetPrefix);
    if (kept.length > 0) {
      findings.push({
        severity: 'warning',
        code: 'W_REQUEST_DIFFERS',
        field: 'subnetPrefix',
        message: `${flagOf(request, 'subnetPrefix', '--subnet-prefix')} ${request.subnetPrefix} differs from what exists: the pod subnets eks-cidr made (${kept.map(formatCidr).join(', ')}) are /${kept[0]!.prefix}, and are kept as they are (a subnet cannot be resized).`,
        hint: `Leave out --subnet-prefix to keep /${kept[0]!.prefix}; for /${request.subnetPrefix} subnets, 'eks-cidr destroy --cluster ${snapshot.cluster.name} --force' first, then apply again.`,
      });
    }
  }
  const asked = tryParseCidr(resolved.cidr);
  const existing = resolved.existingBlock ? tryParseCidr(resolved.existingBlock) : undefined;
  if (
    request.cidr !== 'auto' &&
    asked &&
    existing &&
    !contains(existing, asked) &&
    !contains(asked, existing)
  ) {
    findings.push({
      severity: 'warning',
      code: 'W_REQUEST_DIFFERS',
      field: 'cidr',
      message: `${flagOf(request, 'cidr', '--cidr')} ${formatCidr(asked)} differs from the block eks-cidr already uses for this cluster (${formatCidr(existing)}): apply adds ${formatCidr(asked)} with new pod subnets and moves the ENIConfigs to them; ${formatCidr(existing)} and its subnets stay.`,
      hint: `Leave out --cidr (auto) to keep using ${formatCidr(existing)}.`,
    });
  }
  if (request.allowPublicCidr && asked && isPubliclyRoutable(asked)) {
    findings.push({
      severity: 'warning',
      code: 'W_PUBLIC_CIDR',
      field: 'cidr',
      message: `${formatCidr(asked)} is publicly routable (allowed by --allow-public-cidr): inside the VPC it is routed locally, so pods can never reach the hosts on the internet that own these addresses.`,
      hint: 'Only use a block your organisation owns; 100.64.0.0/10 is what AWS recommends for pods.',
    });
  }
  return findings;
}
