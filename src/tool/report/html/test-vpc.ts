/**
 * A large VPC for the HTML report's tests and benchmark: the healthy custom-networking cluster of
 * the doctor's table tests, its 10.0.0.0/16 and 100.64.0.0/16 blocks, and `extra` more subnets of
 * other tenants in further /16 blocks (250 per block, one per /24 slot, of /24 to /28, partly used).
 */
import type { ClusterSnapshot } from '../../discover/snapshot.js';
import { healthySnapshot } from '../../doctor/test-snapshot.js';

export const SUBNETS_PER_BLOCK = 250;

export function largeVpcSnapshot(extra: number): ClusterSnapshot {
  const s = healthySnapshot();
  const blocks = Math.ceil(extra / SUBNETS_PER_BLOCK);
  s.vpc.cidrAssociations = [
    { associationId: 'vpc-cidr-assoc-0', cidr: '10.0.0.0/16', state: 'associated' },
    { associationId: 'vpc-cidr-assoc-1', cidr: '100.64.0.0/16', state: 'associated' },
    ...Array.from({ length: blocks }, (_, b) => ({
      associationId: `vpc-cidr-assoc-${b + 2}`,
      cidr: `10.${b + 1}.0.0/16`,
      state: 'associated',
    })),
  ];
  const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
  for (let k = 0; k < extra; k++) {
    const block = Math.floor(k / SUBNETS_PER_BLOCK) + 1;
    const slot = k % SUBNETS_PER_BLOCK;
    const prefix = 24 + (slot % 5);
    const usable = 2 ** (32 - prefix) - 5;
    s.subnets.push({
      subnetId: `subnet-x${String(k).padStart(5, '0')}`,
      vpcId: 'vpc-1',
      cidr: `10.${block}.${slot}.0/${prefix}`,
      zone: zones[k % zones.length]!,
      availableIpAddressCount: usable - ((k * 7) % (usable + 1)),
      tags: [{ key: 'Name', value: `tenant-${k % 17}-${slot}` }],
    });
  }
  return s;
}
