import { filtersOf } from './inputs.js';
import type { Ec2Operation } from '../operation.js';

export const describeAvailabilityZones: Ec2Operation = {
  action: 'DescribeAvailabilityZones',
  mutating: false,
  handle(params, { ec2 }) {
    const zones = ec2.describeAvailabilityZones({
      zoneNames: params.list('ZoneName'),
      zoneIds: params.list('ZoneId'),
      filters: filtersOf(params),
    });
    return {
      availabilityZoneInfo: zones.map((z) => ({
        optInStatus: 'opt-in-not-required',
        messageSet: [],
        regionName: z.regionName,
        zoneName: z.zoneName,
        zoneId: z.zoneId,
        groupName: z.regionName,
        networkBorderGroup: z.regionName,
        zoneType: 'availability-zone',
        groupLongName: z.regionName,
        zoneState: z.state,
      })),
    };
  },
};
