import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, RETRY_POLICY, retryReason, withRetry } from './retry.js';
import { FakeEngineClock } from './clock.js';

const awsError = (name: string, status: number) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

/** A call that always fails with one AWS error, counting its sends. */
function alwaysFailing(name: string, status: number) {
  const call = {
    sends: 0,
    send: () => {
      call.sends++;
      return Promise.reject(awsError(name, status));
    },
  };
  return call;
}

describe('retry', () => {
  it('classifies throttling, 5xx and eventual consistency', () => {
    assert.match(retryReason(awsError('RequestLimitExceeded', 503))!, /throttled/);
    assert.match(retryReason(awsError('ThrottlingException', 400))!, /throttled/);
    assert.match(retryReason(awsError('InternalError', 500))!, /server error/);
    assert.match(retryReason({ code: 429 })!, /429/);
    assert.equal(retryReason(awsError('InvalidSubnetID.NotFound', 400)), undefined);
    assert.match(retryReason(awsError('InvalidSubnetID.NotFound', 400), true)!, /not visible yet/);
    assert.equal(retryReason(awsError('InvalidVpc.Range', 400), true), undefined);
  });

  it('full jitter stays within [0, min(cap, base * 2^n))', () => {
    assert.equal(
      backoffDelay(3, 100, 10_000, () => 0.999999),
      799,
    );
    assert.equal(
      backoffDelay(20, 100, 10_000, () => 0.5),
      5000,
    );
    assert.equal(
      backoffDelay(0, 100, 10_000, () => 0),
      0,
    );
  });

  it('retries until success, sleeping the jittered delays', async () => {
    const clock = new FakeEngineClock();
    let calls = 0;
    const retries: string[] = [];
    const value = await withRetry(
      () => {
        calls++;
        if (calls < 3) return Promise.reject(awsError('Throttling', 400));
        return Promise.resolve('ok');
      },
      { clock, random: () => 0.5, baseMs: 100, onRetry: (r) => retries.push(r.reason) },
    );
    assert.equal(value, 'ok');
    assert.equal(calls, 3);
    assert.deepEqual(clock.sleeps, [50, 100]);
    assert.equal(retries.length, 2);
  });

  it('does not retry a client error and gives up after maxAttempts', async () => {
    const clock = new FakeEngineClock();
    await assert.rejects(
      withRetry(() => Promise.reject(awsError('InvalidVpc.Range', 400)), { clock }),
      /InvalidVpc.Range/,
    );
    assert.equal(clock.sleeps.length, 0);
    const failing = alwaysFailing('InternalError', 500);
    await assert.rejects(withRetry(failing.send, { clock, maxAttempts: 4, random: () => 0 }));
    assert.equal(failing.sends, 4);
  });
});

describe('retry policy caps', () => {
  it('sends at most RETRY_POLICY.maxAttempts times, and starts no retry after maxElapsedMs', async () => {
    const clock = new FakeEngineClock();
    const throttled = alwaysFailing('ThrottlingException', 400);
    await assert.rejects(withRetry(throttled.send, { clock, random: () => 0.5, baseMs: 200 }));
    assert.equal(throttled.sends, RETRY_POLICY.maxAttempts);

    const slow = alwaysFailing('ThrottlingException', 400);
    const start = clock.now();
    await assert.rejects(
      withRetry(slow.send, { clock, random: () => 0.999, baseMs: 20_000, maxAttempts: 100 }),
    );
    assert.ok(clock.now() - start <= RETRY_POLICY.maxElapsedMs, `${clock.now() - start} ms`);
    assert.ok(slow.sends < 100);
  });

  it('retries a connection reset (a lost response)', async () => {
    let sends = 0;
    const out = await withRetry(
      () =>
        ++sends === 1
          ? Promise.reject(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
          : Promise.resolve('ok'),
      { clock: new FakeEngineClock(), random: () => 0 },
    );
    assert.equal(out, 'ok');
    assert.equal(sends, 2);
  });

  it('after a create, waits out NotFound without using up the attempts throttling gets', async () => {
    const clock = new FakeEngineClock();
    // Five sends before the resource propagates, then seven throttled: 13 sends, still a success.
    const answers = [
      ...Array<string>(5).fill('ResourceNotFoundException'),
      ...Array<string>(RETRY_POLICY.maxAttempts - 1).fill('ThrottlingException'),
    ];
    let sends = 0;
    const value = await withRetry(
      () => {
        const code = answers[sends++];
        return code
          ? Promise.reject(awsError(code, code.startsWith('Throttl') ? 429 : 404))
          : Promise.resolve('ok');
      },
      { clock, random: () => 0, afterCreate: true },
    );
    assert.equal(value, 'ok');
    assert.equal(sends, answers.length + 1);
  });

  it('after a create, gives up on a resource that never appears once maxElapsedMs have passed', async () => {
    const clock = new FakeEngineClock();
    const start = clock.now();
    const unseen = alwaysFailing('InvalidSubnetID.NotFound', 400);
    await assert.rejects(
      withRetry(unseen.send, { clock, random: () => 0.999, afterCreate: true }),
      /InvalidSubnetID.NotFound/,
    );
    assert.ok(clock.now() - start <= RETRY_POLICY.maxElapsedMs, `${clock.now() - start} ms`);
    assert.ok(unseen.sends > 1 && unseen.sends <= RETRY_POLICY.maxAttempts, `${unseen.sends} sends`);
    // Without a pause between sends (a zero backoff), the count still ends it.
    const unpaused = alwaysFailing('InvalidSubnetID.NotFound', 400);
    await assert.rejects(withRetry(unpaused.send, { clock, baseMs: 0, afterCreate: true }));
    assert.equal(unpaused.sends, RETRY_POLICY.maxAttempts);
  });

  it('counts throttling after NotFound: the 8th throttled send is the error', async () => {
    let sends = 0;
    await assert.rejects(
      withRetry(
        () => {
          sends++;
          return Promise.reject(
            sends <= 2 ? awsError('ResourceNotFoundException', 404) : awsError('ThrottlingException', 429),
          );
        },
        { clock: new FakeEngineClock(), random: () => 0, afterCreate: true },
      ),
      /ThrottlingException/,
    );
    assert.equal(sends, 2 + RETRY_POLICY.maxAttempts);
  });
});
