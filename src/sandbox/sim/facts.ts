/** The simulation's view of the shared AWS facts (instance limits, max-pods, zone IDs). */
import { eniMaxPods, findInstanceType, maxPodsFor, zonesForRegion } from '../../shared/aws-facts/index.js';
import type { SimFacts } from './ports.js';

/** m5.large's limits, for an instance type the facts do not know (the EC2 model refuses those anyway). */
const FALLBACK = { vcpus: 2, memoryMib: 8192, maxEnis: 3, ipv4PerEni: 10, nitro: true };

export const sharedFacts: SimFacts = {
  networkLimits(type) {
    const l = findInstanceType(type);
    return (
      l && {
        vcpus: l.vcpus,
        memoryMib: l.memoryMiB,
        maxEnis: l.maxEnis,
        ipv4PerEni: l.ipv4PerEni,
        nitro: l.nitro,
      }
    );
  },
  maxPods(input) {
    return findInstanceType(input.instanceType) ? maxPodsFor(input) : 110;
  },
  eniMaxPods(type) {
    return findInstanceType(type) ? eniMaxPods(type) : FALLBACK.maxEnis * (FALLBACK.ipv4PerEni - 1) + 2;
  },
  zoneId(region, zoneName) {
    try {
      return zonesForRegion(region).find((z) => z.zoneName === zoneName)?.zoneId;
    } catch {
      return undefined;
    }
  },
};
