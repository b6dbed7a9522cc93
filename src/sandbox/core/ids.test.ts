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
