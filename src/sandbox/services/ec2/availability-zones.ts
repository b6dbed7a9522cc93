/**
 * The region's Availability Zones, from the shared facts so the sandbox, the tool's tests and the
 * scenarios agree on names and zone IDs.
 */
import { zonesForRegion } from '../../../shared/aws-facts/index.js';
import { InvalidParameterValue, InvalidZoneNotFound } from './errors.js';
import { applyFilters, type Filter, type FilterSpec } from './filters.js';
import type { Ec2Env } from './types.js';

export interface AvailabilityZoneView {
  zoneName: string;
  zoneId: string;
  regionName: string;
  state: 'available';
}

const zoneFilters: FilterSpec<AvailabilityZoneView> = {
  'zone-name': (z) => z.zoneName,
  'zone-id': (z) => z.zoneId,
  'region-name': (z) => z.regionName,
  state: (z) => z.state,
  'zone-type': () => 'availability-zone',
  'opt-in-status': () => 'opt-in-not-required',
  'group-name': (z) => z.regionName,
  'network-border-group': (z) => z.regionName,
};

export function zonesOf(env: Ec2Env): AvailabilityZoneView[] {
  return zonesForRegion(env.region).map((z) => ({
    zoneName: z.zoneName,
    zoneId: z.zoneId,
    regionName: env.region,
    state: 'available' as const,
  }));
}

export function describeAvailabilityZones(
  env: Ec2Env,
  input: { zoneNames?: string[]; zoneIds?: string[]; filters?: Filter[] },
): AvailabilityZoneView[] {
  const zones = zonesOf(env);
  const names = input.zoneNames ?? [];
  const ids = input.zoneIds ?? [];
  const unknown = [
    ...names.filter((n) => !zones.some((z) => z.zoneName === n)),
    ...ids.filter((i) => !zones.some((z) => z.zoneId === i)),
  ];
  if (unknown.length > 0) throw new InvalidZoneNotFound(unknown, env.region);
  const picked =
    names.length + ids.length === 0
      ? zones
      : zones.filter((z) => names.includes(z.zoneName) || ids.includes(z.zoneId));
  return applyFilters(picked, input.filters, zoneFilters);
}

/**
 * The zone a new subnet goes in: by name, by ID, or (neither given) the first zone, as EC2 picks
 * one for you. Unknown zones get EC2's CreateSubnet message listing the valid ones.
 */
export function resolveSubnetZone(
  env: Ec2Env,
  zoneName: string | undefined,
  zoneId: string | undefined,
): AvailabilityZoneView {
  const zones = zonesOf(env);
  const list = zones.map((z) => z.zoneName).join(', ');
  if (zoneName !== undefined) {
    const zone = zones.find((z) => z.zoneName === zoneName);
    if (!zone) {
      throw new InvalidParameterValue(
        `Value (${zoneName}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: ${list}.`,
      );
    }
    if (zoneId !== undefined && zone.zoneId !== zoneId) {
      throw new InvalidParameterValue(
        `The Availability Zone name ${zoneName} and Availability Zone ID ${zoneId} do not refer to the same zone.`,
      );
    }
    return zone;
  }
  if (zoneId !== undefined) {
    const zone = zones.find((z) => z.zoneId === zoneId);
    if (!zone) {
      throw new InvalidParameterValue(
        `Value (${zoneId}) for parameter availabilityZoneId is invalid. Subnets can currently only be created in the following availability zones: ${zones.map((z) => z.zoneId).join(', ')}.`,
      );
    }
    return zone;
  }
  const first = zones[0];
  if (!first) throw new InvalidParameterValue(`No availability zones are known for region ${env.region}.`);
  return first;
}
