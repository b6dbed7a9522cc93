/**
 * More than 200 bad inputs, each refused before anything is written: exit 2, an error naming the
 * problem, no stack trace, long values cut, and not one mutating call in the sandbox trail over the
 * whole run. Most go through the CLI's entry point in this process (main(), the code bin/eks-cidr.js
 * runs); a seeded sample, and every case that needs its own environment, through the real process.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { runEksCidrIsolated as runEksCidr, STACK_FRAME } from '../helpers/cli-process.js';
import { runCli, useSandboxEnv } from '../integration/plan-harness.js';
import { report } from './figures.js';
import { rng } from './rng.js';
import { badRequestOptions, LONG, otherBadInputs } from './bad-input-cases.js';

describe('reliability: bad inputs', () => {
  let sb: TestSandbox;
  let dir: string;
  before(async () => {
    sb = await startTestSandbox({ scenario: 'exhausted' });
    useSandboxEnv(sb);
    dir = mkdtempSync(join(tmpdir(), 'eks-cidr-bad-'));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await sb.cleanup();
  });

  it('>= 200 bad inputs: exit 2, no stack trace, no mutating call', async (t) => {
    writeFileSync(join(dir, 'bad.yaml'), 'cidr: [1, 2\n');
    writeFileSync(join(dir, 'unknown.yaml'), 'cluster: demo\ncidrr: 100.64.0.0/16\n');
    writeFileSync(join(dir, 'types.yaml'), 'cluster: demo\nsubnetPrefix: abc\nzones: 7\n');
    const cases = [
      ...badRequestOptions(),
      ...otherBadInputs(),
      ...['bad.yaml', 'unknown.yaml', 'types.yaml', 'missing.yaml'].map((f) => [
        'plan',
        '--config',
        join(dir, f),
      ]),
    ];
    const failures: string[] = [];
    let stackTraces = 0;
    let uncut = 0;
    for (const args of cases) {
      const writesBefore = sb.trail().filter((e) => !e.readOnly).length;
      const r = await runCli(sb, args);
      const writes = sb.trail().filter((e) => !e.readOnly).length - writesBefore;
      const out = r.stdout + r.stderr;
      const label = args.join(' ').slice(0, 120);
      if (r.code !== 2) failures.push(`${label}: exit ${r.code}: ${r.stderr.slice(0, 300)}`);
      if (STACK_FRAME.test(out)) stackTraces++;
      if (out.includes(LONG.slice(0, 200))) {
        uncut++;
        failures.push(`${label}: echoed a 10 KB value whole`);
      }
      if (writes > 0) failures.push(`${label}: made ${writes} mutating call(s)`);
      if (!/\[E_[A-Z_]+\]|^error: /m.test(r.stderr))
        failures.push(`${label}: no error code in ${r.stderr.slice(0, 200)}`);
    }
    // A seeded sample, and the cases that need their own environment, through the real process.
    const random = rng(7);
    const env = { ...sb.env, HOME: dir, KUBECONFIG: sb.sandbox.paths!.kubeconfig };
    const noRegion: Record<string, string | undefined> = { ...env };
    delete noRegion.AWS_REGION;
    delete noRegion.AWS_DEFAULT_REGION;
    const processCases: [string[], Record<string, string | undefined>][] = [
      ...Array.from(
        { length: 12 },
        () => [random.pick(cases), env] as [string[], Record<string, string | undefined>],
      ),
      ...[['plan'], ['apply', '--yes'], ['verify', '--smoke'], ['report'], ['destroy', '--yes']].map(
        (c) => [[...c, '--cluster', 'demo'], noRegion] as [string[], Record<string, string | undefined>],
      ),
    ];
    for (const [args, environment] of processCases) {
      const r = await runEksCidr(args, environment);
      const label = `process: ${args.join(' ').slice(0, 120)}`;
      if (r.code !== 2) failures.push(`${label}: exit ${r.code}: ${r.stderr.slice(0, 300)}`);
      if (STACK_FRAME.test(r.stdout + r.stderr)) stackTraces++;
    }
    const total = cases.length + processCases.length;
    const mutatingCalls = sb.trail().filter((e) => !e.readOnly).length;
    report(t, 'bad inputs', {
      inputs: total,
      'through the real process': processCases.length,
      'exit 2': total - failures.filter((f) => /: exit /.test(f)).length,
      'mutating calls': mutatingCalls,
      'stack traces': stackTraces,
      'long values echoed whole': uncut,
    });
    assert.ok(total >= 200, `only ${total} bad inputs`);
    assert.deepEqual(failures, []);
    assert.equal(stackTraces, 0);
    assert.equal(uncut, 0);
    assert.equal(mutatingCalls, 0);
  });
});
