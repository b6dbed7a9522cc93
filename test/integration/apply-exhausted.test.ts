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
    assert.equal(apply.code, 0);
    const verify = await cli(sb, ['verify', '--cluster', 'demo', '--wait', '60', '--poll-interval', '50']);
    assert.equal(verify.code, 0);
  });

  it('a second apply makes no mutating call', async () => {
    const before = mutating(sb).length;
    const again = await cli(sb, ['apply', '--cluster', 'demo', '--yes', ...FAST]);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /Nothing to do/);
    assert.equal(mutating(sb).length, before);
  });

  it('--output json prints one event per line', async () => {
    const r = await cli(sb, ['apply', '--cluster', 'demo', '--yes', '--output', 'json', ...FAST]);
    assert.equal(r.code, 0, r.stderr);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; ok?: boolean; noOps?: number });
    const done = events.find((e) => e.type === 'run-done');
    assert.equal(done?.ok, true);
    assert.ok((done?.noOps ?? 0) > 0);
  });
});
