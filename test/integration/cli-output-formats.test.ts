/**
 * `-o yaml` through the real CLI process against a sandbox: the same data as `-o json` for every
 * command that prints data (plan, verify, report, doctor, destroy --dry-run, max-pods), errors too.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import YAML from 'yaml';
import { eksCidrOn as on, runEksCidr } from '../helpers/cli-process.js';
import { scenarioTemplate, type ScenarioTemplate as Template } from './apply-harness.js';

describe('-o yaml through the CLI process', () => {
  let applied: Template;
  before(async () => {
    applied = await scenarioTemplate('applied');
  });
  after(() => {
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
});
