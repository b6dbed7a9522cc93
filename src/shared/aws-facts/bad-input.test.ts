import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { UserError } from '../errors.js';
import * as facts from './index.js';

/** Every public function given nonsense throws a UserError with a code, never a TypeError. */
const cases: [name: string, call: () => unknown][] = [
  ['checkVpcCidrAssociation(undefined)', () => facts.checkVpcCidrAssociation(undefined as never)],
  [
    'checkVpcCidrAssociation without vpcCidrs',
    () => facts.checkVpcCidrAssociation({ vpcId: 'vpc-1', cidr: '100.64.0.0/16' } as never),
  ],
  [
    'checkVpcCidrAssociation with a bad quota',
    () =>
      facts.checkVpcCidrAssociation({
        vpcId: 'vpc-1',
        cidr: '100.64.0.0/16',
        vpcCidrs: [{ cidr: '10.0.0.0/16', state: 'associated' }],
        routeDestinations: [],
        quota: 0,
      }),
  ],
  ['checkSubnetCidr(null)', () => facts.checkSubnetCidr(null as never)],
  [
    'checkSubnetCidr without subnets',
    () => facts.checkSubnetCidr({ cidr: '10.0.0.0/24', vpcCidrs: [] } as never),
  ],
  ['reservedAddresses(bad)', () => facts.reservedAddresses('10.0.0.0/33')],
  ['usableAddressCount(bad)', () => facts.usableAddressCount('ten')],
  ['instanceNetworkLimits(42)', () => facts.instanceNetworkLimits(42 as never)],
  ['maxPodsFor(undefined)', () => facts.maxPodsFor(undefined as never)],
  ['maxPodsFor({})', () => facts.maxPodsFor({} as never)],
  ['eniMaxPods(bad)', () => facts.eniMaxPods('m99.large')],
  ['parseCniVersion(null)', () => facts.parseCniVersion(null as never)],
  ['compareVersions(bad)', () => facts.compareVersions('1.2.3', 'x')],
  ['zonesForRegion(bad)', () => facts.zonesForRegion(undefined as never)],
];

describe('bad input to aws-facts', () => {
  for (const [name, call] of cases) {
    it(`${name} is a clear UserError`, () => {
      assert.throws(
        call,
        (err: unknown) =>
          err instanceof UserError &&
          /^E_[A-Z_]+$/.test(err.code) &&
          !/undefined|null|\[object/.test(err.message.replace(/not (null|undefined)$/, '')),
      );
    });
  }
  it('checkVpcCidrBlock and checkSubnetCidr answer a malformed block with the EC2 error, not an exception', () => {
    assert.equal(facts.checkVpcCidrBlock(undefined as never).ok, false);
    const r = facts.checkSubnetCidr({ cidr: 7 as never, vpcCidrs: [], existingSubnets: [] });
    assert.equal(r.ok ? '' : r.code, 'InvalidParameterValue');
  });
});
