/**
 * How a run stops on SIGINT (Ctrl-C) and SIGTERM: the first signal aborts the run's AbortSignal, so no
 * new step starts, calls in flight finish or are cancelled, and the command releases what it holds
 * (the cluster lock, verify's smoke deployment) before it returns. A second signal exits at once.
 */
import { InterruptedError, exitCodeForSignal, type StopSignal } from '../shared/errors.js';
import type { TextSink } from '../shared/cli/context.js';

export interface SignalWatch {
  readonly controller: AbortController;
  /** The first signal received, if any. */
  received(): StopSignal | undefined;
  dispose(): void;
}

export interface SignalWatchOptions {
  stderr: TextSink;
  /** Exits the process at once (the second signal); process.exit outside tests. */
  exit: (code: number) => void;
  /** The command line, to tell the user what to re-run. */
  commandLine: string;
}

const SIGNALS: StopSignal[] = ['SIGINT', 'SIGTERM'];

export function watchSignals(options: SignalWatchOptions): SignalWatch {
  const controller = new AbortController();
  let first: StopSignal | undefined;
  const handlers = SIGNALS.map((signal) => {
    const handler = () => {
      if (first !== undefined) {
        options.stderr.write(
          `\n${signal} again: exiting at once. Calls in flight were abandoned and the cluster lock ` +
            `(Lease kube-system/eks-cidr-lock) may be left behind: the next eks-cidr run on this host ` +
            `takes it over, elsewhere it expires after its duration (60 s by default). ` +
            `Re-run '${options.commandLine}' to continue.\n`,
        );
        options.exit(exitCodeForSignal(signal));
        return;
      }
      first = signal;
      options.stderr.write(
        `\n${signal}: stopping. No new step starts; calls in flight finish, then the lock is released. ` +
          `Press Ctrl-C again to exit at once.\n`,
      );
      controller.abort(new InterruptedError(signal));
    };
    process.on(signal, handler);
    return { signal, handler };
  });
  return {
    controller,
    received: () => first,
    dispose: () => {
      for (const { signal, handler } of handlers) process.removeListener(signal, handler);
    },
  };
}

/** The command line as the user can paste it back: `eks-cidr apply --cluster demo --yes`. */
export function commandLineOf(argv: readonly string[]): string {
  const quote = (arg: string) =>
    /^[\w@%+=:,./-]+$/.test(arg) ? arg : `"${arg.replace(/(["\\$`])/g, '\\$1')}"`;
  return ['eks-cidr', ...argv.map(quote)].join(' ');
}
