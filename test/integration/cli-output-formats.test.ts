/**
 * Output conventions of the real CLI process against a sandbox: `-o yaml` carries the same data as
 * `-o json` for every command that prints data, `plan --detailed-exitcode` tells CI whether apply
 * would change anything, FORCE_COLOR / NO_COLOR / --no-color decide colour, and apply on a terminal
 * ends with a summary, with plain lines when the terminal has no size.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import YAML from 'yaml';
import type { TestSandbox } from '../helpers/sandbox.js';
import { runEksCidr, runEksCidrOnPty } from '../helpers/cli-process.js';
import { scenarioTemplate } from './apply-harness.js';

type Template = Awaited<ReturnType<typeof scenarioTemplate>>;
const ESC = '\u001b[';

function on(sb: TestSandbox) {
  const kube = ['--kubeconfig', sb.sandbox.paths!.kubeconfig];
  return {
    run: (args: string[], env: Record<string, string> = {}) =>
      runEksCidr([...args, ...kube], { ...sb.env, ...env }),
    pty: (args: string[], size?: { columns: number; rows: number }) =>
      runEksCidrOnPty([...args, ...kube], sb.env, size),
  };
}

describe('output conventions through the CLI process', () => {
  let basic: Template;
  let applied: Template;
  before(async () => {
    basic = await scenarioTemplate('basic');
    applied = await scenarioTemplate('applied');
  });
  after(() => {
    basic.dispose();
    applied.dispose();
  });

  it('-o yaml prints the same data as -o json: plan, verify, report, doctor, max-pods, destroy --dry-run', async () => {
    const sb = await applied.start();
    try {
      const cli = on(sb);
      const cases = [
        ['plan', '--cluster', 'demo'],
        ['verify', '--cluster', 'demo', '--wait', '0'],
        ['report', '--cluster', 'demo'],
        ['doctor', '--cluster', 'demo'],
        ['destroy', '--cluster', 'demo', '--dry-run'],
        ['max-pods', '-i', 'm5.large,c5.4xlarge'],
      ];
      for (const args of cases) {
        const run = args[0] === 'max-pods' ? (a: string[]) => runEksCidr(a, sb.env) : cli.run;
        const json = await run([...args, '-o', 'json']);
        const yaml = await run([...args, '--output', 'yaml']);
        assert.ok(json.code === 0 || json.code === 1, `${args[0]} -o json: ${json.stderr}`);
        assert.equal(yaml.code, json.code, `${args[0]}: ${yaml.stderr}`);
        assert.doesNotMatch(yaml.stdout, /^\s*[{[]/, `${args[0]} -o yaml printed JSON`);
        assert.deepEqual(YAML.parse(yaml.stdout), JSON.parse(json.stdout), args[0]);
      }
      const before = sb.trail().filter((e) => !e.readOnly).length;
      const dry = await cli.run(['destroy', '--cluster', 'demo', '--dry-run']);
      assert.equal(dry.code, 0, dry.stderr);
      assert.match(dry.stdout, /destroy on cluster demo would:\n[\s\S]*- delete ENIConfig/);
      assert.match(dry.stdout, /Dry run: nothing was changed\./);
      const data = YAML.parse(
        (await cli.run(['destroy', '--cluster', 'demo', '--dry-run', '-o', 'yaml'])).stdout,
      ) as {
        actions: { kind: string; description: string }[];
      };
      assert.ok(
        data.actions.some((a) => a.kind === 'delete-subnet' && /^delete subnet /.test(a.description)),
      );
      assert.equal(sb.trail().filter((e) => !e.readOnly).length, before, 'a dry run changed something');
    } finally {
      await sb.cleanup();
    }
  });

  it('an error under -o yaml is a YAML document on stderr', async () => {
    const r = await runEksCidr(['max-pods', '-i', 'm5.nosuch', '-o', 'yaml']);
    assert.equal(r.code, 2);
    const body = YAML.parse(r.stderr) as { error: { code: string; exitCode: number } };
    assert.equal(body.error.exitCode, 2);
    assert.match(body.error.code, /^E_/);
  });

  it('plan --detailed-exitcode: 1 with changes pending, 0 with nothing to do, 2 on bad input', async () => {
    const fresh = await basic.start();
    const done = await applied.start();
    try {
      const pending = await on(fresh).run(['plan', '--cluster', 'demo', '--detailed-exitcode']);
      assert.equal(pending.code, 1, pending.stderr);
      assert.match(pending.stdout, /\+ /, 'the plan is still printed');
      const plain = await on(fresh).run(['plan', '--cluster', 'demo']);
      assert.equal(plain.code, 0, 'without the flag a plan with changes exits 0');
      const nothing = await on(done).run(['plan', '--cluster', 'demo', '--detailed-exitcode']);
      assert.equal(nothing.code, 0, nothing.stdout + nothing.stderr);
      const bad = await on(fresh).run([
        'plan',
        '--cluster',
        'demo',
        '--cidr',
        '10.0.0.1/16',
        '--detailed-exitcode',
      ]);
      assert.equal(bad.code, 2);
    } finally {
      await fresh.cleanup();
      await done.cleanup();
    }
  });

  it('colour: FORCE_COLOR forces it into a pipe; NO_COLOR, FORCE_COLOR=0 and --no-color turn it off', async () => {
    const sb = await basic.start();
    try {
      const cli = on(sb);
      const plan = ['plan', '--cluster', 'demo'];
      assert.ok(!(await cli.run(plan)).stdout.includes(ESC), 'a pipe gets no colour by default');
      assert.ok((await cli.run(plan, { FORCE_COLOR: '1' })).stdout.includes(ESC), 'FORCE_COLOR=1');
      assert.ok((await cli.run(plan, { FORCE_COLOR: '1', NO_COLOR: '1' })).stdout.includes(ESC));
      assert.ok(!(await cli.run(plan, { FORCE_COLOR: '0' })).stdout.includes(ESC), 'FORCE_COLOR=0');
      assert.ok(!(await cli.run([...plan, '--no-color'], { FORCE_COLOR: '1' })).stdout.includes(ESC));
      const tty = await cli.pty(plan, { columns: 100, rows: 30 });
      assert.ok(tty.stdout.includes(ESC), 'a terminal gets colour');
      assert.ok(!(await cli.run(plan, { NO_COLOR: '1' })).stdout.includes(ESC));
    } finally {
      await sb.cleanup();
    }
  });

  it('apply on a terminal: a live list and a final summary; on a 0x0 terminal: plain lines', async () => {
    const apply = [
      'apply',
      '--cluster',
      'demo',
      '--yes',
      '--no-rotate-nodes',
      '--poll-interval',
      '5',
      '--no-color',
    ];
    const sized = await basic.start();
    const unsized = await basic.start();
    try {
      const live = await on(sized).pty(apply, { columns: 120, rows: 40 });
      assert.equal(live.code, 0, live.stdout);
      assert.match(live.stdout, /✓ vpc-cidr/);
      assert.match(live.stdout, /Done: \d+ applied, \d+ already in place\.\r?\n/);
      assert.doesNotMatch(
        live.stdout,
        /\d{4}-\d\d-\d\dT[\d:]+Z {2}\[/,
        'no timestamped lines on a sized terminal',
      );

      const lines = await on(unsized).pty(apply);
      assert.equal(lines.code, 0, lines.stdout);
      assert.match(lines.stdout, /Z {2}\[vpc-cidr\] start: /);
      assert.match(lines.stdout, /Z {2}done: \d+ step\(s\) applied/);
    } finally {
      await sized.cleanup();
      await unsized.cleanup();
    }
  });
});
