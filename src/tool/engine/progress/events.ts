/**
 * What the engine tells the user as it goes. The same events feed three renderers: a live step list
 * on a terminal, timestamped lines otherwise, and JSON lines for `--output json` (a stable shape:
 * every event has `type` and `time`; documented in docs/apply.md).
 */
export interface StepSummary {
  id: string;
  kind: string;
  action: string;
  description: string;
}

export type ProgressEvent =
  | { type: 'run-start'; command: string; cluster: string; steps: StepSummary[] }
  | { type: 'lock-acquired'; holder: string }
  | { type: 'lock-released'; holder: string }
  | { type: 'step-start'; id: string; description: string }
  | { type: 'step-progress'; id: string; message: string }
  | { type: 'step-retry'; id: string; attempt: number; delayMs: number; reason: string }
  | { type: 'step-done'; id: string; message?: string | undefined }
  | { type: 'step-no-op'; id: string; reason: string }
  | { type: 'step-failed'; id: string; code: string; message: string; hint?: string | undefined }
  | { type: 'step-skipped'; id: string; reason: string }
  | { type: 'notice'; level: 'info' | 'warning'; message: string }
  | { type: 'run-done'; ok: boolean; succeeded: number; failed: number; skipped: number; noOps: number };

export type TimedEvent = ProgressEvent & { time: string };

export interface ProgressRenderer {
  render(event: TimedEvent): void;
  /** Flush and release the terminal. */
  close(): void;
}

export interface ProgressReporter {
  emit(event: ProgressEvent): void;
  close(): void;
}

export function createReporter(renderer: ProgressRenderer, now: () => number): ProgressReporter {
  return {
    emit: (event) => renderer.render({ ...event, time: new Date(now()).toISOString() }),
    close: () => renderer.close(),
  };
}

/** A reporter that remembers every event: for tests. */
export class RecordingReporter implements ProgressReporter {
  readonly events: ProgressEvent[] = [];
  emit(event: ProgressEvent): void {
    this.events.push(event);
  }
  close(): void {}
  ofType<T extends ProgressEvent['type']>(type: T): Extract<ProgressEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<ProgressEvent, { type: T }> => e.type === type);
  }
}
