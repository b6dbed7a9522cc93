import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cniSupportsPrefixDelegation, compareVersions, parseCniVersion } from './cni-version.js';

describe('parseCniVersion', () => {
  it('reads image tags and add-on versions', () => {
    assert.deepEqual(parseCniVersion('v1.18.3-eksbuild.1'), {
      major: 1,
      minor: 18,
      patch: 3,
      suffix: 'eksbuild.1',
      text: 'v1.18.3-eksbuild.1',
    });
    assert.equal(parseCniVersion('1.9').patch, 0);
    assert.equal(parseCniVersion(' 1.7.5 ').minor, 7);
  });
  for (const bad of ['', 'latest', '1', '1.x.0', 'v1.2.3.4', '1.2.3-']) {
    it(`refuses '${bad}'`, () => {
      assert.throws(
        () => parseCniVersion(bad),
        (e: unknown) => (e as { code?: string }).code === 'E_INVALID_CNI_VERSION',
      );
    });
  }
});

describe('compareVersions', () => {
  const table: [string, string, number][] = [
    ['1.9.0', '1.8.9', 1],
    ['1.10.0', '1.9.0', 1],
    ['v1.18.3-eksbuild.1', '1.18.3', 0],
    ['1.2', '1.2.0', 0],
    ['1.2.3', '2.0.0', -1],
  ];
  for (const [a, b, expected] of table) {
    it(`${a} vs ${b} = ${expected}`, () => assert.equal(compareVersions(a, b), expected));
  }
  it('is antisymmetric (property)', () => {
    const arb = fc.tuple(fc.nat(3), fc.nat(20), fc.nat(9)).map(([x, y, z]) => `${x}.${y}.${z}`);
    fc.assert(fc.property(arb, arb, (a, b) => compareVersions(a, b) === -compareVersions(b, a)));
  });
});

describe('prefix delegation gate', () => {
  it('opens at 1.9 as the calculator does', () => {
    assert.equal(cniSupportsPrefixDelegation('1.8.99'), false);
    assert.equal(cniSupportsPrefixDelegation('1.9.0'), true);
    assert.equal(cniSupportsPrefixDelegation('2.0.0'), true);
    assert.equal(cniSupportsPrefixDelegation('0.99.0'), false);
  });
});
