import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NODES_PER_MANAGED_NODEGROUP, splitIntoNodegroups } from './eks-quotas.js';

describe('splitIntoNodegroups', () => {
  it('uses the fewest groups within the quota, as equal as possible', () => {
    const cases: [number, number[]][] = [
      [0, []],
      [3, [3]],
      [450, [450]],
      [451, [226, 225]],
      [1000, [334, 333, 333]],
      [2000, [400, 400, 400, 400, 400]],
      [5000, Array.from({ length: 12 }, (_, i) => (i < 8 ? 417 : 416))],
    ];
    for (const [nodes, sizes] of cases) assert.deepEqual(splitIntoNodegroups(nodes), sizes, `${nodes}`);
  });

  it('never exceeds the quota and always adds up', () => {
    for (let nodes = 1; nodes <= 3000; nodes += 37) {
      const sizes = splitIntoNodegroups(nodes);
      assert.equal(
        sizes.reduce((a, b) => a + b, 0),
        nodes,
      );
      assert.ok(sizes.every((s) => s <= NODES_PER_MANAGED_NODEGROUP));
      assert.equal(sizes.length, Math.ceil(nodes / NODES_PER_MANAGED_NODEGROUP));
      assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1);
    }
  });

  it('takes an adjusted quota', () => {
    assert.deepEqual(splitIntoNodegroups(9, 4), [3, 3, 3]);
  });
});
