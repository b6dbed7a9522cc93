import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  checkSubnetCidr,
  isReservedAddress,
  RESERVED_ADDRESSES_PER_SUBNET,
  reservedAddresses,
  usableAddressCount,
} from './subnet-rules.js';

describe('checkSubnetCidr (CreateSubnet)', () => {
  const vpcCidrs = ['10.0.0.0/16', '100.64.0.0/16'];
  const existingSubnets = ['10.0.0.0/24', '100.64.0.0/18'];
  const table: [string, string | undefined][] = [
    ['10.0.1.0/24', undefined],
    ['100.64.64.0/18', undefined],
    ['100.64.128.0/28', undefined],
    ['10.0.0.0/16', 'InvalidSubnet.Conflict'],
    ['10.0.0.128/25', 'InvalidSubnet.Conflict'],
    ['100.64.32.0/19', 'InvalidSubnet.Conflict'],
    ['10.1.0.0/24', 'InvalidSubnet.Range'],
    ['10.0.255.0/29', 'InvalidSubnet.Range'],
    ['10.0.0.0/15', 'InvalidSubnet.Range'],
    ['10.0.254.0/23', undefined],
    ['x', 'InvalidParameterValue'],
  ];
  for (const [cidr, code] of table) {
    it(`${cidr} -> ${code ?? 'ok'}`, () => {
      const result = checkSubnetCidr({ cidr, vpcCidrs, existingSubnets });
      assert.equal(result.ok ? undefined : result.code, code);
    });
  }
  it('spans no two VPC blocks, even adjacent ones', () => {
    const result = checkSubnetCidr({
      cidr: '10.0.0.0/15',
      vpcCidrs: ['10.0.0.0/16', '10.1.0.0/16'],
      existingSubnets: [],
    });
    assert.equal(result.ok, false);
  });
  it('quotes the exact messages and clears host bits', () => {
    assert.deepEqual(checkSubnetCidr({ cidr: '10.0.1.7/24', vpcCidrs, existingSubnets }), {
      ok: true,
      cidr: '10.0.1.0/24',
    });
    assert.deepEqual(checkSubnetCidr({ cidr: '10.0.0.0/25', vpcCidrs, existingSubnets }), {
      ok: false,
      code: 'InvalidSubnet.Conflict',
      message: "The CIDR '10.0.0.0/25' conflicts with another subnet",
    });
    assert.deepEqual(checkSubnetCidr({ cidr: '10.9.0.0/24', vpcCidrs, existingSubnets }), {
      ok: false,
      code: 'InvalidSubnet.Range',
      message: "The CIDR '10.9.0.0/24' is invalid.",
    });
  });
});

describe('reserved addresses', () => {
  it('names the five AWS keeps', () => {
    assert.deepEqual(reservedAddresses('10.0.0.0/24'), [
      '10.0.0.0',
      '10.0.0.1',
      '10.0.0.2',
      '10.0.0.3',
      '10.0.0.255',
    ]);
    assert.equal(isReservedAddress('100.64.0.0/19', '100.64.31.255'), true);
    assert.equal(isReservedAddress('100.64.0.0/19', '100.64.0.4'), false);
  });
  const counts: [string, number][] = [
    ['10.0.0.0/28', 11],
    ['10.0.0.0/24', 251],
    ['100.64.0.0/19', 8187],
    ['10.0.0.0/16', 65531],
  ];
  for (const [cidr, usable] of counts) {
    it(`${cidr} has ${usable} usable`, () => assert.equal(usableAddressCount(cidr), usable));
  }
  it('usable + reserved = size (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 16, max: 28 }), (prefix) => {
        return (
          usableAddressCount(`10.0.0.0/${prefix}`) + RESERVED_ADDRESSES_PER_SUBNET === 2 ** (32 - prefix)
        );
      }),
    );
  });
});
