import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { applyFilters, type Filter } from './filters.js';
import { fixture } from './test-fixture.js';
import type { SubnetView } from './subnets.js';

/** DescribeSubnets' former answer: every view built, then every filter checked on the views. */
function reference(all: SubnetView[], filters: Filter[]): string[] {
  const spec = {
    'subnet-id': (s: SubnetView) => s.subnetId,
    'vpc-id': (s: SubnetView) => s.vpcId,
    'availability-zone': (s: SubnetView) => s.availabilityZone,
    'available-ip-address-count': (s: SubnetView) => s.availableIpAddressCount,
  };
  return applyFilters(all, filters, spec, (s) => s.tags).map((s) => s.subnetId);
}

describe('DescribeSubnets from indexes', () => {
  it('answers vpc-id, subnet-id and tag filters exactly like filtering every view, through tag and subnet changes', () => {
    const filterArb = fc.oneof(
      fc.record({
        name: fc.constant('vpc-id'),
        values: fc.array(fc.constantFrom('A', 'B', 'vpc-*'), { minLength: 1, maxLength: 2 }),
      }),
      fc.record({
        name: fc.constant('subnet-id'),
        values: fc.array(fc.nat(11), { minLength: 1, maxLength: 3 }).map((n) => n.map(String)),
      }),
      fc.record({
        name: fc.constantFrom('tag:team', 'tag:role'),
        values: fc.array(fc.constantFrom('x', 'y', '*'), { minLength: 1, maxLength: 2 }),
      }),
      fc.record({ name: fc.constant('availability-zone'), values: fc.constant(['us-east-1a']) }),
      fc.record({ name: fc.constant('available-ip-address-count'), values: fc.constant(['251', '250']) }),
    );
    const changeArb = fc.record({
      subnet: fc.nat(11),
      action: fc.constantFrom('tag', 'untag', 'retag', 'delete', 'eni'),
      value: fc.constantFrom('x', 'y'),
    });
    fc.assert(
      fc.property(
        fc.array(changeArb, { maxLength: 12 }),
        fc.array(filterArb, { minLength: 1, maxLength: 3 }),
        (changes, filters) => {
          const f = fixture();
          const vpcs = {
            A: f.ec2.createVpc({ cidrBlock: '10.0.0.0/16' }).vpcId,
            B: f.ec2.createVpc({ cidrBlock: '10.1.0.0/16' }).vpcId,
          };
          const ids = Array.from(
            { length: 12 },
            (_, i) =>
              f.ec2.createSubnet({
                vpcId: i % 2 ? vpcs.B : vpcs.A,
                cidrBlock: `10.${i % 2}.${i}.0/24`,
                availabilityZone: i % 3 ? 'us-east-1a' : 'us-east-1b',
                tags: i % 4 ? [{ key: 'team', value: 'x' }] : [],
              }).subnetId,
          );
          const alive = new Set(ids);
          for (const c of changes) {
            const id = ids[c.subnet]!;
            if (!alive.has(id)) continue;
            if (c.action === 'tag') f.ec2.createTags([id], [{ key: 'role', value: c.value }]);
            else if (c.action === 'retag') f.ec2.createTags([id], [{ key: 'team', value: c.value }]);
            else if (c.action === 'untag') f.ec2.deleteTags([id], [{ key: 'team' }]);
            else if (c.action === 'eni') f.ec2.createNetworkInterface({ subnetId: id });
            else if (
              f.ec2.describeNetworkInterfaces({ filters: [{ name: 'subnet-id', values: [id] }] }).length === 0
            ) {
              f.ec2.deleteSubnet(id);
              alive.delete(id);
            }
          }
          const resolved = filters.map((flt) => ({
            name: flt.name,
            values: flt.values.map((v) =>
              flt.name === 'vpc-id'
                ? v === 'A'
                  ? vpcs.A
                  : v === 'B'
                    ? vpcs.B
                    : v
                : flt.name === 'subnet-id'
                  ? ids[Number(v)]!
                  : v,
            ),
          }));
          const got = f.ec2.describeSubnets({ filters: resolved }).map((s) => s.subnetId);
          assert.deepEqual(got, reference(f.ec2.describeSubnets(), resolved));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('builds views only for the page: a page of a filtered list is the slice of the whole answer', () => {
    const f = fixture();
    const vpc = f.ec2.createVpc({ cidrBlock: '10.0.0.0/16' }).vpcId;
    for (let i = 0; i < 30; i++)
      f.ec2.createSubnet({ vpcId: vpc, cidrBlock: `10.0.${i}.0/24`, availabilityZone: 'us-east-1a' });
    const whole = f.ec2.describeSubnets({ filters: [{ name: 'vpc-id', values: [vpc] }] });
    let seen = 0;
    const page = f.ec2.describeSubnets({
      filters: [{ name: 'vpc-id', values: [vpc] }],
      page: (items) => {
        seen = items.length;
        return items.slice(10, 15);
      },
    });
    assert.equal(seen, 30);
    assert.deepEqual(page, whole.slice(10, 15));
  });
});
