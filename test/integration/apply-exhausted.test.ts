import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestSandbox } from '../helpers/sandbox.js';
import { cli, FAST, mutating, startScenario } from './apply-harness.js';

describe('apply on the exhausted scenario', () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startScenario('exhausted');
  });
  after(async () => {
    await sb.cleanup();
  });

  it('plans, applies, then verify passes', async () => {
    const apply = await cli(sb, ['apply', '--cluster', 'demo', '--yes', ...FAST]);
    console.log(apply.stdout, apply.stderr);
    assert.equal(apply.code, 0);
    const verify = await cli(sb, ['verify', '--cluster', 'demo', '--wait', '60', '--poll-interval', '50']);
    console.log(verify.stdout, verify.stderr);
    assert.equal(verify.code, 0);
  });

  it('a second apply makes no mutating call', async () => {
    const before = mutating(sb).length;
    const again = await cli(sb, ['apply', '--cluster', 'demo', '--yes', ...FAST]);
    console.log(again.stdout, again.stderr);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /Nothing to do/);
    assert.equal(mutating(sb).length, before);
  });
});
