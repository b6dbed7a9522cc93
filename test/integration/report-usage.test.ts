import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestSandbox } from '../helpers/sandbox.js';
import { cli, FAST, startScenario } from './apply-harness.js';

describe('report', () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startScenario('exhausted');
  });
  after(async () => {
    await sb.cleanup();
  });

  it('shows node subnets over 80% used before, and the pod subnets after apply (json)', async () => {
    const before = await cli(sb, ['report', '--cluster', 'demo', '--output', 'json']);
    assert.equal(before.code, 0, before.stderr);
    const r1 = JSON.parse(before.stdout) as {
      subnets: { role: string; percentUsed: number }[];
      warnings: string[];
    };
    assert.ok(r1.subnets.some((s) => s.role === 'node'));
    assert.ok(r1.warnings.length > 0, 'the exhausted node subnets are flagged');

    assert.equal((await cli(sb, ['apply', '--cluster', 'demo', '--yes', ...FAST])).code, 0);
    const after = await cli(sb, ['report', '--cluster', 'demo', '--output', 'json']);
    const r2 = JSON.parse(after.stdout) as { subnets: { role: string; cidr: string; usable: number }[] };
    const pod = r2.subnets.filter((s) => s.role === 'pod');
    assert.equal(pod.length, 3);
    assert.ok(pod.every((s) => s.cidr.startsWith('100.64.') && s.usable === 16379));
    const text = await cli(sb, ['report', '--cluster', 'demo']);
    assert.match(text.stdout, /SUBNET\s+ROLE\s+ZONE\s+CIDR\s+SIZE\s+USED\s+FREE\s+USED%/);
  });
});
