import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { acquireLock, clearAbandonedLock, isStale } from './lease-lock.js';
import { FakeEngineClock } from './clock.js';
import { FakeState, fakePorts } from '../steps/testing/fake-ports.js';
import { EksCidrError } from '../errors.js';

describe('lease lock', () => {
  it('a second holder gets exit 4 naming the first; release frees the lease', async () => {
    const state = new FakeState();
    const port = fakePorts(state).kube.lease;
    const clock = new FakeEngineClock();
    const first = await acquireLock({
      port,
      holder: 'alice@host pid 1',
      cluster: 'demo',
      clock,
      durationSeconds: 60,
    });
    const err = await acquireLock({ port, holder: 'bob@host pid 2', cluster: 'demo', clock }).catch(
      (e: unknown) => e,
    );
    assert.ok(err instanceof EksCidrError);
    assert.equal(err.exitCode, 4);
    assert.equal(err.code, 'E_LOCK_HELD');
    assert.match(err.message, /alice@host pid 1/);
    await first.release();
    assert.equal(state.lease, undefined);
    const second = await acquireLock({ port, holder: 'bob@host pid 2', cluster: 'demo', clock });
    await second.release();
  });

  it('takes over a stale lease whose holder stopped renewing', async () => {
    const state = new FakeState();
    const port = fakePorts(state).kube.lease;
    const clock = new FakeEngineClock();
    state.lease = {
      holderIdentity: 'crashed',
      leaseDurationSeconds: 60,
      renewTime: clock.now(),
      resourceVersion: 'rv-0',
    };
    await assert.rejects(acquireLock({ port, holder: 'me', cluster: 'demo', clock }), /crashed/);
    clock.advance(61_000);
    assert.equal(isStale(state.lease, clock.now()), true);
    const lock = await acquireLock({ port, holder: 'me', cluster: 'demo', clock });
    assert.equal(state.lease?.holderIdentity, 'me');
    await lock.release();
  });

  it('renews while held and reports a lease lost to another holder', async () => {
    const state = new FakeState();
    const port = fakePorts(state).kube.lease;
    const clock = new FakeEngineClock();
    let lost: Error | undefined;
    const lock = await acquireLock({
      port,
      holder: 'me',
      cluster: 'demo',
      clock,
      durationSeconds: 3,
      onLost: (e) => (lost = e),
    });
    const firstRenew = state.lease!.renewTime!;
    for (let i = 0; i < 20 && state.lease!.renewTime === firstRenew; i++)
      await new Promise((r) => setImmediate(r));
    assert.ok(state.lease!.renewTime! > firstRenew);
    state.lease = {
      holderIdentity: 'thief',
      leaseDurationSeconds: 3,
      renewTime: clock.now(),
      resourceVersion: 'stolen',
    };
    for (let i = 0; i < 50 && !lost; i++) await new Promise((r) => setImmediate(r));
    assert.match(lost!.message, /thief/);
    await lock.release();
    assert.equal(state.lease.holderIdentity, 'thief');
  });
});

describe('lease lock: lost responses and renewal failures', () => {
  it('a create whose response was lost (409 on the re-send, the lease is ours) is acquired', async () => {
    const state = new FakeState();
    const ports = fakePorts(state);
    const port = {
      ...ports.kube.lease,
      async create(lease: Parameters<typeof ports.kube.lease.create>[0]) {
        await ports.kube.lease.create(lease);
        throw Object.assign(new Error('AlreadyExists'), { code: 409 });
      },
    };
    const clock = new FakeEngineClock();
    const lock = await acquireLock({ port, holder: 'me', cluster: 'demo', clock });
    assert.equal(state.lease?.holderIdentity, 'me');
    await lock.release();
  });

  it('stops the run (onLost) when renewals keep failing, before the lease can expire', async () => {
    const state = new FakeState();
    const ports = fakePorts(state);
    let failing = false;
    const port = {
      ...ports.kube.lease,
      replace: (lease: Parameters<typeof ports.kube.lease.replace>[0]) =>
        failing ? Promise.reject(new Error('connect ECONNREFUSED')) : ports.kube.lease.replace(lease),
    };
    const clock = new FakeEngineClock();
    let lost: Error | undefined;
    const lock = await acquireLock({
      port,
      holder: 'me',
      cluster: 'demo',
      clock,
      durationSeconds: 30,
      onLost: (e) => (lost = e),
    });
    failing = true;
    const start = clock.now();
    for (let i = 0; i < 200 && !lost; i++) {
      clock.advance(1_000);
      for (let j = 0; j < 5; j++) await new Promise((r) => setImmediate(r));
    }
    assert.ok(lost, 'the run is told to stop');
    assert.match(lost.message, /could not renew the lock/);
    assert.ok(clock.now() - start < 30_000, 'before the 30 s lease runs out');
    failing = false;
    await lock.release();
  });

  it('clearAbandonedLock removes only a lease whose holder is provably gone', async () => {
    const state = new FakeState();
    const port = fakePorts(state).kube.lease;
    const clock = new FakeEngineClock();
    const gone = (h: string) => h === 'dead';
    assert.equal(await clearAbandonedLock(port, gone), undefined, 'no lease: nothing to do');
    const live = await acquireLock({ port, holder: 'alive', cluster: 'demo', clock });
    assert.equal(await clearAbandonedLock(port, gone), undefined);
    assert.equal(state.lease?.holderIdentity, 'alive', 'a live holder keeps its lease');
    await live.release();
    state.lease = {
      holderIdentity: 'dead',
      leaseDurationSeconds: 60,
      renewTime: clock.now(),
      resourceVersion: 'rv-1',
    };
    assert.equal(await clearAbandonedLock(port, gone), 'dead');
    assert.equal(state.lease, undefined);
  });
});
