/**
 * One apply at a time per cluster: a coordination.k8s.io/v1 Lease `eks-cidr-lock` in kube-system,
 * held for the whole run and renewed while it lasts. A lease whose holder stopped renewing for longer
 * than its duration is stale and may be taken over (the holder crashed). Optimistic concurrency
 * (resourceVersion) decides races: exactly one of two simultaneous takers wins.
 */
import { EksCidrError, ExitCode } from '../errors.js';
import type { EngineClock } from './clock.js';

export const LOCK_NAME = 'eks-cidr-lock';
export const LOCK_NAMESPACE = 'kube-system';

export interface LeaseRecord {
  holderIdentity?: string | undefined;
  leaseDurationSeconds?: number | undefined;
  /** Epoch milliseconds. */
  acquireTime?: number | undefined;
  renewTime?: number | undefined;
  resourceVersion?: string | undefined;
}

/** What the lock needs from Kubernetes; `create` and `replace` throw a 409 (code 409) on a lost race. */
export interface LeasePort {
  read(): Promise<LeaseRecord | undefined>;
  create(lease: LeaseRecord): Promise<LeaseRecord>;
  replace(lease: LeaseRecord): Promise<LeaseRecord>;
  delete(resourceVersion: string | undefined): Promise<void>;
}

export interface LockOptions {
  port: LeasePort;
  holder: string;
  cluster: string;
  clock: EngineClock;
  durationSeconds?: number;
  /** True when the holder is known to be gone (a process of this host that no longer runs). */
  holderGone?: (holder: string) => boolean;
  /** Called when a renewal finds the lease taken by someone else: the run must stop. */
  onLost?: (reason: Error) => void;
}

export interface HeldLock {
  holder: string;
  release(): Promise<void>;
}

function isConflict(err: unknown): boolean {
  const e = err as { code?: unknown; statusCode?: unknown } | null;
  return e?.code === 409 || e?.statusCode === 409;
}

export function isStale(lease: LeaseRecord, now: number): boolean {
  if (!lease.holderIdentity) return true;
  const last = lease.renewTime ?? lease.acquireTime;
  if (last === undefined) return true;
  return now > last + (lease.leaseDurationSeconds ?? 0) * 1000;
}

export function lockHeldError(cluster: string, lease: LeaseRecord, now: number): EksCidrError {
  const last = lease.renewTime ?? lease.acquireTime ?? now;
  const expiresIn = Math.max(0, Math.ceil((last + (lease.leaseDurationSeconds ?? 0) * 1000 - now) / 1000));
  return new EksCidrError(
    'E_LOCK_HELD',
    `another eks-cidr run holds the lock on cluster '${cluster}': ${lease.holderIdentity ?? 'unknown'} ` +
      `(Lease ${LOCK_NAMESPACE}/${LOCK_NAME}, last renewed ${new Date(last).toISOString()})`,
    {
      exitCode: ExitCode.LockHeld,
      hint: `Wait for that run to finish. If it crashed, the lease expires by itself in ${expiresIn}s.`,
      details: { holder: lease.holderIdentity, lease: `${LOCK_NAMESPACE}/${LOCK_NAME}` },
    },
  );
}

export async function acquireLock(options: LockOptions): Promise<HeldLock> {
  const { port, holder, clock } = options;
  const duration = options.durationSeconds ?? 60;
  const fresh = (): LeaseRecord => ({
    holderIdentity: holder,
    leaseDurationSeconds: duration,
    acquireTime: clock.now(),
    renewTime: clock.now(),
  });

  let current: LeaseRecord;
  const existing = await port.read();
  try {
    if (!existing) {
      current = await port.create(fresh());
    } else if (
      existing.holderIdentity === holder ||
      isStale(existing, clock.now()) ||
      (existing.holderIdentity !== undefined && options.holderGone?.(existing.holderIdentity) === true)
    ) {
      current = await port.replace({ ...fresh(), resourceVersion: existing.resourceVersion });
    } else {
      throw lockHeldError(options.cluster, existing, clock.now());
    }
  } catch (err) {
    if (!isConflict(err)) throw err;
    // Someone else created or took the lease between our read and our write.
    const winner = (await port.read()) ?? { holderIdentity: 'unknown' };
    throw lockHeldError(options.cluster, winner, clock.now());
  }

  const stop = new AbortController();
  const renewEveryMs = Math.max(1000, (duration * 1000) / 3);
  const renewing = (async () => {
    while (!stop.signal.aborted) {
      try {
        await clock.sleep(renewEveryMs, stop.signal);
      } catch {
        return;
      }
      try {
        current = await port.replace({ ...current, renewTime: clock.now() });
      } catch (err) {
        if (stop.signal.aborted) return;
        if (isConflict(err)) {
          const now = await port.read().catch(() => undefined);
          if (now?.holderIdentity === holder) {
            current = now;
            continue;
          }
          options.onLost?.(lockHeldError(options.cluster, now ?? {}, clock.now()));
          return;
        }
        // A failed renewal is retried at the next tick; the lease outlives a few missed renewals.
      }
    }
  })();

  return {
    holder,
    release: async () => {
      stop.abort();
      await renewing;
      const latest = await port.read();
      if (latest?.holderIdentity === holder) await port.delete(latest.resourceVersion);
    },
  };
}

export function defaultHolderIdentity(
  env: Record<string, string | undefined>,
  pid: number,
  host: string,
  nonce: string,
): string {
  const user = env.USER ?? env.USERNAME ?? env.LOGNAME ?? 'unknown';
  return `${user}@${host} pid ${pid} run ${nonce}`;
}

/** A holder written by `defaultHolderIdentity` on this host whose process is no longer running. */
export function localHolderGone(holder: string, host: string, isAlive: (pid: number) => boolean): boolean {
  const m = /^.+@(\S+) pid (\d+) run \S+$/.exec(holder);
  if (!m || m[1] !== host) return false;
  return !isAlive(Number(m[2]));
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}
