/**
 * A StepContext for the steps' unit tests: cluster `demo` in us-east-1, the given ports, a fake
 * clock whose waits poll every second, calls made directly (no retries), progress and notices dropped.
 */
import { FakeEngineClock } from '../../engine/clock.js';
import { waitUntil } from '../../engine/wait.js';
import { defaultTimeouts, type StepContext } from '../context.js';
import type { Ports } from '../ports.js';

export function fakeStepContext(ports: Ports, clock = new FakeEngineClock()): StepContext {
  const signal = new AbortController().signal;
  return {
    cluster: 'demo',
    region: 'us-east-1',
    vpcId: 'vpc-1',
    ports,
    clock,
    signal,
    timeouts: { ...defaultTimeouts, pollMs: 1000 },
    outputs: new Map(),
    progress: () => undefined,
    notice: () => undefined,
    call: (fn) => fn(),
    waitUntil: (description, timeoutMs, check) =>
      waitUntil(check, { clock, signal, intervalMs: 1000, timeoutMs, description }),
  };
}
