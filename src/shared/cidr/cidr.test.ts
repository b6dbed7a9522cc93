import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contains, formatCidr, overlaps, parseCidr, sizeOf, type Cidr } from './cidr.js';
import { formatIPv4, parseIPv4 } from './ipv4.js';
import { InvalidCidrError } from './cidr.js';

const c = (text: string): Cidr => parseCidr(text);

describe('parseCidr', () => {
  it('parses and formats network blocks', () => {
    for (const text of [
      '0.0.0.0/0',
      '10.0.0.0/8',
      '100.64.0.0/16',
      '192.168.1.128/25',
      '255.255.255.255/32',
    ]) {
      assert.equal(formatCidr(parseCidr(text)), text);
    }
  });

  it('refuses host bits and names the network address', () => {
    assert.throws(
      () => parseCidr('10.0.0.1/16'),
      (err: unknown) =>
        err instanceof InvalidCidrError &&
        err.code === 'E_CIDR_HOST_BITS' &&
        /10\.0\.0\.1\/16/.test(err.message) &&
        /10\.0\.0\.0\/16/.test(err.hint ?? ''),
    );
  });

  it('clears host bits when not strict, as EC2 does for subnets', () => {
    assert.equal(formatCidr(parseCidr('10.0.3.7/22', { strict: false })), '10.0.0.0/22');
  });

  const bad: [string, RegExp][] = [
    ['10.0.0.0', /not an IPv4 CIDR block/],
    ['10.0.0/16', /not an IPv4 address/],
    ['10.0.0.256/24', /not an IPv4 address/],
    ['010.0.0.0/8', /not an IPv4 address/],
    ['0x0a.0.0.0/8', /not an IPv4 address/],
    ['10.0.0.0/33', /over 32/],
    ['10.0.0.0/-1', /not an IPv4 CIDR block/],
    ['10.0.0.0/1a', /not an IPv4 CIDR block/],
    ['', /not an IPv4 CIDR block/],
  ];
  for (const [text, message] of bad) {
    it(`rejects '${text}' with a clear error`, () => {
      assert.throws(
        () => parseCidr(text),
        (err: unknown) => err instanceof InvalidCidrError && message.test(err.message) && !!err.hint,
      );
    });
  }

  it('rejects a non-string with a clear error, not a TypeError', () => {
    assert.throws(() => parseCidr(42 as unknown as string), InvalidCidrError);
  });
});

describe('IPv4 addresses', () => {
  it('round-trips', () => {
    assert.equal(formatIPv4(parseIPv4('100.64.255.1')), '100.64.255.1');
    assert.equal(parseIPv4('255.255.255.255'), 0xffffffff);
  });
  it('rejects out-of-range values', () => {
    assert.throws(() => formatIPv4(2 ** 32), /not a 32-bit/);
    assert.throws(() => parseIPv4('1.2.3'), /not an IPv4 address/);
  });
});

describe('contains and overlaps', () => {
  const table: [string, string, boolean, boolean][] = [
    // outer, inner, contains, overlaps
    ['10.0.0.0/16', '10.0.1.0/24', true, true],
    ['10.0.1.0/24', '10.0.0.0/16', false, true],
    ['10.0.0.0/16', '10.1.0.0/16', false, false],
    ['10.0.0.0/16', '10.0.0.0/16', true, true],
    ['0.0.0.0/0', '255.255.255.255/32', true, true],
    ['100.64.0.0/10', '100.128.0.0/16', false, false],
  ];
  for (const [outer, inner, within, overlap] of table) {
    it(`${outer} vs ${inner}`, () => {
      assert.equal(contains(c(outer), c(inner)), within);
      assert.equal(overlaps(c(outer), c(inner)), overlap);
      assert.equal(overlaps(c(inner), c(outer)), overlap);
    });
  }
  it('contains an address', () => {
    assert.equal(contains(c('10.0.0.0/24'), parseIPv4('10.0.0.255')), true);
    assert.equal(contains(c('10.0.0.0/24'), parseIPv4('10.0.1.0')), false);
  });
  it('sizes', () => {
    assert.equal(sizeOf(c('10.0.0.0/19')), 8192);
    assert.equal(sizeOf(c('0.0.0.0/0')), 2 ** 32);
  });
});
