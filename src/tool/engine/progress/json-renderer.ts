import type { StructuredFormat, TextSink } from '../../../shared/cli/context.js';
import { formatRecord } from '../../../shared/cli/structured.js';
import type { ProgressRenderer, TimedEvent } from './events.js';

/** One JSON object per line (NDJSON) for `-o json`; one YAML document per event for `-o yaml`. */
export class JsonRenderer implements ProgressRenderer {
  constructor(
    private readonly out: TextSink,
    private readonly format: StructuredFormat = 'json',
  ) {}
  render(event: TimedEvent): void {
    this.out.write(formatRecord(this.format, event));
  }
  close(): void {}
}
