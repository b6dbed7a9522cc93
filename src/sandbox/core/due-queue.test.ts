import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DueQueue } from './due-queue.js';

describe('DueQueue', () => {
  it('hands out what is due by now, earliest first, once', () => {
    const q = new DueQueue();
    q.schedule('b', 20);
    q.schedule('a', 10);
    q.schedule('c', 30);
    assert.deepEqual(q.takeDue(5), []);
    assert.equal(q.nextAt(), 10);
    assert.deepEqual(q.takeDue(20), ['a', 'b']);
    assert.deepEqual(q.takeDue(20), []);
    assert.equal(q.size, 1);
  });

  it('keeps one due time per key: scheduling again replaces it', () => {
    const q = new DueQueue();
    q.schedule('a', 10);
    q.schedule('a', 50);
    assert.deepEqual(q.takeDue(40), []);
    assert.equal(q.nextAt(), 50);
    q.schedule('a', 10);
    assert.deepEqual(q.takeDue(10), ['a']);
    assert.equal(q.nextAt(), undefined);
  });

  it('agrees with a plain map of due times under any schedule (property)', () => {
    const op = fc.oneof(
      fc.record({ schedule: fc.constantFrom('a', 'b', 'c', 'd'), at: fc.integer({ min: 0, max: 100 }) }),
      fc.record({ take: fc.integer({ min: 0, max: 100 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const q = new DueQueue();
        const model = new Map<string, number>();
        for (const o of ops) {
          if ('schedule' in o) {
            q.schedule(o.schedule, o.at);
            model.set(o.schedule, o.at);
          } else {
            const expected = [...model]
              .filter(([, at]) => at <= o.take)
              .sort((x, y) => x[1] - y[1])
              .map(([k]) => k);
            for (const k of expected) model.delete(k);
            const got = q.takeDue(o.take);
            // Keys due at the same instant may come in either order.
            assert.deepEqual([...got].sort(), [...expected].sort());
          }
        }
        assert.equal(q.size, model.size);
      }),
      { numRuns: 300 },
    );
  });
});
