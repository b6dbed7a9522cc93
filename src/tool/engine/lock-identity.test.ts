import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatHolder,
  holderProvablyGone,
  parseHolder,
  startTimeFromStat,
  type LocalProcesses,
} from './lock-identity.js';

const me: LocalProcesses = {
  host: 'vm',
  bootId: 'b00t',
  pidNamespace: '4026531836',
  startTimeOf: (pid) => (pid === 1 ? '10' : pid === 77 ? '999' : undefined),
};
const holder = (over: Partial<Parameters<typeof formatHolder>[0]> = {}) =>
  formatHolder({
    user: 'ann',
    host: 'vm',
    pid: 4242,
    run: '9f2c4e1a0b7d3e55',
    bootId: 'b00t',
    pidNamespace: '4026531836',
    startTime: '500',
    ...over,
  });

describe('lock identity', () => {
  it('round-trips through the lease holderIdentity', () => {
    const text = holder();
    assert.equal(text, 'ann@vm pid 4242 run 9f2c4e1a0b7d3e55 boot b00t pidns 4026531836 start 500');
    assert.deepEqual(parseHolder(text), {
      user: 'ann',
      host: 'vm',
      pid: 4242,
      run: '9f2c4e1a0b7d3e55',
      bootId: 'b00t',
      pidNamespace: '4026531836',
      startTime: '500',
    });
  });

  it('a dead process of this machine and PID namespace is provably gone, and a reused pid too', () => {
    assert.equal(holderProvablyGone(holder(), me), true);
    assert.equal(
      holderProvablyGone(holder({ pid: 77, startTime: '500' }), me),
      true,
      'pid 77 is another process now',
    );
    assert.equal(holderProvablyGone(holder({ pid: 77, startTime: '999' }), me), false, 'still running');
  });

  it('never takes over from another PID namespace, boot, host, or a holder without those facts', () => {
    assert.equal(
      holderProvablyGone(holder({ pidNamespace: '4026532999' }), me),
      false,
      'a container on this host',
    );
    assert.equal(holderProvablyGone(holder({ pid: 1, pidNamespace: '4026532999' }), me), false);
    assert.equal(holderProvablyGone(holder({ bootId: 'other' }), me), false);
    assert.equal(holderProvablyGone(holder({ host: 'other' }), me), false);
    assert.equal(holderProvablyGone('unknown@vm pid 1 run abc', me), false, 'the old identity format');
    assert.equal(holderProvablyGone('someone', me), false);
    assert.equal(holderProvablyGone(holder(), { ...me, pidNamespace: undefined }), false, 'no /proc here');
  });

  it('reads the start time after a command name holding spaces and parentheses', () => {
    const stat = '42 (node (x) y) S 1 42 42 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 11 0 123456 1000 50';
    assert.equal(startTimeFromStat(stat), '123456');
  });
});
