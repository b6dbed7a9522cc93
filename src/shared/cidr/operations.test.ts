import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cidr, contains, formatCidr, overlaps, parseCidr, sizeOf, type Cidr } from './cidr.js';
import { addressCount, allocate, allocateMany, merge, split, splitByPrefix, subtract } from './operations.js';

const c = (text: string): Cidr => parseCidr(text);
const f = (blocks: readonly Cidr[] | undefined) => blocks?.map(formatCidr);

/** A random aligned block inside 10.0.0.0/8 (keeps collisions likely). */
const arbBlock = fc
  .tuple(fc.integer({ min: 0, max: 2 ** 24 - 1 }), fc.integer({ min: 8, max: 28 }))
  .map(([offset, prefix]) => cidr(0x0a000000 + offset, prefix));

describe('split', () => {
  it('splits a /16 over three zones into /18s', () => {
    assert.deepEqual(f(split(c('100.64.0.0/16'), 3)), ['100.64.0.0/18', '100.64.64.0/18', '100.64.128.0/18']);
  });
  it('splits by prefix', () => {
    assert.deepEqual(f(splitByPrefix(c('10.0.0.0/23'), 24)), ['10.0.0.0/24', '10.0.1.0/24']);
  });
  it('refuses impossible splits with a clear error', () => {
    assert.throws(() => split(c('10.0.0.0/31'), 4), /cannot hold 4 subnets/);
    assert.throws(() => split(c('10.0.0.0/16'), 0), /cannot split a block into 0 subnets/);
    assert.throws(() => splitByPrefix(c('10.0.0.0/16'), 8), /cannot split a \/16 into \/8/);
  });
  it('split then merge round-trips (property)', () => {
    fc.assert(
      fc.property(arbBlock, fc.integer({ min: 0, max: 4 }), (block, extra) => {
        const prefix = Math.min(32, block.prefix + extra);
        assert.deepEqual(merge(splitByPrefix(block, prefix)), [block]);
      }),
    );
  });
});

describe('subtract and merge', () => {
  it('subtracts a hole', () => {
    assert.deepEqual(f(subtract(c('10.0.0.0/22'), [c('10.0.1.0/24')])), ['10.0.0.0/24', '10.0.2.0/23']);
  });
  it('subtracting everything leaves nothing', () => {
    assert.deepEqual(subtract(c('10.0.0.0/24'), [c('10.0.0.0/16')]), []);
  });
  it('merges adjacent blocks', () => {
    assert.deepEqual(f(merge([c('10.0.1.0/24'), c('10.0.0.0/24'), c('10.0.2.0/23')])), ['10.0.0.0/22']);
  });
  it('subtract result is disjoint from the removed blocks and covers the rest (property)', () => {
    fc.assert(
      fc.property(arbBlock, fc.array(arbBlock, { maxLength: 6 }), (from, remove) => {
        const left = subtract(from, remove);
        for (const block of left) {
          assert.ok(contains(from, block));
          for (const r of remove) assert.ok(!overlaps(block, r));
        }
        const removedInside = merge(remove).flatMap((r) =>
          overlaps(r, from) ? (contains(from, r) ? [r] : contains(r, from) ? [from] : []) : [],
        );
        assert.equal(addressCount(left) + addressCount(removedInside), sizeOf(from));
      }),
    );
  });
});

describe('allocate', () => {
  it('finds the lowest free /16 in 100.64.0.0/10 around existing blocks', () => {
    const got = allocate({
      within: [c('100.64.0.0/10')],
      prefix: 16,
      used: [c('100.64.0.0/16'), c('100.65.0.0/17')],
    });
    assert.equal(got && formatCidr(got), '100.66.0.0/16');
  });
  it('returns undefined when nothing fits', () => {
    assert.equal(allocate({ within: [c('10.0.0.0/24')], prefix: 23, used: [] }), undefined);
    assert.equal(allocate({ within: [c('10.0.0.0/24')], prefix: 24, used: [c('10.0.0.128/25')] }), undefined);
  });
  it('uses adjacent ranges together', () => {
    const got = allocate({ within: [c('10.0.0.0/25'), c('10.0.0.128/25')], prefix: 24, used: [] });
    assert.equal(got && formatCidr(got), '10.0.0.0/24');
  });
  it('allocates several in a row', () => {
    assert.deepEqual(
      f(allocateMany({ within: [c('10.0.0.0/16')], prefix: 18, used: [c('10.0.0.0/20')], count: 3 })),
      ['10.0.64.0/18', '10.0.128.0/18', '10.0.192.0/18'],
    );
  });
  it('never overlaps used blocks, is aligned, inside, and lowest (property)', () => {
    fc.assert(
      fc.property(
        fc.array(arbBlock, { minLength: 1, maxLength: 3 }),
        fc.array(arbBlock, { maxLength: 8 }),
        fc.integer({ min: 8, max: 30 }),
        (within, used, prefix) => {
          const got = allocate({ within, prefix, used });
          if (!got) return;
          assert.equal(got.prefix, prefix);
          assert.equal(got.network % sizeOf(got), 0, 'aligned');
          for (const u of used) assert.ok(!overlaps(got, u), 'free');
          assert.equal(subtract(got, merge(within)).length, 0, 'inside');
          // Nothing lower fits: the aligned block just below is either outside or used.
          if (got.network >= sizeOf(got)) {
            const below = cidr(got.network - sizeOf(got), prefix);
            const fits = subtract(below, merge(within)).length === 0 && !used.some((u) => overlaps(below, u));
            assert.ok(!fits, 'lowest');
          }
        },
      ),
    );
  });
});
