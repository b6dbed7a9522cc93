/**
 * Through the real CLI process against a sandbox: `plan --detailed-exitcode` tells CI whether apply
 * would change anything, and FORCE_COLOR / NO_COLOR / --no-color decide colour.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eksCidrOn as on } from '../helpers/cli-process.js';
import { scenarioTemplate, type ScenarioTemplate as Template } from './apply-harness.js';

const ESC = '\u001b[';

describe('plan --detailed-exitcode and colour through the CLI process', () => {
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
      assert.ok((await cli.run(plan, { FORCE_COLOR: '1' })).stdout.includes(ESC), 'FORCE_COLOR=1');
      assert.ok(!(await cli.run(plan, { FORCE_COLOR: '0' })).stdout.includes(ESC), 'FORCE_COLOR=0');
      assert.ok(!(await cli.run(plan, { NO_COLOR: '1' })).stdout.includes(ESC), 'NO_COLOR=1');
      assert.ok(!(await cli.run([...plan, '--no-color'], { FORCE_COLOR: '1' })).stdout.includes(ESC));
      // A pipe without either variable, and FORCE_COLOR over NO_COLOR: src/cli/color.test.ts.
    } finally {
      await sb.cleanup();
    }
  });
});
