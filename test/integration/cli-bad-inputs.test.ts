/**
 * Bad inputs are refused before anything is created (issue 16, finding 6), through the real CLI
 * process against a sandbox: exit 2, a stable code, the numbers or the reason, no stack trace, long
 * values cut, and not one mutating call in the sandbox trail.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { runEksCidrIsolated as runEksCidr, STACK_FRAME } from '../helpers/cli-process.js';
import { POD_SUBNETS_TOO_SMALL } from '../reliability/bad-input-cases.js';

describe('bad inputs through the real CLI: exit 2, nothing created', () => {
  let sb: TestSandbox;
  let home: string;
  before(async () => {
    sb = await startTestSandbox({ scenario: 'exhausted' });
    sb.sandbox.flush();
    home = mkdtempSync(join(tmpdir(), 'eks-cidr-bad-inputs-'));
  });
  after(async () => {
    rmSync(home, { recursive: true, force: true });
    await sb.cleanup();
  });

  const env = () => ({ ...sb.env, HOME: home, KUBECONFIG: sb.sandbox.paths!.kubeconfig });

  async function refused(
    args: string[],
    code: string | RegExp,
    environment: Record<string, string | undefined> = env(),
  ) {
    const before = sb.trail().filter((e) => !e.readOnly).length;
    const r = await runEksCidr(args, environment);
    assert.equal(r.code, 2, `${args.join(' ').slice(0, 200)}: exit ${r.code}\n${r.stderr}`);
    assert.match(r.stderr, typeof code === 'string' ? new RegExp(`\\[${code}\\]`) : code);
    assert.doesNotMatch(r.stderr, STACK_FRAME);
    assert.ok(r.stderr.length < 4000, `stderr is ${r.stderr.length} characters`);
    const made = sb.trail().filter((e) => !e.readOnly);
    assert.equal(
      made.length,
      before,
      `mutating calls: ${made
        .slice(before)
        .map((e) => e.action)
        .join(', ')}`,
    );
    return r.stderr;
  }

  it('verify --smoke with an empty or invalid --smoke-image creates no deployment', async () => {
    assert.match(
      await refused(['verify', '--cluster', 'demo', '--smoke', '--smoke-image', ''], 'E_INVALID_IMAGE'),
      /--smoke-image is empty/,
    );
    assert.match(
      await refused(
        ['verify', '--cluster', 'demo', '--smoke', '--smoke-image', 'Nginx:latest'],
        'E_INVALID_IMAGE',
      ),
      /must be lowercase/,
    );
    await refused(
      ['verify', '--cluster', 'demo', '--smoke', '--smoke-image', 'nginx:bad tag'],
      'E_INVALID_IMAGE',
    );
  });

  it('pod subnets too small for the pods of their zone, with the numbers', async () => {
    const err = await refused(
      ['apply', '--cluster', 'demo', '--yes', ...POD_SUBNETS_TOO_SMALL],
      'E_VALIDATION',
    );
    assert.match(
      err,
      /\[E_POD_SUBNET_TOO_SMALL\] Pod subnet 100\.64\.0\.0\/28 for us-east-1a holds 11 addresses/,
    );
    assert.match(err, /runs \d+ pod\(s\) on \d+ node\(s\), which need \d+/);
    assert.match(err, /--subnet-prefix 2[0-7]/);
  });

  it('special-purpose blocks: multicast, loopback, this network, class E, broadcast, link-local', async () => {
    const cases: [string, RegExp][] = [
      ['224.0.0.0/16', /multicast range 224\.0\.0\.0\/4/],
      ['127.0.0.0/16', /loopback range 127\.0\.0\.0\/8/],
      ['0.0.0.0/16', /"this network" range 0\.0\.0\.0\/8/],
      ['240.0.0.0/16', /class E range 240\.0\.0\.0\/4/],
      ['255.255.0.0/16', /limited broadcast address/],
      ['169.254.0.0/16', /The CIDR '169\.254\.0\.0\/16' is restricted\. Use a CIDR from the same private/],
    ];
    for (const [cidr, says] of cases) {
      const err = await refused(['apply', '--cluster', 'demo', '--yes', '--cidr', cidr], 'E_INVALID_REQUEST');
      assert.match(err, says);
      assert.match(err, /AWS documents no rule for this range|EC2 refuses it/);
    }
  });

  it('max-pods -i with an empty instance type', async () => {
    assert.match(await refused(['max-pods', '-i', ''], /not an empty value/), /instance type/);
  });

  it('a 10 KB value is cut in the message, in text and in JSON', async () => {
    const long = 'b'.repeat(10_000);
    const text = await refused(['plan', '--cluster', 'demo', '--zones', long], 'E_INVALID_REQUEST');
    assert.match(text, /'b{64}\.\.\. \(10000 characters\)'/);
    const json = await refused(
      ['--output', 'json', 'plan', '--cluster', 'demo', '--cidr', `1${long}`],
      /E_INVALID_REQUEST/,
    );
    assert.ok(!json.includes('b'.repeat(200)));
    const option = await refused(['plan', '--cluster', 'demo', `--x${long}`], /unknown option/);
    assert.match(option, /\.\.\. \(10\d\d\d characters\)/);
  });

  it('no region is a usage error (exit 2, E_NO_REGION) for every command, before any write', async () => {
    const rest: Record<string, string | undefined> = { ...env() };
    delete rest.AWS_REGION;
    delete rest.AWS_DEFAULT_REGION;
    for (const args of [
      ['plan', '--cluster', 'demo'],
      ['apply', '--cluster', 'demo', '--yes'],
      ['verify', '--cluster', 'demo', '--smoke'],
      ['destroy', '--cluster', 'demo', '--yes'],
    ]) {
      assert.match(await refused(args, 'E_NO_REGION', rest), /--region/);
    }
  });
});
