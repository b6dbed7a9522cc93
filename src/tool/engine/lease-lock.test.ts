import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { acquireLock, isStale } from './lease-lock.js';
import * as lockModule from './lease-lock.js';
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

describe('localHolderGone', () => {
  it('recognises a holder of this host whose process is gone', () => {
    const { localHolderGone } = lockModule;
    assert.equal(
      localHolderGone('ann@box pid 42 run ab12cd', 'box', () => false),
      true,
    );
    assert.equal(
      localHolderGone('ann@box pid 42 run ab12cd', 'box', () => true),
      false,
    );
    assert.equal(
      localHolderGone('ann@other pid 42 run ab12cd', 'box', () => false),
      false,
    );
    assert.equal(
      localHolderGone('someone else', 'box', () => false),
      false,
    );
  });
});
