/**
 * destroy(): undo what eks-cidr created on a cluster (only what carries its ownership tags). The whole
 * undo is planned and checked before the first write; `confirm` is asked with it; the cluster lock is
 * held while it runs. The CLI's `destroy` is this plus a prompt and a renderer for the events.
 */
import { validateOptions } from '../config/load.js';
import { discover } from '../discover/discover.js';
import { systemEngineClock, type EngineClock } from '../engine/clock.js';
import type { ProgressReporter } from '../engine/progress/events.js';
import { isUserError } from '../../shared/errors.js';
import { destroyPreview, type DestroyPreview } from '../destroy/preview.js';
import { checkDestroyable, planDestroy, resumable, runDestroy } from '../destroy/run-destroy.js';
import {
  eventReporter,
  kubeOptionsOf,
  neverAborted,
  openConnection,
  type ConnectionOptions,
  type EventOptions,
} from './connection.js';
import { countingReporter, interruptedBy } from './interrupt.js';
import { acquireRunLock, releaseRunLock } from './run-lock.js';
import { toToolError } from './tool-error.js';

export interface DestroyOptions extends ConnectionOptions, EventOptions {
  /** Even while pods use the pod subnets: turn custom networking off and rotate node groups back first. */
  force?: boolean | undefined;
  /** Plan the undo and return it (status 'dry-run'); change nothing, take no lock. */
  dryRun?: boolean | undefined;
  /** How long each drain may take with `force`, seconds (default 600). */
  drainTimeoutSeconds?: number | undefined;
  /** Asked once with the undo before the first write; false: nothing changes (status 'declined'). */
  confirm?: ((preview: DestroyPreview) => boolean | Promise<boolean>) | undefined;
  pollIntervalMs?: number | undefined;
  lockDurationSeconds?: number | undefined;
}

export interface DestroyResult {
  cluster: string;
  status: 'destroyed' | 'nothing-to-destroy' | 'declined' | 'dry-run';
  /** The undo: every action in order, what is kept, and why destroy would refuse (dry run). */
  preview: DestroyPreview;
}

export interface DestroyInternals {
  reporter?: ProgressReporter | undefined;
  clock?: EngineClock | undefined;
}

export async function destroy(
  options: DestroyOptions,
  internals: DestroyInternals = {},
): Promise<DestroyResult> {
  const clock = internals.clock ?? systemEngineClock;
  const signal = options.signal ?? neverAborted;
  const force = options.force === true;
  // The same validation path, messages and defaults as plan and apply.
  const valid = validateOptions(
    {
      cluster: options.cluster,
      region: options.region,
      drainTimeout:
        options.drainTimeoutSeconds === undefined ? undefined : String(options.drainTimeoutSeconds),
    },
    ['cluster', 'region', 'drainTimeoutSeconds'],
  );
  const kube = kubeOptionsOf(options);
  const conn = await openConnection(options);
  const reporter = countingReporter(internals.reporter ?? eventReporter(options.events, () => clock.now()));
  try {
    const snapshotNow = () => discover({ cluster: options.cluster, aws: conn.aws, kube, signal });
    const first = await snapshotNow();
    const planned = await planDestroy(first, conn.ports, { clock, signal });
    const preview = destroyPreview(options.cluster, planned, force);
    const result = (status: DestroyResult['status']): DestroyResult => ({
      cluster: options.cluster,
      status,
      preview,
    });
    if (options.dryRun) return result('dry-run');
    if (
      planned.actions.length === 0 &&
      planned.ownedNodegroups.length === 0 &&
      planned.rolledNodegroups.length === 0
    )
      return result('nothing-to-destroy');
    checkDestroyable(planned, options.cluster, force);
    if (options.confirm && !(await options.confirm(preview))) return result('declined');

    const run = new AbortController();
    const lock = await acquireRunLock({
      env: kube.env ?? process.env,
      port: conn.ports.kube.lease,
      cluster: options.cluster,
      clock,
      lockDuration: options.lockDurationSeconds,
      onLost: (e) => run.abort(e),
    });
    try {
      await runDestroy({
        snapshot: await snapshotNow(),
        ports: conn.ports,
        reporter,
        clock,
        signal: AbortSignal.any([signal, run.signal]),
        force,
        drainTimeoutSeconds: valid.drainTimeoutSeconds,
        timeouts: options.pollIntervalMs === undefined ? {} : { pollMs: options.pollIntervalMs },
      }).catch((err: unknown) => {
        throw (
          interruptedBy(
            signal,
            `destroy stopped before it finished: ${reporter.done()} of ${planned.actions.length} deletion(s) done; the cluster lock is released`,
          ) ?? resumable(explained(err), options.cluster, force)
        );
      });
      reporter.emit({
        type: 'run-done',
        ok: true,
        succeeded: planned.actions.length,
        failed: 0,
        skipped: 0,
        noOps: 0,
      });
      return result('destroyed');
    } finally {
      await releaseRunLock(lock, reporter);
    }
  } finally {
    if (!internals.reporter) reporter.close();
    conn.close();
  }
}

/** AWS and Kubernetes failures explained (credentials, 401/403...); anything else as it came. */
function explained(err: unknown): unknown {
  const tool = toToolError(err, 'destroy');
  return isUserError(tool) && tool.code !== 'E_API' ? tool : err;
}
