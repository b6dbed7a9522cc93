import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import YAML from 'yaml';
import { createReporter, JsonRenderer, PlainRenderer, rendererFor, TtyRenderer } from './index.js';

function sink(isTTY = false, columns = isTTY ? 80 : 0, rows = isTTY ? 24 : 0) {
  const chunks: string[] = [];
  return { chunks, isTTY, columns, rows, write: (s: string) => chunks.push(s), text: () => chunks.join('') };
}

const t0 = Date.UTC(2026, 10, 30, 20, 0, 0);

describe('progress renderers', () => {
  it('chooses JSON for --output json, a live list on a TTY, lines otherwise', () => {
    assert.ok(rendererFor({ output: 'json', stdout: sink(true), color: false }) instanceof JsonRenderer);
    assert.ok(rendererFor({ output: 'text', stdout: sink(true), color: false }) instanceof TtyRenderer);
    assert.ok(rendererFor({ output: 'text', stdout: sink(false), color: false }) instanceof PlainRenderer);
    assert.ok(rendererFor({ output: 'yaml', stdout: sink(true), color: false }) instanceof JsonRenderer);
  });

  it('a terminal without a size (a 0x0 pty) gets plain lines, not a live list it cannot show', () => {
    assert.ok(
      rendererFor({ output: 'text', stdout: sink(true, 0, 0), color: false }) instanceof PlainRenderer,
    );
    assert.ok(
      rendererFor({ output: 'text', stdout: sink(true, 80, 0), color: false }) instanceof PlainRenderer,
    );
  });

  it('yaml: one document per event, each opened by ---', () => {
    const out = sink();
    const r = createReporter(new JsonRenderer(out, 'yaml'), () => t0);
    r.emit({ type: 'notice', level: 'info', message: 'a: b' });
    r.emit({ type: 'run-done', ok: true, succeeded: 1, failed: 0, skipped: 0, noOps: 2 });
    const docs = YAML.parseAllDocuments(out.text()).map(
      (d) => d.toJS() as { type: string; message?: string },
    );
    assert.deepEqual(
      docs.map((d) => d.type),
      ['notice', 'run-done'],
    );
    assert.equal(docs[0]!.message, 'a: b');
  });

  it('plain: timestamped lines without milliseconds', () => {
    const out = sink();
    const r = createReporter(new PlainRenderer(out), () => t0);
    r.emit({
      type: 'step-start',
      id: 'subnet:us-east-1a',
      description: 'create subnet 100.64.0.0/18 in us-east-1a',
    });
    r.emit({ type: 'step-failed', id: 'subnet:us-east-1a', code: 'E_X', message: 'boom', hint: 'do this' });
    assert.equal(
      out.text(),
      '2026-11-30T20:00:00Z  [subnet:us-east-1a] start: create subnet 100.64.0.0/18 in us-east-1a\n' +
        '2026-11-30T20:00:00Z  [subnet:us-east-1a] FAILED: boom [E_X]\n    do this\n',
    );
  });

  it('json: one parseable object per line with type and time', () => {
    const out = sink();
    const r = createReporter(new JsonRenderer(out), () => t0);
    r.emit({ type: 'step-retry', id: 'a', attempt: 1, delayMs: 120, reason: 'throttled (Throttling)' });
    r.emit({ type: 'run-done', ok: true, succeeded: 1, failed: 0, skipped: 0, noOps: 0 });
    const lines = out
      .text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; time: string });
    assert.deepEqual(
      lines.map((l) => l.type),
      ['step-retry', 'run-done'],
    );
    assert.equal(lines[0]!.time, '2026-11-30T20:00:00.000Z');
  });

  it('tty: redraws one line per step with its state', () => {
    const out = sink(true);
    const r = createReporter(new TtyRenderer(out, false), () => t0);
    r.emit({
      type: 'run-start',
      command: 'apply',
      cluster: 'demo',
      steps: [
        { id: 'vpc-cidr', kind: 'associate-cidr', action: 'create', description: 'associate 100.64.0.0/16' },
        { id: 'cni', kind: 'configure-cni', action: 'update', description: 'set env' },
      ],
    });
    r.emit({ type: 'step-start', id: 'vpc-cidr', description: 'associate 100.64.0.0/16' });
    r.emit({ type: 'step-done', id: 'vpc-cidr', message: 'vpc-cidr-assoc-1' });
    r.emit({ type: 'notice', level: 'warning', message: 'heads up' });
    r.close();
    const text = out.text();
    assert.match(text, /✓ vpc-cidr {2}vpc-cidr-assoc-1 \(0\.0s\)/);
    assert.match(text, /· cni {7}set env/);
    assert.match(text, /! heads up\n/);
    assert.doesNotMatch(text, /Done:|Stopped:/, 'no summary before the run ends');
  });

  it('tty: ends with a summary line that stays under the list', () => {
    const ok = sink(true);
    const r = createReporter(new TtyRenderer(ok, false), () => t0);
    r.emit({ type: 'run-done', ok: true, succeeded: 3, failed: 0, skipped: 0, noOps: 2 });
    r.close();
    assert.match(ok.text(), /Done: 3 applied, 2 already in place\.\n$/);
    const failed = sink(true);
    const f = createReporter(new TtyRenderer(failed, false), () => t0);
    f.emit({ type: 'run-done', ok: false, succeeded: 1, failed: 1, skipped: 4, noOps: 0 });
    f.close();
    assert.match(failed.text(), /Stopped: 1 failed, 4 not run; 1 applied, 0 already in place\.\n$/);
  });
});
