import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestSandbox } from '../helpers/sandbox.js';
import { cli, FAST, startScenario } from './apply-harness.js';

/** A seeded random source, so the faults fall the same way on every run. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('apply under throttling, 500s and eventual consistency', () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startScenario('exhausted', {
      faults: { throttleRate: 0.15, errorRate: 0.1, consistencyDelayMs: 300 },
      random: seeded(7),
      tickIntervalMs: 50,
    });
  });
  after(async () => {
    await sb.cleanup();
  });

  it('succeeds, retrying, and creates each resource once', async () => {
    const r = await cli(sb, ['apply', '--cluster', 'demo', '--yes', ...FAST]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const trail = sb.trail();
    assert.ok(
      trail.some((e) => e.errorCode === 'RequestLimitExceeded' || e.errorCode === 'ThrottlingException'),
      'throttling was injected',
    );
    assert.ok(
      trail.some((e) => e.httpStatus >= 500),
      '5xx was injected',
    );
    const created = trail.filter((e) => e.action === 'CreateSubnet' && e.httpStatus === 200);
    assert.equal(
      created.length,
      new Set(created.flatMap((e) => e.resources.filter((x) => x.startsWith('subnet-')))).size,
    );
    const assoc = trail.filter((e) => e.action === 'AssociateVpcCidrBlock' && e.httpStatus === 200);
    assert.equal(assoc.length, 1);
  });
});
