import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SeededIds } from './ids.js';

describe('SeededIds', () => {
  it('issues AWS-shaped IDs, deterministic for a seed', () => {
    const a = new SeededIds({ seed: 42, counter: 0 });
    const b = new SeededIds({ seed: 42, counter: 0 });
    const id = a.next('vpc');
    assert.match(id, /^vpc-[0-9a-f]{17}$/);
    assert.equal(b.next('vpc'), id);
    assert.match(a.uuid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('never repeats an ID within a run or after a restart from the stored counter', () => {
    const state = { seed: 7, counter: 0 };
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) seen.add(new SeededIds(state).next('subnet'));
    assert.equal(seen.size, 5000);
  });
});

describe('SeededIds.withGiven', () => {
  it('hands out the given ids first, per prefix and in order, then generated ones; drops the unused', () => {
    const ids = new SeededIds({ seed: 1, counter: 0 });
    const inside = ids.withGiven(
      { vpc: 'vpc-0123456789abcdef0', subnet: ['subnet-1', 'subnet-2', 'subnet-3'] },
      () => [ids.next('vpc'), ids.next('subnet'), ids.next('subnet'), ids.next('vpc')],
    );
    assert.deepEqual(inside.slice(0, 3), ['vpc-0123456789abcdef0', 'subnet-1', 'subnet-2']);
    assert.match(inside[3]!, /^vpc-[0-9a-f]{17}$/);
    assert.match(ids.next('subnet'), /^subnet-[0-9a-f]{17}$/);
  });
});
