import type { TextSink } from '../../../shared/cli/context.js';
import type { ProgressRenderer, TimedEvent } from './events.js';

/** One JSON object per line (NDJSON) for `--output json`. */
export class JsonRenderer implements ProgressRenderer {
  constructor(private readonly out: TextSink) {}
  render(event: TimedEvent): void {
    this.out.write(JSON.stringify(event) + '\n');
  }
  close(): void {}
}
