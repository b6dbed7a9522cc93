/**
 * CIDR allocation and max-pods figures. `allocate` over used-sets growing tenfold shows how its cost
 * grows with the number of used blocks (it sorts and merges them, so about n log n: the "per used
 * block" column should stay nearly flat); maxPodsFor is timed over every shipped instance type, per
 * mode.
 */
import { allocate, allocateMany, cidr, parseCidr, type Cidr } from '../src/shared/cidr/index.js';
import { listInstanceTypes, maxPodsFor, type MaxPodsInput } from '../src/shared/aws-facts/index.js';
import { measure, report, type Measurement } from './harness.js';

const within = [parseCidr('100.64.0.0/10')];

/** `count` used /28s spread over the range in a scrambled order, as a long-lived VPC accumulates. */
function usedBlocks(count: number): Cidr[] {
  const blocks: Cidr[] = [];
  for (let i = 0; i < count; i++) {
    const slot = (i * 7919) % (count * 2); // every other /28, shuffled
    blocks.push(cidr(within[0]!.network + slot * 16, 28));
  }
  return blocks;
}

const allocateRows: Measurement[] = [10, 100, 1_000, 10_000].map((n) => {
  const used = usedBlocks(n);
  const m = measure(`allocate /24, ${n} used`, () => allocate({ within, prefix: 24, used }), 200, {
    used: n,
  });
  return { ...m, extra: { used: n, 'per used block': `${(m.nsPerOp / n).toFixed(1)} ns` } };
});
report('allocate: lowest free /24 in 100.64.0.0/10 avoiding n used /28s', allocateRows);

const manyRows: Measurement[] = [3, 6, 12].map((count) =>
  measure(
    `allocateMany ${count} x /19`,
    () => allocateMany({ within, prefix: 19, used: usedBlocks(100), count }),
    200,
    {
      count,
    },
  ),
);
report('allocateMany: zone subnets, 100 used blocks', manyRows);

const types = listInstanceTypes().map((t) => t.instanceType);
const modes: [string, Omit<MaxPodsInput, 'instanceType'>][] = [
  ['standard', {}],
  ['custom networking', { customNetworking: true }],
  ['prefix delegation', { prefixDelegation: true }],
  ['custom + prefix, CNI 1.8', { customNetworking: true, prefixDelegation: true, cniVersion: '1.8.0' }],
];
const podRows = modes.map(([name, flags]) =>
  measure(`maxPodsFor x ${types.length} types, ${name}`, () => {
    let total = 0;
    for (const instanceType of types) total += maxPodsFor({ instanceType, ...flags });
    return total;
  }),
);
report(`maxPodsFor over all ${types.length} shipped instance types (one op = the whole list)`, podRows);
