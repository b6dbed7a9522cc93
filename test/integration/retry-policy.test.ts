/**
 * One retry policy for every call (issue 16, finding 5): a call throttled forever is sent exactly
 * RETRY_POLICY.maxAttempts times, discovery included; a mutating call whose response is lost after
 * the change was made, then re-sent, counts as done ("already associated by me"), so apply succeeds
 * in one run; 50% throttling on discovery does not fail a plan.
 */
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RETRY_POLICY } from '../../src/tool/engine/retry.js';
import type { TestSandbox } from '../helpers/sandbox.js';
import { cli, FAST, mutating, startScenario } from './apply-harness.js';

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Every mutating AWS call apply makes on `basic` (rotation included). */
export const MUTATING_AWS_CALLS = [
  'CreateTags',
  'AssociateVpcCidrBlock',
  'CreateSubnet',
  'AssociateRouteTable',
  'UpdateAddon',
  'CreateNodegroup',
  'DeleteNodegroup',
];

describe('the one retry policy', () => {
  let sb: TestSandbox | undefined;
  const previous = process.env.EKS_CIDR_RETRY_BASE_MS;
  beforeEach(() => {
    process.env.EKS_CIDR_RETRY_BASE_MS = '2';
  });
  afterEach(async () => {
    await sb?.cleanup();
    sb = undefined;
  });
  after(() => {
    if (previous === undefined) delete process.env.EKS_CIDR_RETRY_BASE_MS;
    else process.env.EKS_CIDR_RETRY_BASE_MS = previous;
  });

  it(`sends a call throttled forever exactly ${RETRY_POLICY.maxAttempts} times, discovery included (exit 3)`, async () => {
    sb = await startScenario('exhausted', { faults: { throttleRate: 1, actions: ['DescribeCluster'] } });
    const r = await cli(sb, ['plan', '--cluster', 'demo']);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /ThrottlingException/);
    const sent = sb.trail().filter((e) => e.action === 'DescribeCluster').length;
    assert.equal(sent, RETRY_POLICY.maxAttempts);
  });

  it(`a step's call throttled forever is sent exactly ${RETRY_POLICY.maxAttempts} times (apply, exit 3)`, async () => {
    // Made through the step context's scope: the gateway is its one retry layer, the step adds none.
    sb = await startScenario('basic', { faults: { throttleRate: 1, actions: ['AssociateVpcCidrBlock'] } });
    const r = await cli(sb, ['apply', '--cluster', 'demo', '--yes', ...FAST]);
    assert.equal(r.code, 3, r.stderr + r.stdout);
    const sent = sb.trail().filter((e) => e.action === 'AssociateVpcCidrBlock').length;
    assert.equal(sent, RETRY_POLICY.maxAttempts);
  });

  it(`a page of verify's listing throttled forever is sent exactly ${RETRY_POLICY.maxAttempts} times`, async () => {
    // verify reads through the bare ports: the gateway retries each page, nothing wraps the listing.
    sb = await startScenario('basic', { faults: { throttleRate: 1, actions: ['DescribeSubnets'] } });
    const r = await cli(sb, ['verify', '--cluster', 'demo', '--wait', '0']);
    assert.equal(r.code, 3, r.stderr + r.stdout);
    const sent = sb.trail().filter((e) => e.action === 'DescribeSubnets').length;
    assert.equal(sent, RETRY_POLICY.maxAttempts);
  });

  it('plans under 50% throttling of every call', async () => {
    // Bursts end after two throttles in a row per action, as a refilled token bucket ends them: the
    // policy's 8 attempts then always suffice, where independent 50% draws fail 1 call in 256.
    sb = await startScenario('exhausted', {
      faults: { throttleRate: 0.5, maxConsecutive: 2 },
      random: seeded(3),
    });
    for (let i = 0; i < 3; i++) {
      const r = await cli(sb, ['plan', '--cluster', 'demo']);
      assert.equal(r.code, 0, r.stderr);
    }
    assert.ok(
      sb
        .trail()
        .filter((e) => e.errorCode === 'ThrottlingException' || e.errorCode === 'RequestLimitExceeded')
        .length > 5,
    );
  });

  it('a lost response on each mutating call: apply still succeeds in one run, each change made once', async () => {
    sb = await startScenario('basic', {
      faults: { loseResponses: Object.fromEntries(MUTATING_AWS_CALLS.map((a) => [a, 1])) },
    });
    // Replacement, not an in-place roll: it makes the CreateNodegroup and DeleteNodegroup calls.
    const r = await cli(sb, ['apply', '--cluster', 'demo', '--yes', '--rotation', 'replace', ...FAST]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const lost = new Set(
      sb
        .trail()
        .filter((e) => e.responseLost)
        .map((e) => e.action),
    );
    assert.deepEqual(
      [...lost].sort(),
      [...MUTATING_AWS_CALLS].sort(),
      'every mutating call lost one response',
    );
    const ok = (action: string) => mutating(sb!).filter((e) => e.action === action && e.httpStatus === 200);
    assert.equal(ok('AssociateVpcCidrBlock').length, 1);
    assert.equal(ok('CreateNodegroup').length >= 1, true);
    const before = mutating(sb).length;
    const again = await cli(sb, ['apply', '--cluster', 'demo', '--yes', ...FAST]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(mutating(sb).length, before, 'converged: a re-run changes nothing');
    const verify = await cli(sb, ['verify', '--cluster', 'demo', '--wait', '5', '--poll-interval', '5']);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  });
});
