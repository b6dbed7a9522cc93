/**
 * The config file and request checks through the CLI: `cluster` and every option from `--config`
 * (flags win), errors naming the file, field, element index and expected type, publicly routable
 * blocks refused without --allow-public-cidr, zone ids mapped to names, and a request that differs
 * from what exists said so.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { runCli, useSandboxEnv } from './plan-harness.js';

interface PlanJson {
  cluster: string;
  request: { cidr: string; cidrSource: string; zones: string[]; subnetPrefix: number };
  warnings: { code: string; message: string }[];
}

describe('config file and request checks', () => {
  let sb: TestSandbox;
  let applied: TestSandbox;
  let dir: string;
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eks-cidr-config-'));
    sb = await startTestSandbox({ scenario: 'basic' });
    applied = await startTestSandbox({ scenario: 'applied' });
  });
  after(async () => {
    await sb.cleanup();
    await applied.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes cluster and the request from the file; flags win over it', async () => {
    useSandboxEnv(sb);
    const f = file(
      'request.yaml',
      'cluster: demo\ncidr: 100.64.0.0/16\nzones: [us-east-1a, us-east-1b, us-east-1c]\n',
    );
    const r = await runCli(sb, ['plan', '--config', f, '--output', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const plan = JSON.parse(r.stdout) as PlanJson;
    assert.equal(plan.cluster, 'demo');
    assert.equal(plan.request.cidr, '100.64.0.0/16');
    assert.equal(plan.request.cidrSource, 'config');
    const flagged = await runCli(sb, ['plan', '--config', f, '--cidr', '100.65.0.0/16', '--output', 'json']);
    assert.equal(flagged.code, 0, flagged.stderr);
    assert.equal((JSON.parse(flagged.stdout) as PlanJson).request.cidr, '100.65.0.0/16');
  });

  it('a missing file is named, not reported as a missing --cluster', async () => {
    const r = await runCli(sb, ['plan', '--config', join(dir, 'nope.yaml')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Cannot read config file .*nope\.yaml: ENOENT \[E_CONFIG_NOT_FOUND\]/);
  });

  it('without cluster anywhere, says where it may come from', async () => {
    const r = await runCli(sb, ['verify', '--config', file('empty.yaml', 'smoke: true\n')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /required option '--cluster <name>' not specified/);
    assert.match(r.stderr, /or set 'cluster:' in the file given to --config/);
  });

  it('names the file, field, element index and expected type of each bad value', async () => {
    const bad = file(
      'bad.yaml',
      'cluster: demo\nzones: [us-east-1a, Mars]\nsubnetPrefix: abc\nsecurityGroups: [sg-1, 5]\n',
    );
    const r = await runCli(sb, ['plan', '--config', bad]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bad\.yaml: field 'zones\[1\]': 'Mars' is not an availability zone name/);
    assert.match(r.stderr, /bad\.yaml: field 'subnetPrefix': expected "auto" or a number, got string "abc"/);
    assert.match(r.stderr, /bad\.yaml: field 'securityGroups\[1\]': .*expected string, received number/);
    const typed = file('typed.yaml', 'cluster: demo\nconcurrency: 0\nyes: maybe\nclustr: x\n');
    const t = await runCli(sb, ['apply', '--config', typed]);
    assert.equal(t.code, 2);
    assert.match(t.stderr, /typed\.yaml: field 'concurrency': Expected a whole number of at least 1/);
    assert.match(t.stderr, /typed\.yaml: field 'yes': expected true or false, got string "maybe"/);
    assert.match(t.stderr, /typed\.yaml: field 'clustr': unknown field \(did you mean 'cluster'\?\)/);
  });

  it('a publicly routable --cidr needs --allow-public-cidr, which then warns why', async () => {
    const refused = await runCli(sb, ['plan', '--cluster', 'demo', '--cidr', '8.8.0.0/16']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--cidr: 8\.8\.0\.0\/16 is publicly routable/);
    assert.match(refused.stderr, /--allow-public-cidr/);
    const allowed = await runCli(sb, [
      'plan',
      '--cluster',
      'demo',
      '--cidr',
      '8.8.0.0/16',
      '--allow-public-cidr',
      '--output',
      'json',
    ]);
    assert.equal(allowed.code, 0, allowed.stderr);
    const plan = JSON.parse(allowed.stdout) as PlanJson;
    assert.ok(plan.warnings.some((w) => w.code === 'W_PUBLIC_CIDR'));
  });

  it('accepts zone ids and maps them to the zone names; an unknown id is named', async () => {
    const r = await runCli(sb, [
      'plan',
      '--cluster',
      'demo',
      '--zones',
      'use1-az1,use1-az2,use1-az4',
      '--output',
      'json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as PlanJson).request.zones, [
      'us-east-1a',
      'us-east-1b',
      'us-east-1c',
    ]);
    const bad = await runCli(sb, ['plan', '--cluster', 'demo', '--zones', 'use1-az9']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Zone id 'use1-az9' is not a zone of us-east-1/);
  });

  it('a --subnet-prefix that differs from the existing pod subnets is reported as such', async () => {
    useSandboxEnv(applied);
    const r = await runCli(applied, ['plan', '--cluster', 'demo', '--subnet-prefix', '20']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout + r.stderr,
      /--subnet-prefix 20 differs from what exists: the pod subnets eks-cidr made .* are \/\d+/,
    );
  });
});
