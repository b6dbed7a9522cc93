import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { isIPv4, parseIPv4 } from './ipv4.js';

/** ipaddr.js's strict dotted decimal, then its octets, uncached. */
function reference(text: string): number | undefined {
  if (!ipaddr.IPv4.isValidFourPartDecimal(text)) return undefined;
  const [a, b, c, d] = ipaddr.IPv4.parse(text).octets as [number, number, number, number];
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

describe('parseIPv4 (ipaddr.js behind a cache)', () => {
  it('accepts and rejects exactly what ipaddr.js strict dotted decimal does', () => {
    const samples = [
      '0.0.0.0',
      '255.255.255.255',
      '10.1.0.5',
      '256.1.1.1',
      '01.2.3.4',
      '1.2.3',
      '1.2.3.4.5',
      '1..2.3',
      '1.2.3.4 ',
      ' 1.2.3.4',
      '0x1.2.3.4',
      '1.2.3.-4',
      '',
      '1.2.3.4.',
      '1000.2.3.4',
      '00.0.0.0',
      '1.2.3.0255',
    ];
    for (const s of samples) {
      const want = reference(s);
      assert.equal(isIPv4(s), want !== undefined, s);
      if (want === undefined) assert.throws(() => parseIPv4(s), /not an IPv4 address/, s);
      else assert.equal(parseIPv4(s), want, s);
    }
  });

  it('agrees with ipaddr.js on generated near-addresses', () => {
    const part = fc.oneof(fc.nat(300).map(String), fc.constantFrom('', '0', '00', '012', 'a', '-1', '0x10'));
    const text = fc.oneof(
      fc.tuple(part, part, part, part).map((p) => p.join('.')),
      fc.array(part, { minLength: 0, maxLength: 6 }).map((p) => p.join('.')),
      fc.string({ maxLength: 16 }),
    );
    fc.assert(
      fc.property(text, (s) => {
        const want = reference(s);
        // Twice: the second answer comes from the cache and must not differ.
        for (let round = 0; round < 2; round++) {
          assert.equal(isIPv4(s), want !== undefined);
          if (want !== undefined) assert.equal(parseIPv4(s), want);
        }
      }),
      { numRuns: 3_000 },
    );
  });
});
