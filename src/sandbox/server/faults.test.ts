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
});
