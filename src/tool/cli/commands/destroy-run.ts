import type { CliContext } from '../../../shared/cli/context.js';
import { isStructured } from '../../../shared/cli/structured.js';
import type { ClusterFlags } from './apply-options.js';
import { describeAction } from '../../destroy/compute.js';
import { checkDestroyable, planDestroy, resumable, runDestroy } from '../../destroy/run-destroy.js';
import { validateOptions } from '../../config/load.js';
import { discover } from '../../discover/discover.js';
import { systemEngineClock, type EngineClock } from '../../engine/clock.js';
import { createReporter, rendererFor } from '../../engine/progress/index.js';
import { ExitCode, usageError } from '../../errors.js';
import { connect } from '../../steps/connect.js';
import { confirm } from './apply-confirm.js';
import { acquireRunLock } from './run-lock.js';
import { toToolError } from './apply-run.js';
import { countingReporter, interruptedBy } from './interrupt.js';
import { destroyPreview, printDestroyPreview } from './destroy-preview.js';
import { isUserError } from '../../../shared/errors.js';

export interface DestroyCommandOptions extends ClusterFlags {
  yes: boolean;
  force: boolean;
  /** Print the undo (and whether destroy would refuse), change nothing. */
  dryRun?: boolean | undefined;
  drainTimeout?: string | undefined;
  pollInterval?: number | undefined;
  lockDuration?: number | undefined;
}

export async function runDestroyCommand(
  ctx: CliContext,
  opts: DestroyCommandOptions,
  clock: EngineClock = systemEngineClock,
): Promise<number> {
  try {
    return await destroyOnce(ctx, opts, clock);
  } catch (err) {
    if (isUserError(err) && err.code === 'E_INTERRUPTED') throw err;
    throw interruptedBy(ctx.signal, 'destroy stopped before deleting anything') ?? err;
  }
}

async function destroyOnce(
  ctx: CliContext,
  opts: DestroyCommandOptions,
  clock: EngineClock,
): Promise<number> {
  // The same validation path, messages and defaults as plan and apply.
  const valid = validateOptions(
    { cluster: opts.cluster, region: ctx.region, drainTimeout: opts.drainTimeout },
    ['cluster', 'region', 'drainTimeoutSeconds'],
  );
  const kube = { kubeconfig: opts.kubeconfig, context: opts.context, env: ctx.env };
  const conn = await connect({
    cluster: opts.cluster,
    region: ctx.region,
    profile: ctx.profile,
    kube,
    verbose: ctx.verbose,
  });
  const reporter = countingReporter(createReporter(rendererFor(ctx), () => clock.now()));
  try {
    const snapshotNow = () => discover({ cluster: opts.cluster, aws: conn.aws, kube, signal: ctx.signal });
    const first = await snapshotNow();
    const preview = await planDestroy(first, conn.ports, { clock, signal: ctx.signal });
    if (opts.dryRun) {
      printDestroyPreview(ctx, destroyPreview(opts.cluster, preview, opts.force));
      return ExitCode.Success;
    }
    if (
      preview.actions.length === 0 &&
      preview.ownedNodegroups.length === 0 &&
      preview.rolledNodegroups.length === 0
    ) {
      if (!isStructured(ctx.output))
        ctx.stdout.write(`Nothing to destroy: cluster ${opts.cluster} has no eks-cidr resources.\n`);
      return ExitCode.Success;
    }
    checkDestroyable(preview, opts.cluster, opts.force);
    if (!opts.yes) {
      if (!(process.stdin.isTTY === true && ctx.stdout.isTTY === true) || isStructured(ctx.output)) {
        throw usageError(
          'E_CONFIRMATION_REQUIRED',
          `destroy would delete ${preview.actions.length} thing(s) on cluster ${opts.cluster} and cannot ask without a terminal`,
          'Re-run with --yes.',
        );
      }
      ctx.stdout.write(preview.actions.map((a) => `  - ${describeAction(a)}\n`).join(''));
      if (!(await confirm(`Destroy these on cluster ${opts.cluster}? [y/N] `, ctx.signal))) {
        ctx.stdout.write('Declined: nothing changed.\n');
        return ExitCode.VerificationFailed;
      }
    }
    const run = new AbortController();
    const lock = await acquireRunLock({
      ctx,
      port: conn.ports.kube.lease,
      cluster: opts.cluster,
      clock,
      lockDuration: opts.lockDuration,
      onLost: (e) => run.abort(e),
    });
    try {
      await runDestroy({
        snapshot: await snapshotNow(),
        ports: conn.ports,
        reporter,
        clock,
        signal: AbortSignal.any([ctx.signal, run.signal]),
        force: opts.force,
        drainTimeoutSeconds: valid.drainTimeoutSeconds,
        timeouts: opts.pollInterval === undefined ? {} : { pollMs: opts.pollInterval },
      }).catch((err: unknown) => {
        throw (
          interruptedBy(
            ctx.signal,
            `destroy stopped before it finished: ${reporter.done()} of ${preview.actions.length} deletion(s) done; the cluster lock is released`,
          ) ?? resumable(explained(err), opts.cluster, opts.force)
        );
      });
      reporter.emit({
        type: 'run-done',
        ok: true,
        succeeded: preview.actions.length,
        failed: 0,
        skipped: 0,
        noOps: 0,
      });
      return ExitCode.Success;
    } finally {
      await lock.release().catch((err: unknown) =>
        reporter.emit({
          type: 'notice',
          level: 'warning',
          message: `could not release the cluster lock (Lease kube-system/eks-cidr-lock): ${err instanceof Error ? err.message : String(err)}; it expires after its duration`,
        }),
      );
    }
  } finally {
    reporter.close();
    conn.close();
  }
}

/** AWS and Kubernetes failures explained (credentials, 401/403...); anything else as it came. */
function explained(err: unknown): unknown {
  const tool = toToolError(err, 'destroy');
  return isUserError(tool) && tool.code !== 'E_API' ? tool : err;
}
