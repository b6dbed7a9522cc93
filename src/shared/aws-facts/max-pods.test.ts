import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { listInstanceTypes } from './instance-types.js';
import { eniMaxPods, maxPodsDetails, maxPodsFor, type MaxPodsInput } from './max-pods.js';

type Row = [input: MaxPodsInput, expected: number, why: string];

// Expected values worked by hand from max-pods-calculator.sh.
const rows: Row[] = [
  [{ instanceType: 'm5.large' }, 29, '3 x (10-1) + 2'],
  [{ instanceType: 'm5.large', customNetworking: true }, 20, '(3-1) x 9 + 2'],
  [{ instanceType: 'm5.large', prefixDelegation: true }, 110, '3 x 9 x 16 + 2 = 434, capped at 110'],
  [
    { instanceType: 'm5.large', prefixDelegation: true, customNetworking: true },
    110,
    '2 x 144 + 2 = 290 -> 110',
  ],
  [{ instanceType: 't3.small' }, 11, '3 x 3 + 2'],
  [{ instanceType: 't3.small', customNetworking: true }, 8, '2 x 3 + 2'],
  [{ instanceType: 't3.nano', customNetworking: true }, 3, '1 x 1 + 2'],
  [{ instanceType: 't3.micro', prefixDelegation: true }, 34, '2 x 16 + 2'],
  [{ instanceType: 'm5.4xlarge' }, 110, '234 capped at 110 (16 vCPUs)'],
  [{ instanceType: 'm5.8xlarge' }, 234, '234, 32 vCPUs: ceiling 250'],
  [{ instanceType: 'm5.8xlarge', prefixDelegation: true }, 250, '8 x 29 x 16 + 2 -> 250'],
  [{ instanceType: 'm5.24xlarge' }, 250, '737 -> 250'],
  [{ instanceType: 'c5.9xlarge', customNetworking: true }, 205, '7 x 29 + 2 = 205 (36 vCPUs)'],
  [{ instanceType: 'p3.2xlarge', prefixDelegation: true }, 58, 'Xen: falls back to secondary IPs'],
  [{ instanceType: 'i3.large', prefixDelegation: true }, 29, 'Xen: falls back'],
  [
    { instanceType: 'm5.metal', prefixDelegation: true },
    250,
    'bare metal: no hypervisor, falls back to 737 -> 250',
  ],
  [{ instanceType: 'm5.large', prefixDelegation: true, cniVersion: '1.8.0' }, 29, 'CNI 1.8 has no PD'],
  [
    { instanceType: 'm5.large', prefixDelegation: true, cniVersion: 'v1.9.0-eksbuild.1' },
    110,
    'CNI 1.9 has PD',
  ],
  [{ instanceType: 'm5.large', prefixDelegation: true, cniVersion: '2.0.0' }, 110, 'major > 1'],
  [{ instanceType: 'm5.large', maxEnis: 2 }, 20, '--cni-max-eni 2'],
  [{ instanceType: 'm5.large', maxEnis: 9 }, 29, '--cni-max-eni above the limit changes nothing'],
  [{ instanceType: 'm5.large', prefixDelegation: true, maxPodsCap: 50 }, 50, 'user cap'],
  [{ instanceType: 'm5.large', maxPodsCap: 500 }, 29, 'a cap above the value changes nothing'],
  [{ instanceType: 'g5.48xlarge' }, 250, '7 x 49 + 2 = 345 -> 250'],
];

describe('maxPodsFor (max-pods-calculator.sh)', () => {
  for (const [input, expected, why] of rows) {
    it(`${JSON.stringify(input)} -> ${expected} (${why})`, () => {
      assert.equal(maxPodsFor(input), expected);
    });
  }

  it('explains the derivation', () => {
    const d = maxPodsDetails({ instanceType: 'm5.large', customNetworking: true, prefixDelegation: true });
    assert.equal(d.mode, 'custom-networking+prefix-delegation');
    assert.equal(d.uncappedMaxPods, 290);
    assert.equal(d.eniMaxPods, 29);
    assert.equal(d.enisForPods, 2);
    assert.equal(d.ceiling, 110);
    assert.equal(d.formula, '2 ENIs x ((10 IPs - 1) x 16) + 2 = 290');
    const fallback = maxPodsDetails({ instanceType: 'p3.2xlarge', prefixDelegation: true });
    assert.equal(fallback.mode, 'standard');
    assert.match(fallback.prefixDelegationFallback ?? '', /xen hypervisor/);
  });

  it('rejects bad options with clear errors', () => {
    assert.throws(
      () => maxPodsFor({ instanceType: 'm5.large', maxPodsCap: 0 }),
      /maxPodsCap must be a whole number/,
    );
    assert.throws(
      () => maxPodsFor({ instanceType: 'm5.large', maxEnis: 1.5 }),
      /maxEnis must be a whole number/,
    );
    assert.throws(
      () => maxPodsFor({ instanceType: 'm5.large', cniVersion: 'latest' }),
      /not a VPC CNI version/,
    );
    assert.throws(() => maxPodsFor({ instanceType: 'm5.lrage' }), /did you mean m5\.large/);
  });

  it('eniMaxPods is the uncapped standard value', () => {
    assert.equal(eniMaxPods('m5.24xlarge'), 737);
    assert.equal(eniMaxPods('t3.medium'), 17);
  });

  const types = listInstanceTypes().map((t) => t.instanceType);
  const arbInput = fc.record({
    instanceType: fc.constantFrom(...types),
    customNetworking: fc.boolean(),
    prefixDelegation: fc.boolean(),
    cniVersion: fc.constantFrom('1.7.5', '1.8.0', '1.9.0', '1.18.3', '1.19.2'),
  });

  it('never exceeds the vCPU ceiling or the uncapped value (property)', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const d = maxPodsDetails(input);
        return d.maxPods <= d.ceiling && d.maxPods <= d.uncappedMaxPods && d.maxPods >= 3;
      }),
    );
  });

  it('custom networking never gives more pods, prefix delegation never fewer (property)', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const plain = maxPodsFor({ ...input, customNetworking: false });
        const custom = maxPodsFor({ ...input, customNetworking: true });
        const withPd = maxPodsFor({ ...input, prefixDelegation: true });
        const withoutPd = maxPodsFor({ ...input, prefixDelegation: false });
        return custom <= plain && withPd >= withoutPd;
      }),
    );
  });
});
