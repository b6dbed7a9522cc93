import type { TextSink } from '../../../shared/cli/context.js';
import type { ProgressRenderer, TimedEvent } from './events.js';

/** Timestamped lines, for logs and pipes: nothing is redrawn. */
export class PlainRenderer implements ProgressRenderer {
  constructor(private readonly out: TextSink) {}
  render(event: TimedEvent): void {
    const line = describeEvent(event);
    if (line !== undefined) this.out.write(`${event.time.replace(/\.\d{3}Z$/, 'Z')}  ${line}\n`);
  }
  close(): void {}
}

export function describeEvent(event: TimedEvent): string | undefined {
  switch (event.type) {
    case 'run-start':
      return `${event.command} ${event.cluster}: ${event.steps.length} step(s)`;
    case 'lock-acquired':
      return `lock acquired (holder ${event.holder})`;
    case 'lock-released':
      return `lock released`;
    case 'step-start':
      return `[${event.id}] start: ${event.description}`;
    case 'step-progress':
      return `[${event.id}] ${event.message}`;
    case 'step-retry':
      return `[${event.id}] retry ${event.attempt} in ${event.delayMs} ms: ${event.reason}`;
    case 'step-done':
      return `[${event.id}] done${event.message ? `: ${event.message}` : ''}`;
    case 'step-no-op':
      return `[${event.id}] no-op: ${event.reason}`;
    case 'step-failed':
      return `[${event.id}] FAILED: ${event.message} [${event.code}]${event.hint ? `\n    ${event.hint}` : ''}`;
    case 'step-skipped':
      return `[${event.id}] skipped: ${event.reason}`;
    case 'notice':
      return `${event.level === 'warning' ? 'WARNING: ' : ''}${event.message}`;
    case 'run-done':
      return event.ok
        ? `done: ${event.succeeded} step(s) applied, ${event.noOps} already in place`
        : `stopped: ${event.failed} failed, ${event.skipped} not run, ${event.succeeded} applied`;
  }
}
