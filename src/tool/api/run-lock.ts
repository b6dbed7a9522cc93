/**
 * The cluster lock as `apply` and `destroy` take it: this process's holder identity (so a crashed
 * local holder is recognised as gone), the lease port from the connection, 60 s by default.
 */
import { hostname, userInfo } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { EngineClock } from '../engine/clock.js';
import type { ProgressReporter } from '../engine/progress/events.js';
import { acquireLock, clearAbandonedLock, type HeldLock, type LeasePort } from '../engine/lease-lock.js';
import { formatHolder, holderProvablyGone, localProcesses } from '../engine/lock-identity.js';

export interface RunLockInput {
  /** For the holder's user name (USER, USERNAME, LOGNAME). */
  env: Record<string, string | undefined>;
  port: LeasePort;
  cluster: string;
  clock: EngineClock;
  lockDuration: number | undefined;
  /** Called when the lease is lost while held, or cannot be renewed (the run aborts). */
  onLost: (reason: Error) => void;
}

function userName(env: Record<string, string | undefined>): string {
  const fromEnv = env.USER ?? env.USERNAME ?? env.LOGNAME;
  if (fromEnv) return fromEnv;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

export function acquireRunLock(input: RunLockInput): Promise<HeldLock> {
  const local = localProcesses(hostname());
  const holder = formatHolder({
    user: userName(input.env),
    host: local.host,
    pid: process.pid,
    run: randomBytes(8).toString('hex'),
    bootId: local.bootId,
    pidNamespace: local.pidNamespace,
    startTime: local.startTimeOf(process.pid) || undefined,
  });
  return acquireLock({
    port: input.port,
    holder,
    cluster: input.cluster,
    clock: input.clock,
    durationSeconds: input.lockDuration ?? 60,
    onLost: input.onLost,
    holderGone: (h) => holderProvablyGone(h, local),
  });
}

/** Removes the lease of a run of this machine and PID namespace that was killed; returns its holder. */
export function clearAbandonedRunLock(port: LeasePort): Promise<string | undefined> {
  const local = localProcesses(hostname());
  return clearAbandonedLock(port, (h) => holderProvablyGone(h, local));
}

/**
 * Releases the lock at the end of a run; a release that fails is a warning (the lease expires after
 * its duration), never the run's error. `onReleased` runs when the release succeeded.
 */
export async function releaseRunLock(
  lock: HeldLock,
  reporter: ProgressReporter,
  onReleased?: () => void,
): Promise<void> {
  try {
    await lock.release();
  } catch (err) {
    reporter.emit({
      type: 'notice',
      level: 'warning',
      message: `could not release the cluster lock (Lease kube-system/eks-cidr-lock): ${err instanceof Error ? err.message : String(err)}; it expires after its duration`,
    });
    return;
  }
  onReleased?.();
}
