import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FaultInjector, parseFaultConfig } from './faults.js';

const always = () => 0;

describe('FaultInjector', () => {
  it('throttles every call at rate 1 when no streak cap is set', () => {
    const f = new FaultInjector(parseFaultConfig({ throttleRate: 1 }), undefined, always);
    const codes = Array.from({ length: 5 }, () => f.failureFor('eks', 'DescribeCluster')?.code);
    assert.deepEqual(codes, Array(5).fill('ThrottlingException'));
  });

  it('lets the call after maxConsecutive failures of one action through, per action', () => {
    const f = new FaultInjector(parseFaultConfig({ throttleRate: 1, maxConsecutive: 2 }), undefined, always);
    const seq = (action: string) =>
      Array.from({ length: 6 }, () => f.failureFor('ec2', action)?.code ?? 'ok');
    assert.deepEqual(seq('DescribeSubnets'), [
      'RequestLimitExceeded',
      'RequestLimitExceeded',
      'ok',
      'RequestLimitExceeded',
      'RequestLimitExceeded',
      'ok',
    ]);
    assert.equal(f.failureFor('ec2', 'DescribeVpcs')?.code, 'RequestLimitExceeded', 'a streak is per action');
  });

  it('counts 500s in the streak and leaves actions outside the list alone', () => {
    const f = new FaultInjector(
      parseFaultConfig({ errorRate: 1, maxConsecutive: 1, actions: ['CreateSubnet'] }),
      undefined,
      always,
    );
    assert.equal(f.failureFor('ec2', 'CreateSubnet')?.code, 'InternalError');
    assert.equal(f.failureFor('ec2', 'CreateSubnet'), undefined);
    assert.equal(f.failureFor('ec2', 'DescribeSubnets'), undefined);
  });

  it('bounds the streak per request, so parallel calls of one action do not reset each other', () => {
    const f = new FaultInjector(parseFaultConfig({ throttleRate: 1, maxConsecutive: 3 }), undefined, always);
    const seen: string[] = [];
    // Two calls of one action interleave; each is let through after its own third failure.
    for (let i = 0; i < 4; i++) {
      seen.push(
        `a:${f.failureFor('eks', 'DescribeNodegroup', 'GET /clusters/c/node-groups/a') ? 'x' : 'ok'}`,
      );
      seen.push(
        `b:${f.failureFor('eks', 'DescribeNodegroup', 'GET /clusters/c/node-groups/b') ? 'x' : 'ok'}`,
      );
    }
    assert.deepEqual(seen, ['a:x', 'b:x', 'a:x', 'b:x', 'a:x', 'b:x', 'a:ok', 'b:ok']);
  });

  it('lets a request that went through start a fresh streak', () => {
    const draws = [0, 0.9, 0, 0, 0];
    const f = new FaultInjector(
      parseFaultConfig({ throttleRate: 0.5, maxConsecutive: 2 }),
      undefined,
      () => draws.shift() ?? 0,
    );
    const r = () => f.failureFor('ec2', 'DescribeSubnets', 'POST / Action=DescribeSubnets')?.code ?? 'ok';
    assert.deepEqual(
      [r(), r(), r(), r(), r()],
      ['RequestLimitExceeded', 'ok', 'RequestLimitExceeded', 'RequestLimitExceeded', 'ok'],
    );
  });
});
