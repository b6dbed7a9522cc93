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
  /** True only when the holder is provably gone (a dead process of this machine and PID namespace). */
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

/**
 * Removes a lease whose holder is provably gone (a process of this machine and PID namespace killed
 * mid-run), so a run that finds nothing left to do does not leave it behind until it expires. Returns
 * the holder removed; a lease that changed in the meantime (409) is left alone.
 */
export async function clearAbandonedLock(
  port: LeasePort,
  holderGone: (holder: string) => boolean,
): Promise<string | undefined> {
  const existing = await port.read();
  const holder = existing?.holderIdentity;
  if (!existing || holder === undefined || !holderGone(holder)) return undefined;
  try {
    await port.delete(existing.resourceVersion);
  } catch (err) {
    if (isConflict(err)) return undefined;
    throw err;
  }
  return holder;
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
    // Someone else created or took the lease between our read and our write, or our own write
    // succeeded and its response was lost (the re-sent one conflicts with it).
    const winner = (await port.read()) ?? { holderIdentity: 'unknown' };
    if (winner.holderIdentity !== holder) throw lockHeldError(options.cluster, winner, clock.now());
    current = winner;
  }

  const stop = new AbortController();
  const renewEveryMs = Math.max(1000, (duration * 1000) / 3);
  let renewedAt = clock.now();
  const renewing = (async () => {
    while (!stop.signal.aborted) {
      try {
        await clock.sleep(renewEveryMs, stop.signal);
      } catch {
        return;
      }
      try {
        const at = clock.now();
        current = await port.replace({ ...current, renewTime: at });
        renewedAt = at;
      } catch (err) {
        if (stop.signal.aborted) return;
        if (isConflict(err)) {
          const now = await port.read().catch(() => undefined);
          if (now?.holderIdentity === holder) {
            current = now;
            renewedAt = current.renewTime ?? renewedAt;
            continue;
          }
          options.onLost?.(lockHeldError(options.cluster, now ?? {}, clock.now()));
          return;
        }
        // A failed renewal is retried at the next tick, but the run stops while the lease is still
        // ours: once another renewal period could outlast it, someone may take it over.
        if (clock.now() + renewEveryMs >= renewedAt + duration * 1000) {
          const reason = err instanceof Error ? err.message : String(err);
          options.onLost?.(
            new EksCidrError(
              'E_LOCK_RENEWAL_FAILED',
              `could not renew the lock on cluster '${options.cluster}' for ${Math.round((clock.now() - renewedAt) / 1000)}s (${reason}); stopping before its lease expires`,
              {
                exitCode: ExitCode.Api,
                hint: 'Check access to the Kubernetes API, then re-run: it continues from what exists.',
              },
            ),
          );
          return;
        }
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
