import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ipamdConfigFromEnv } from './config.js';
import {
  type EniState,
  type NodePoolState,
  pickPodIp,
  planFreeEni,
  planIncrease,
  poolStats,
} from './pool.js';
import { eniPodAddresses, prefixAddresses, prefixesNeeded, usesPrefixes } from './prefixes.js';

const PD = { ENABLE_PREFIX_DELEGATION: 'true' };

function eni(deviceIndex: number, prefixes: string[], primary = deviceIndex === 0): EniState {
  return {
    eniId: `eni-${deviceIndex}`,
    deviceIndex,
    primary,
    subnetId: 'subnet-a',
    primaryIp: `10.0.${deviceIndex}.4`,
    ips: [],
    prefixes,
    createdAt: 0,
  };
}

/** An m5.large (3 ENIs, 9 slots each for pods) with prefix delegation, max-pods 110. */
function state(overrides: Partial<NodePoolState> & { env?: Record<string, string> } = {}): NodePoolState {
  const { env, ...rest } = overrides;
  return {
    config: ipamdConfigFromEnv({ ...PD, ...env }),
    maxEnis: 3,
    ipv4PerEni: 10,
    maxPods: 110,
    prefixDelegation: true,
    enis: [eni(0, [])],
    assigned: new Set(),
    schedulable: true,
    now: 1_000_000_000,
    ...rest,
  };
}

const nine = Array.from({ length: 9 }, (_, i) => `10.0.0.${16 * (i + 1)}/28`);

describe('prefix delegation: decisions', () => {
  it('uses prefixes only when enabled on a Nitro instance', () => {
    const on = ipamdConfigFromEnv(PD);
    const off = ipamdConfigFromEnv({});
    assert.deepEqual(
      [usesPrefixes(on, true), usesPrefixes(on, false), usesPrefixes(off, true), usesPrefixes(off, false)],
      [true, false, false, false],
    );
    assert.equal(on.warmPrefixTarget, 1);
    assert.equal(usesPrefixes({ ...on, cniVersion: 'v1.8.0-eksbuild.1' }, true), false);
    assert.equal(usesPrefixes({ ...on, cniVersion: 'v1.19.2-eksbuild.1' }, true), true);
  });

  it('expands a /28 into its 16 addresses, after the ENI secondary addresses', () => {
    assert.equal(prefixAddresses('10.0.1.32/28').length, 16);
    assert.deepEqual(prefixAddresses('10.0.1.32/28').slice(0, 2), ['10.0.1.32', '10.0.1.33']);
    assert.equal(prefixAddresses('10.0.1.32/28').at(-1), '10.0.1.47');
    assert.deepEqual(eniPodAddresses({ ips: ['10.0.1.5'], prefixes: ['10.0.1.16/28'] }).slice(0, 2), [
      '10.0.1.5',
      '10.0.1.16',
    ]);
  });

  const needed: [string, number, number, number | undefined, number][] = [
    ['warm prefix target 1, nothing free', 1, 0, undefined, 1],
    ['warm prefix target 3, 10 free', 3, 10, undefined, 3],
    ['warm prefix target 3, 16 free', 3, 16, undefined, 2],
    ['WARM_IP_TARGET short of 20 addresses', 1, 0, 20, 2],
    ['WARM_IP_TARGET short of 1 address', 1, 0, 1, 1],
  ];
  for (const [name, warm, available, short, expected] of needed) {
    it(`prefixesNeeded: ${name}`, () => {
      assert.equal(prefixesNeeded({ warmPrefixTarget: warm }, available, short), expected);
    });
  }

  const cases: [string, NodePoolState, ReturnType<typeof planIncrease>][] = [
    [
      'a fresh node takes one prefix on its primary ENI',
      state(),
      { kind: 'assign-prefixes', eniId: 'eni-0', count: 1 },
    ],
    [
      'one free prefix meets WARM_PREFIX_TARGET=1',
      state({ enis: [eni(0, ['10.0.0.16/28'])] }),
      { kind: 'none', reason: 'pool is not low' },
    ],
    [
      'a prefix with one pod is no longer a whole warm prefix',
      state({ enis: [eni(0, ['10.0.0.16/28'])], assigned: new Set(['10.0.0.16']) }),
      { kind: 'assign-prefixes', eniId: 'eni-0', count: 1 },
    ],
    [
      'WARM_PREFIX_TARGET=3 asks for three at once',
      state({ env: { WARM_PREFIX_TARGET: '3' } }),
      { kind: 'assign-prefixes', eniId: 'eni-0', count: 3 },
    ],
    [
      'a full primary ENI (9 prefixes) leads to a new ENI created with prefixes',
      state({ maxPods: 250, enis: [eni(0, nine)], assigned: new Set(nine.flatMap(prefixAddresses)) }),
      { kind: 'create-eni', deviceIndex: 1, ipCount: 0, prefixCount: 1 },
    ],
    [
      'custom networking: the primary ENI gets no prefixes',
      state({ env: { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' } }),
      { kind: 'create-eni', deviceIndex: 1, ipCount: 0, prefixCount: 1 },
    ],
    [
      'custom networking: prefixes go on the ENIConfig-subnet ENI',
      state({
        env: { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' },
        enis: [eni(0, []), eni(1, ['100.64.0.16/28'])],
        assigned: new Set(['100.64.0.16']),
      }),
      { kind: 'assign-prefixes', eniId: 'eni-1', count: 1 },
    ],
    [
      'a full primary ENI at max-pods: nothing more (144 addresses >= 110)',
      state({ enis: [eni(0, nine)], assigned: new Set(nine.flatMap(prefixAddresses)) }),
      { kind: 'none', reason: 'pool is not low' },
    ],
    [
      'stops at max-pods',
      state({
        maxPods: 16,
        enis: [eni(0, ['10.0.0.16/28'])],
        assigned: new Set(prefixAddresses('10.0.0.16/28')),
      }),
      { kind: 'none', reason: 'pool is not low' },
    ],
  ];
  for (const [name, s, expected] of cases) {
    it(`planIncrease: ${name}`, () => assert.deepEqual(planIncrease(s), expected));
  }

  it('hands pods the addresses of the prefixes and counts them in the pool', () => {
    const s = state({ enis: [eni(0, ['10.0.0.32/28'])], assigned: new Set(['10.0.0.32']) });
    assert.deepEqual(pickPodIp(s), { eniId: 'eni-0', ip: '10.0.0.33' });
    assert.deepEqual(poolStats(s), { total: 16, assigned: 1, available: 15 });
  });

  it('frees an unused secondary ENI only beyond the warm prefix target', () => {
    const busy = state({
      enis: [eni(0, ['10.0.0.16/28']), eni(1, ['10.0.1.16/28'])],
      assigned: new Set(prefixAddresses('10.0.0.16/28')),
    });
    assert.equal(planFreeEni(busy), undefined);
    const idle = state({ enis: [eni(0, ['10.0.0.16/28']), eni(1, ['10.0.1.16/28'])] });
    assert.equal(planFreeEni(idle), 'eni-1');
  });
});
