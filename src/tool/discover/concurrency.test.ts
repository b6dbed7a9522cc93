import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mapLimit } from './concurrency.js';

describe('mapLimit', () => {
  it('keeps order and never exceeds the limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3], 2, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      return n * 10;
    });
    assert.deepEqual(out, [50, 10, 40, 20, 30]);
    assert.equal(peak, 2);
  });

  it('stops on an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await assert.rejects(
      mapLimit([1, 2], 1, (n) => Promise.resolve(n), controller.signal),
      /stop/,
    );
  });
});
