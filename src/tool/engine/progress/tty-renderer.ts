/**
 * A live step list on a terminal: one line per step with its state, redrawn in place (log-update).
 * Notices and failures are printed above the list, so they stay on screen after it is redrawn. When
 * the run ends, a final summary line stays under the list (what was applied, what failed or was
 * left), since the list alone does not say whether the run as a whole succeeded.
 */
import { createLogUpdate } from 'log-update';
import pc from 'picocolors';
import type { TextSink } from '../../../shared/cli/context.js';
import type { ProgressEvent, ProgressRenderer, StepSummary, TimedEvent } from './events.js';

type StepState = 'pending' | 'running' | 'done' | 'no-op' | 'failed' | 'skipped';

interface Row extends StepSummary {
  state: StepState;
  detail: string;
}

export class TtyRenderer implements ProgressRenderer {
  private readonly rows = new Map<string, Row>();
  private readonly log: ReturnType<typeof createLogUpdate>;
  private readonly c: ReturnType<typeof pc.createColors>;
  private readonly started = new Map<string, number>();
  private summary: Extract<ProgressEvent, { type: 'run-done' }> | undefined;

  constructor(
    private readonly out: TextSink,
    color: boolean,
  ) {
    this.log = createLogUpdate(out as unknown as NodeJS.WriteStream);
    this.c = pc.createColors(color);
  }

  render(event: TimedEvent): void {
    const t = Date.parse(event.time);
    switch (event.type) {
      case 'run-start':
        for (const s of event.steps) this.rows.set(s.id, { ...s, state: 'pending', detail: '' });
        break;
      case 'step-start':
        this.started.set(event.id, t);
        this.update(event.id, 'running', event.description);
        break;
      case 'step-progress':
        this.update(event.id, 'running', event.message);
        break;
      case 'step-retry':
        this.update(event.id, 'running', `retry ${event.attempt}: ${event.reason}`);
        break;
      case 'step-done': {
        const since = this.started.get(event.id);
        const took = since === undefined ? '' : ` (${((t - since) / 1000).toFixed(1)}s)`;
        this.update(event.id, 'done', (event.message ?? '') + took);
        break;
      }
      case 'step-no-op':
        this.update(event.id, 'no-op', event.reason);
        break;
      case 'step-failed':
        this.update(event.id, 'failed', `${event.message} [${event.code}]`);
        break;
      case 'step-skipped':
        this.update(event.id, 'skipped', event.reason);
        break;
      case 'notice':
        this.above(event.level === 'warning' ? this.c.yellow(`! ${event.message}`) : `  ${event.message}`);
        return;
      case 'run-done':
        this.summary = event;
        break;
      case 'lock-acquired':
      case 'lock-released':
        break;
    }
    this.log(this.frame());
  }

  close(): void {
    this.log(this.frame());
    this.log.done();
    if (this.summary) this.out.write(this.summaryLine(this.summary) + '\n');
  }

  private summaryLine(done: Extract<ProgressEvent, { type: 'run-done' }>): string {
    const counts = `${done.succeeded} applied, ${done.noOps} already in place`;
    if (done.ok) return this.c.green(`Done: ${counts}.`);
    return this.c.red(`Stopped: ${done.failed} failed, ${done.skipped} not run; ${counts}.`);
  }

  private update(id: string, state: StepState, detail: string): void {
    const row = this.rows.get(id);
    if (row) {
      row.state = state;
      row.detail = detail;
    }
  }

  private above(line: string): void {
    this.log.clear();
    this.out.write(line + '\n');
    this.log(this.frame());
  }

  private frame(): string {
    const icon: Record<StepState, string> = {
      pending: this.c.dim('·'),
      running: this.c.cyan('>'),
      done: this.c.green('✓'),
      'no-op': this.c.dim('='),
      failed: this.c.red('✗'),
      skipped: this.c.dim('-'),
    };
    const width = Math.max(0, ...[...this.rows.keys()].map((k) => k.length));
    return [...this.rows.values()]
      .map(
        (r) =>
          `${icon[r.state]} ${r.id.padEnd(width)}  ${r.state === 'pending' ? this.c.dim(r.description) : r.detail}`,
      )
      .join('\n');
  }
}
