/**
 * The simulation's view of the AWS facts (instance limits, max-pods, zone IDs), over a lookup of
 * instance types: the shared table by default; over the real models, the sandbox's EC2 catalog (the
 * table plus the families it lacks, bridged in adapters.ts), so a node of any type EC2 launches gets
 * its real ENI limits and max-pods.
 */
import {
  findInstanceType,
  maxPodsFor,
  zonesForRegion,
  type InstanceNetworkLimits,
} from '../../shared/aws-facts/index.js';
import type { SimFacts } from './ports.js';

/** m5.large's limits, for an instance type the facts do not know (the EC2 model refuses those anyway). */
const FALLBACK = { vcpus: 2, memoryMib: 8192, maxEnis: 3, ipv4PerEni: 10, nitro: true };

export function factsFor(find: (type: string) => InstanceNetworkLimits | undefined): SimFacts {
  return {
    networkLimits(type) {
      const l = find(type);
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
      const limits = find(input.instanceType);
      return limits ? maxPodsFor({ ...input, limits }) : 110;
    },
    eniMaxPods(type) {
      const l = find(type) ?? { maxEnis: FALLBACK.maxEnis, ipv4PerEni: FALLBACK.ipv4PerEni };
      return l.maxEnis * (l.ipv4PerEni - 1) + 2;
    },
    zoneId(region, zoneName) {
      try {
        return zonesForRegion(region).find((z) => z.zoneName === zoneName)?.zoneId;
      } catch {
        return undefined;
      }
    },
  };
}

/** The facts of the shared table (fakes and unit tests of the simulation). */
export const sharedFacts: SimFacts = factsFor(findInstanceType);
