import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runDag, validateDag } from './dag.js';

const node = (id: string, ...dependsOn: string[]) => ({ id, dependsOn });

function deferred() {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('runDag', () => {
  it('runs dependencies first and never more than the concurrency limit at once', async () => {
    const nodes = [node('a'), node('b'), node('c'), node('d', 'a', 'b'), node('e', 'd')];
    let inFlight = 0;
    let peak = 0;
    const order: string[] = [];
    const result = await runDag(
      nodes,
      async (n) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setImmediate(r));
        order.push(n.id);
        inFlight--;
      },
      { concurrency: 2 },
    );
    assert.equal(peak, 2);
    assert.ok(order.indexOf('d') > order.indexOf('a') && order.indexOf('d') > order.indexOf('b'));
    assert.equal(order.at(-1), 'e');
    assert.ok([...result.outcomes.values()].every((o) => o === 'succeeded'));
  });

  it('stops starting steps after a failure but lets running independent steps finish', async () => {
    const slow = deferred();
    const nodes = [node('slow'), node('bad'), node('after-bad', 'bad'), node('later', 'slow')];
    const started: string[] = [];
    const run = runDag(
      nodes,
      async (n) => {
        started.push(n.id);
        if (n.id === 'bad') throw new Error('boom');
        if (n.id === 'slow') await slow.promise;
      },
      { concurrency: 4 },
    );
    await new Promise((r) => setImmediate(r));
    slow.resolve();
    const result = await run;
    assert.equal(result.outcomes.get('slow'), 'succeeded');
    assert.equal(result.outcomes.get('bad'), 'failed');
    assert.equal(result.outcomes.get('after-bad'), 'skipped');
    assert.equal(result.outcomes.get('later'), 'not-started');
    assert.deepEqual(started.sort(), ['bad', 'slow']);
    assert.equal(result.failures[0]?.id, 'bad');
  });

  it('passes the abort to running steps and starts nothing after it', async () => {
    const controller = new AbortController();
    const nodes = [node('a'), node('b', 'a')];
    const result = await runDag(
      nodes,
      (_n, signal) => {
        controller.abort(new Error('interrupted'));
        assert.equal(signal.aborted, true);
        return Promise.resolve();
      },
      { concurrency: 1, signal: controller.signal },
    );
    assert.equal(result.aborted, true);
    assert.equal(result.outcomes.get('b'), 'not-started');
  });

  it('rejects cycles, unknown dependencies and duplicate ids', () => {
    assert.throws(() => validateDag([node('a', 'b'), node('b', 'a')]), /cycle: a, b/);
    assert.throws(() => validateDag([node('a', 'x')]), /unknown step 'x'/);
    assert.throws(() => validateDag([node('a'), node('a')]), /duplicate/);
  });

  it('finishes at once with no steps', async () => {
    const result = await runDag([], () => Promise.resolve(), { concurrency: 1 });
    assert.equal(result.outcomes.size, 0);
  });
});
