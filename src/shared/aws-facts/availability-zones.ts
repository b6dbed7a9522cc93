/**
 * Availability zones and zone IDs for the regions the sandbox and tests use. Source: AWS RAM User
 * Guide, "Availability Zone IDs for your AWS resources"
 * (https://docs.aws.amazon.com/ram/latest/userguide/working-with-az-ids.html): a zone ID such as
 * `use1-az1` names the same physical zone in every account, while the zone *name* mapped to it may
 * differ between accounts in regions older than 2019 (us-east-1, us-west-2, eu-west-1,
 * ap-southeast-1...). The mapping below is one fixed, realistic account's view so that the sandbox
 * and every test agree; do not rely on it for a real account (DescribeAvailabilityZones gives both).
 */
import { ExitCode, UserError } from '../errors.js';
import { invalidArgument } from './arguments.js';

export interface AvailabilityZone {
  zoneName: string;
  zoneId: string;
  regionName: string;
}

const ZONES: Record<string, readonly (readonly [zoneLetter: string, zoneId: string])[]> = {
  'us-east-1': [
    ['a', 'use1-az1'],
    ['b', 'use1-az2'],
    ['c', 'use1-az4'],
    ['d', 'use1-az6'],
    ['e', 'use1-az3'],
    ['f', 'use1-az5'],
  ],
  'us-east-2': [
    ['a', 'use2-az1'],
    ['b', 'use2-az2'],
    ['c', 'use2-az3'],
  ],
  'us-west-1': [
    ['a', 'usw1-az1'],
    ['c', 'usw1-az3'],
  ],
  'us-west-2': [
    ['a', 'usw2-az1'],
    ['b', 'usw2-az2'],
    ['c', 'usw2-az3'],
    ['d', 'usw2-az4'],
  ],
  'eu-west-1': [
    ['a', 'euw1-az1'],
    ['b', 'euw1-az2'],
    ['c', 'euw1-az3'],
  ],
  'eu-west-2': [
    ['a', 'euw2-az2'],
    ['b', 'euw2-az3'],
    ['c', 'euw2-az1'],
  ],
  // Regions opened since 2019 map names to IDs identically in every account; eu-central-1's is this.
  'eu-central-1': [
    ['a', 'euc1-az2'],
    ['b', 'euc1-az3'],
    ['c', 'euc1-az1'],
  ],
  'ap-southeast-1': [
    ['a', 'apse1-az1'],
    ['b', 'apse1-az2'],
    ['c', 'apse1-az3'],
  ],
  'ap-northeast-1': [
    ['a', 'apne1-az4'],
    ['c', 'apne1-az1'],
    ['d', 'apne1-az2'],
  ],
};

export function knownRegions(): string[] {
  return Object.keys(ZONES);
}

/** The zones of a known region, or undefined. */
export function findZones(region: string): AvailabilityZone[] | undefined {
  const rows = ZONES[region];
  return rows?.map(([letter, zoneId]) => ({ zoneName: `${region}${letter}`, zoneId, regionName: region }));
}

/** The zones of a region; an unknown region throws E_UNKNOWN_REGION. */
export function zonesForRegion(region: string): AvailabilityZone[] {
  if (typeof region !== 'string') throw invalidArgument('region', 'a string such as us-east-1', region);
  const zones = findZones(region);
  if (zones) return zones;
  throw new UserError('E_UNKNOWN_REGION', `no availability zones are known for region '${region}'`, {
    exitCode: ExitCode.Usage,
    hint: `Known regions: ${knownRegions().join(', ')}.`,
  });
}

/** Every known zone of every known region. */
export const AVAILABILITY_ZONES: readonly AvailabilityZone[] = knownRegions().flatMap(
  (r) => findZones(r) ?? [],
);

/** The zone a name or ID refers to, in any known region. */
export function findZone(nameOrId: string): AvailabilityZone | undefined {
  return AVAILABILITY_ZONES.find((z) => z.zoneName === nameOrId || z.zoneId === nameOrId);
}
