/**
 * What a command says when the user stopped it (SIGINT/SIGTERM aborted its signal): what it did, as an
 * E_INTERRUPTED error the composition root completes with how to continue and exits 130/143 on.
 */
import { InterruptedError } from '../../shared/errors.js';
import type { ProgressEvent, ProgressReporter } from '../engine/progress/events.js';

/** The error to throw when `signal` was aborted by a signal; undefined otherwise. */
export function interruptedBy(signal: AbortSignal, message: string): InterruptedError | undefined {
  const reason: unknown = signal.reason;
  return signal.aborted && reason instanceof InterruptedError
    ? new InterruptedError(reason.signal, message)
    : undefined;
}

/** A reporter that also counts the steps carried out, so an interrupted run can say what it did. */
export function countingReporter(inner: ProgressReporter): ProgressReporter & { done(): number } {
  let done = 0;
  return {
    emit(event: ProgressEvent) {
      if (event.type === 'step-done') done++;
      inner.emit(event);
    },
    close: () => inner.close(),
    done: () => done,
  };
}
