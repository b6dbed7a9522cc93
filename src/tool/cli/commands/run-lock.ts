/**
 * The cluster lock as `apply` and `destroy` take it: this process's holder identity (so a crashed
 * local holder is recognised as gone), the lease port from the connection, 60 s by default.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { CliContext } from '../../../shared/cli/context.js';
import type { EngineClock } from '../../engine/clock.js';
import {
  acquireLock,
  defaultHolderIdentity,
  localHolderGone,
  processAlive,
  type HeldLock,
  type LeasePort,
} from '../../engine/lease-lock.js';

export interface RunLockInput {
  ctx: CliContext;
  port: LeasePort;
  cluster: string;
  clock: EngineClock;
  lockDuration: number | undefined;
  /** Called when the lease is lost while held (the run aborts). */
  onLost: (reason: Error) => void;
}

export function acquireRunLock(input: RunLockInput): Promise<HeldLock> {
  const holder = defaultHolderIdentity(
    input.ctx.env,
    process.pid,
    hostname(),
    randomBytes(3).toString('hex'),
  );
  return acquireLock({
    port: input.port,
    holder,
    cluster: input.cluster,
    clock: input.clock,
    durationSeconds: input.lockDuration ?? 60,
    onLost: input.onLost,
    holderGone: (h) => localHolderGone(h, hostname(), processAlive),
  });
}
