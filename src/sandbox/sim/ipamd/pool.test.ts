import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ipamdConfigFromEnv } from './config.js';
import {
  type EniState,
  type NodePoolState,
  pickPodIp,
  planDecrease,
  planFreeEni,
  planIncrease,
  poolStats,
} from './pool.js';

const NOW = 1_000_000_000;

function ips(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}.${i + 10}`);
}

function eni(deviceIndex: number, count: number, primary = deviceIndex === 0): EniState {
  return {
    eniId: `eni-${deviceIndex}`,
    deviceIndex,
    primary,
    subnetId: 'subnet-a',
    primaryIp: `10.0.${deviceIndex}.5`,
    ips: ips(`10.0.${deviceIndex}`, count),
    createdAt: 0,
  };
}

/** An m5.large: 3 ENIs, 10 IPv4 addresses each (9 for pods), max-pods 29. */
function state(overrides: Partial<NodePoolState> & { env?: Record<string, string> } = {}): NodePoolState {
  const { env, ...rest } = overrides;
  return {
    config: ipamdConfigFromEnv(env ?? {}),
    maxEnis: 3,
    ipv4PerEni: 10,
    maxPods: 29,
    enis: [eni(0, 0)],
    assigned: new Set(),
    schedulable: true,
    now: NOW,
    ...rest,
  };
}

describe('planIncrease', () => {
  const cases: [string, NodePoolState, ReturnType<typeof planIncrease>][] = [
    ['fills the primary ENI of a fresh node', state(), { kind: 'assign-ips', eniId: 'eni-0', count: 9 }],
    [
      'keeps one warm ENI worth of IPs',
      state({ enis: [eni(0, 9)] }),
      { kind: 'none', reason: 'pool is not low' },
    ],
    [
      'attaches a second ENI when the first is used up',
      state({ enis: [eni(0, 9)], assigned: new Set(ips('10.0.0', 1)) }),
      { kind: 'create-eni', deviceIndex: 1, ipCount: 9 },
    ],
    [
      'custom networking never fills the primary ENI',
      state({ env: { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' } }),
      { kind: 'create-eni', deviceIndex: 1, ipCount: 9 },
    ],
    [
      'stops at max-pods',
      state({ maxPods: 9, enis: [eni(0, 9)], assigned: new Set(ips('10.0.0', 9)) }),
      { kind: 'none', reason: 'pool is not low' },
    ],
    [
      'WARM_IP_TARGET and MINIMUM_IP_TARGET size the request',
      state({ env: { WARM_IP_TARGET: '2', MINIMUM_IP_TARGET: '5' } }),
      { kind: 'assign-ips', eniId: 'eni-0', count: 5 },
    ],
    [
      'skips an ENI whose subnet just ran out (subnet discovery) and attaches a new one',
      state({ enis: [eni(0, 4)], assigned: new Set(ips('10.0.0', 4)), fullEnis: new Set(['eni-0']) }),
      { kind: 'create-eni', deviceIndex: 1, ipCount: 9 },
    ],
    [
      'a cordoned node gets nothing new',
      state({ schedulable: false }),
      { kind: 'none', reason: 'AWS CNI is on a non schedulable node' },
    ],
    [
      'waits out the InsufficientCidr cooldown',
      state({ lastInsufficientCidrAt: NOW - 60_000 }),
      { kind: 'none', reason: 'recently had an InsufficientCidr error' },
    ],
    [
      'retries after the cooldown',
      state({ lastInsufficientCidrAt: NOW - 121_000 }),
      { kind: 'assign-ips', eniId: 'eni-0', count: 9 },
    ],
    [
      'respects the ENI limit',
      state({
        maxPods: 110,
        enis: [eni(0, 9), eni(1, 9), eni(2, 9)],
        assigned: new Set([...ips('10.0.0', 9), ...ips('10.0.1', 9), ...ips('10.0.2', 9)]),
      }),
      { kind: 'none', reason: 'max ENI limit reached' },
    ],
    [
      'respects MAX_ENI',
      state({ env: { MAX_ENI: '1' }, enis: [eni(0, 9)], assigned: new Set(ips('10.0.0', 9)) }),
      { kind: 'none', reason: 'max ENI limit reached' },
    ],
  ];
  for (const [name, s, expected] of cases) it(name, () => assert.deepEqual(planIncrease(s), expected));
});

describe('planDecrease and planFreeEni', () => {
  it('returns free IPs above WARM_IP_TARGET', () => {
    const s = state({ env: { WARM_IP_TARGET: '2' }, enis: [eni(0, 9)], assigned: new Set(ips('10.0.0', 1)) });
    assert.deepEqual(planDecrease(s), [{ eniId: 'eni-0', ips: ips('10.0.0', 9).slice(1, 7) }]);
  });
  it('never shrinks without warm IP targets', () => {
    assert.deepEqual(planDecrease(state({ enis: [eni(0, 9), eni(1, 9)] })), []);
  });
  it('frees an unused secondary ENI beyond WARM_ENI_TARGET, not a young one', () => {
    const s = state({ enis: [eni(0, 9), eni(1, 9)] });
    assert.equal(planFreeEni(s), 'eni-1');
    assert.equal(
      planFreeEni({ ...s, enis: [eni(0, 9), { ...eni(1, 9), createdAt: NOW - 1000 }] }),
      undefined,
    );
    assert.equal(planFreeEni({ ...s, assigned: new Set(['10.0.1.10']) }), undefined);
  });
});

describe('pickPodIp', () => {
  it('uses the primary ENI in default mode and skips it under custom networking', () => {
    const enis = [eni(0, 2), eni(1, 2)];
    assert.deepEqual(pickPodIp(state({ enis })), { eniId: 'eni-0', ip: '10.0.0.10' });
    assert.deepEqual(pickPodIp(state({ enis, env: { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' } })), {
      eniId: 'eni-1',
      ip: '10.0.1.10',
    });
    assert.equal(pickPodIp(state({ enis: [eni(0, 1)], assigned: new Set(['10.0.0.10']) })), undefined);
  });
});

describe('ipamd pool invariants (property)', () => {
  it('never hands out an address twice, nor more addresses than the subnet has', () => {
    fc.assert(
      fc.property(
        fc.record({
          subnetFree: fc.integer({ min: 0, max: 40 }),
          custom: fc.boolean(),
          warmIp: fc.integer({ min: 0, max: 5 }),
          ops: fc.array(fc.oneof(fc.constant('add' as const), fc.constant('remove' as const)), {
            maxLength: 80,
          }),
        }),
        ({ subnetFree, custom, warmIp, ops }) => {
          let free = subnetFree;
          let next = 0;
          const env: Record<string, string> = {};
          if (custom) env.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG = 'true';
          if (warmIp) env.WARM_IP_TARGET = String(warmIp);
          const s = state({ env, enis: [{ ...eni(0, 0), ips: [] }] });
          const podIps: string[] = [];
          const grow = () => {
            for (let i = 0; i < 10; i++) {
              const a = planIncrease({ ...s, assigned: new Set(podIps) });
              if (a.kind === 'none') return;
              if (a.kind === 'assign-ips') {
                if (free < a.count) return;
                free -= a.count;
                s.enis
                  .find((e) => e.eniId === a.eniId)!
                  .ips.push(...Array.from({ length: a.count }, () => `ip-${next++}`));
              } else if (a.kind === 'create-eni') {
                if (free < a.ipCount + 1) return;
                free -= a.ipCount + 1;
                s.enis.push({
                  eniId: `eni-${a.deviceIndex}`,
                  deviceIndex: a.deviceIndex,
                  primary: false,
                  subnetId: 's',
                  primaryIp: `p-${next++}`,
                  ips: Array.from({ length: a.ipCount }, () => `ip-${next++}`),
                });
              }
            }
          };
          for (const op of ops) {
            grow();
            if (op === 'add' && podIps.length < s.maxPods) {
              const pick = pickPodIp({ ...s, assigned: new Set(podIps) });
              if (pick) podIps.push(pick.ip);
            } else if (op === 'remove') {
              podIps.shift();
            }
            const stats = poolStats({ ...s, assigned: new Set(podIps) });
            assert.equal(new Set(podIps).size, podIps.length, 'an address used twice');
            assert.ok(podIps.length <= stats.total, 'more pods than addresses');
            assert.ok(free >= 0, 'subnet overdrawn');
            assert.ok(s.enis.length <= s.maxEnis, 'too many ENIs');
            if (custom) assert.equal(s.enis[0]!.ips.length, 0, 'custom networking used the primary ENI');
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
