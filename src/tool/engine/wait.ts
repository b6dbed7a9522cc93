/**
 * Short-interval waiters. The SDK's own EKS waiters poll every 30 s; eks-cidr polls every few seconds
 * (configurable, 0 in tests) and says what it is waiting for when it gives up.
 */
import { EksCidrError, ExitCode } from '../errors.js';
import type { EngineClock } from './clock.js';

export interface WaitOptions {
  clock: EngineClock;
  signal?: AbortSignal | undefined;
  intervalMs: number;
  timeoutMs: number;
  /** What is awaited, for the timeout message: "node group ng-2 to become ACTIVE". */
  description: string;
  /** Called with each observation that is not yet done, e.g. to report progress. */
  onPoll?: (observed: string) => void;
}

export type WaitCheck<T> = () => Promise<{ done: true; value: T } | { done: false; observed: string }>;

export async function waitUntil<T>(check: WaitCheck<T>, options: WaitOptions): Promise<T> {
  const deadline = options.clock.now() + options.timeoutMs;
  let last = 'nothing observed yet';
  for (;;) {
    const result = await check();
    if (result.done) return result.value;
    last = result.observed;
    options.onPoll?.(last);
    if (options.clock.now() >= deadline) {
      throw new EksCidrError('E_WAIT_TIMEOUT', `timed out waiting for ${options.description}: ${last}`, {
        exitCode: ExitCode.Api,
        hint: 'Re-run the same command: it picks up from what exists. Raise --wait-timeout if the resource is just slow.',
      });
    }
    await options.clock.sleep(Math.max(options.intervalMs, 1), options.signal);
  }
}
