import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { usableAddressCount } from '../../../shared/aws-facts/index.js';
import { formatIPv4, parseCidr, parseIPv4 } from '../../../shared/cidr/index.js';
import { AwsError } from '../aws-error.js';
import { Ec2Model } from './model.js';
import { SubnetAllocator } from './subnet-allocator.js';
import { fixture } from './test-fixture.js';
import type { Ec2State } from './types.js';

/** The model's former behaviour, recomputed from the records on every call: the reference. */
function referenceUsed(state: Ec2State, subnetId: string): Set<number> {
  const used = new Set<number>();
  for (const eni of Object.values(state.networkInterfaces)) {
    if (eni.subnetId !== subnetId) continue;
    for (const a of eni.privateIpAddresses) used.add(parseIPv4(a.privateIpAddress));
    for (const p of eni.ipv4Prefixes ?? []) {
      const { network } = parseCidr(p);
      for (let ip = network; ip < network + 16; ip++) used.add(ip);
    }
  }
  return used;
}

function referenceAddresses(cidr: string, used: Set<number>, count: number): string[] | 'full' {
  const block = parseCidr(cidr);
  const last = block.network + 2 ** (32 - block.prefix) - 2;
  const out: string[] = [];
  for (let ip = block.network + 4; ip <= last && out.length < count; ip++)
    if (!used.has(ip)) out.push(formatIPv4(ip));
  return out.length < count ? 'full' : out;
}

function referencePrefixFree(cidr: string, used: Set<number>, network: number): boolean {
  const block = parseCidr(cidr);
  const last = block.network + 2 ** (32 - block.prefix) - 2;
  if (network % 16 !== 0 || network < block.network + 4 || network + 15 > last) return false;
  for (let ip = network; ip < network + 16; ip++) if (used.has(ip)) return false;
  return true;
}

function referencePrefixes(cidr: string, used: Set<number>, count: number): string[] | 'full' {
  const block = parseCidr(cidr);
  const out: string[] = [];
  for (let p = block.network; p < block.network + 2 ** (32 - block.prefix) && out.length < count; p += 16)
    if (referencePrefixFree(cidr, used, p)) out.push(`${formatIPv4(p)}/28`);
  return out.length < count ? 'full' : out;
}

function outcome(fn: () => string[] | void): string[] | string {
  try {
    return fn() ?? [];
  } catch (err) {
    if (err instanceof AwsError) return err.code;
    throw err;
  }
}

type Op =
  | { kind: 'create'; secondary: number; prefixes: number }
  | { kind: 'assign'; eni: number; count: number }
  | { kind: 'assign-exact'; eni: number; offset: number }
  | { kind: 'unassign'; eni: number; which: number }
  | { kind: 'prefix'; eni: number; count: number }
  | { kind: 'prefix-exact'; eni: number; block: number }
  | { kind: 'unprefix'; eni: number; which: number }
  | { kind: 'delete'; eni: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), secondary: fc.nat(6), prefixes: fc.nat(1) }),
  fc.record({ kind: fc.constant('assign' as const), eni: fc.nat(20), count: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('assign-exact' as const), eni: fc.nat(20), offset: fc.nat(63) }),
  fc.record({ kind: fc.constant('unassign' as const), eni: fc.nat(20), which: fc.nat(20) }),
  fc.record({ kind: fc.constant('prefix' as const), eni: fc.nat(20), count: fc.integer({ min: 1, max: 2 }) }),
  fc.record({ kind: fc.constant('prefix-exact' as const), eni: fc.nat(20), block: fc.nat(3) }),
  fc.record({ kind: fc.constant('unprefix' as const), eni: fc.nat(20), which: fc.nat(3) }),
  fc.record({ kind: fc.constant('delete' as const), eni: fc.nat(20) }),
);

describe('subnet allocator', () => {
  it('agrees with the former scan-everything behaviour over any sequence of ENI address changes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('10.0.0.0/26', '10.0.1.0/27', '10.0.2.0/28'),
        fc.array(opArb, { maxLength: 60 }),
        (cidr, ops) => {
          const f = fixture();
          const vpc = f.ec2.createVpc({ cidrBlock: '10.0.0.0/16' });
          const subnet = f.ec2.createSubnet({
            vpcId: vpc.vpcId,
            cidrBlock: cidr,
            availabilityZone: 'us-east-1a',
          });
          const id = subnet.subnetId;
          const base = parseCidr(cidr).network;
          const enis: string[] = [];
          const pick = (n: number) => enis[n % Math.max(1, enis.length)];
          for (const op of ops) {
            const state = f.ec2.snapshot();
            const used = referenceUsed(state, id);
            const eni = pick('eni' in op ? op.eni : 0);
            const record = eni ? state.networkInterfaces[eni] : undefined;
            switch (op.kind) {
              case 'create': {
                const addrs = referenceAddresses(cidr, used, 1 + op.secondary);
                let expected: string[] | string = 'InsufficientFreeAddressesInSubnet';
                if (addrs !== 'full') {
                  const taken = new Set([...used, ...addrs.map(parseIPv4)]);
                  const prefixes = op.prefixes > 0 ? referencePrefixes(cidr, taken, op.prefixes) : [];
                  expected = prefixes === 'full' ? 'InsufficientCidrBlocks' : [...addrs, ...prefixes];
                }
                const got = outcome(() => {
                  const created = f.ec2.createNetworkInterface({
                    subnetId: id,
                    secondaryPrivateIpAddressCount: op.secondary,
                    ipv4PrefixCount: op.prefixes,
                  });
                  enis.push(created.networkInterfaceId);
                  return [
                    ...created.privateIpAddresses.map((a) => a.privateIpAddress),
                    ...created.ipv4Prefixes,
                  ];
                });
                assert.deepEqual(got, expected);
                break;
              }
              case 'assign': {
                if (!eni) continue;
                const expected = referenceAddresses(cidr, used, op.count);
                const got = outcome(() => f.ec2.assignPrivateIpAddresses(eni, op.count));
                assert.deepEqual(got, expected === 'full' ? 'InsufficientFreeAddressesInSubnet' : expected);
                break;
              }
              case 'assign-exact': {
                if (!eni) continue;
                const ip = base + (op.offset % 2 ** (32 - parseCidr(cidr).prefix));
                const got = outcome(() => f.ec2.assignPrivateIpAddresses(eni, [formatIPv4(ip)]));
                const usable = ip >= base + 4 && ip <= base + 2 ** (32 - parseCidr(cidr).prefix) - 2;
                assert.deepEqual(
                  got,
                  !usable
                    ? 'InvalidParameterValue'
                    : used.has(ip)
                      ? 'InvalidIPAddress.InUse'
                      : [formatIPv4(ip)],
                );
                break;
              }
              case 'unassign': {
                const secondary = record?.privateIpAddresses.filter((a) => !a.primary) ?? [];
                const target = secondary[op.which % Math.max(1, secondary.length)];
                if (!eni || !target) continue;
                f.ec2.unassignPrivateIpAddresses(eni, [target.privateIpAddress]);
                break;
              }
              case 'prefix': {
                if (!eni) continue;
                const expected = referencePrefixes(cidr, used, op.count);
                const got = outcome(() => f.ec2.assignIpv4Prefixes(eni, op.count));
                assert.deepEqual(got, expected === 'full' ? 'InsufficientCidrBlocks' : expected);
                break;
              }
              case 'prefix-exact': {
                if (!eni) continue;
                const network = base + 16 * op.block;
                if (network >= base + 2 ** (32 - parseCidr(cidr).prefix)) continue;
                const got = outcome(() => f.ec2.assignIpv4Prefixes(eni, [`${formatIPv4(network)}/28`]));
                assert.deepEqual(
                  got,
                  referencePrefixFree(cidr, used, network)
                    ? [`${formatIPv4(network)}/28`]
                    : 'InsufficientCidrBlocks',
                );
                break;
              }
              case 'unprefix': {
                const held = record?.ipv4Prefixes ?? [];
                const target = held[op.which % Math.max(1, held.length)];
                if (!eni || !target) continue;
                f.ec2.unassignIpv4Prefixes(eni, [target]);
                break;
              }
              case 'delete': {
                if (!eni) continue;
                f.ec2.deleteNetworkInterface(eni);
                enis.splice(enis.indexOf(eni), 1);
                break;
              }
            }
            const after = f.ec2.snapshot();
            const expectedFree = usableAddressCount(cidr) - referenceUsed(after, id).size;
            assert.equal(f.ec2.getSubnet(id)?.availableIpAddressCount, expectedFree);
            // A model restored from the snapshot builds its allocator from the records: same answer.
            assert.equal(new Ec2Model(f.env, after).getSubnet(id)?.availableIpAddressCount, expectedFree);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('counts an address held twice once, and frees it only when both holders let go', () => {
    const a = new SubnetAllocator(parseIPv4('10.0.0.0'), 32);
    const ip = parseIPv4('10.0.0.4');
    a.take(ip);
    a.take(ip);
    assert.equal(a.used, 1);
    a.release(ip);
    assert.equal(a.isUsed(ip), true);
    a.release(ip);
    assert.equal(a.isUsed(ip), false);
    assert.deepEqual(a.findFree(1), [ip]);
  });

  it('fills a /16 lowest first in linear time: the cursor skips the used run', () => {
    const a = new SubnetAllocator(parseIPv4('10.1.0.0'), 65536);
    let last = 0;
    for (let i = 0; i < 65531; i++) {
      const [ip] = a.findFree(1)!;
      a.take(ip!);
      last = ip!;
    }
    assert.equal(formatIPv4(last), '10.1.255.254');
    assert.equal(a.free, 0);
    assert.equal(a.findFree(1), undefined);
    a.release(parseIPv4('10.1.7.9'));
    assert.deepEqual(a.findFree(1)?.map(formatIPv4), ['10.1.7.9']);
    assert.equal(a.findFreePrefixes(1), undefined);
  });
});
