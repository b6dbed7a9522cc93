/**
 * apply through the real CLI process on a pseudo-terminal: a live list and a final summary when the
 * terminal has a size, plain timestamped lines when it has none (0x0).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eksCidrOn as on } from '../helpers/cli-process.js';
import { scenarioTemplate, type ScenarioTemplate as Template } from './apply-harness.js';

describe('apply progress on terminals through the CLI process', () => {
  let basic: Template;
  before(async () => {
    basic = await scenarioTemplate('basic');
  });
  after(() => {
    basic.dispose();
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
