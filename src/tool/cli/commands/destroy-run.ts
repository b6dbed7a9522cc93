/**
 * `eks-cidr destroy`: the library's destroy (src/tool/api/destroy.ts) with a renderer for its events,
 * a prompt on a terminal, and `--dry-run` printed as text or data.
 */
import type { CliContext } from '../../../shared/cli/context.js';
import { isStructured } from '../../../shared/cli/structured.js';
import { connectionFrom, type ClusterFlags } from './apply-options.js';
import { systemEngineClock, type EngineClock } from '../../engine/clock.js';
import { createReporter, rendererFor } from '../../engine/progress/index.js';
import { ExitCode, usageError } from '../../errors.js';
import { destroy } from '../../api/destroy.js';
import { validateOptions } from '../../config/load.js';
import { interruptedBy } from '../../api/interrupt.js';
import { confirm } from './apply-confirm.js';
import { printDestroyPreview, type DestroyPreview } from './destroy-preview.js';
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
  const ask = async (preview: DestroyPreview): Promise<boolean> => {
    if (!(process.stdin.isTTY === true && ctx.stdout.isTTY === true) || isStructured(ctx.output)) {
      throw usageError(
        'E_CONFIRMATION_REQUIRED',
        `destroy would delete ${preview.actions.length} thing(s) on cluster ${opts.cluster} and cannot ask without a terminal`,
        'Re-run with --yes.',
      );
    }
    ctx.stdout.write(preview.actions.map((a) => `  - ${a.description}\n`).join(''));
    return confirm(`Destroy these on cluster ${opts.cluster}? [y/N] `, ctx.signal);
  };
  // The same validation path, messages and defaults as plan and apply (flag names in the errors).
  const valid = validateOptions(
    { cluster: opts.cluster, region: ctx.region, drainTimeout: opts.drainTimeout },
    ['cluster', 'region', 'drainTimeoutSeconds'],
  );
  const reporter = createReporter(rendererFor(ctx), () => clock.now());
  try {
    const result = await destroy(
      {
        ...connectionFrom(ctx, opts),
        force: opts.force,
        dryRun: opts.dryRun,
        drainTimeoutSeconds: valid.drainTimeoutSeconds,
        confirm: opts.yes ? undefined : ask,
        pollIntervalMs: opts.pollInterval,
        lockDurationSeconds: opts.lockDuration,
      },
      { reporter, clock },
    );
    switch (result.status) {
      case 'dry-run':
        printDestroyPreview(ctx, result.preview);
        return ExitCode.Success;
      case 'nothing-to-destroy':
        if (!isStructured(ctx.output))
          ctx.stdout.write(`Nothing to destroy: cluster ${opts.cluster} has no eks-cidr resources.\n`);
        return ExitCode.Success;
      case 'declined':
        ctx.stdout.write('Declined: nothing changed.\n');
        return ExitCode.VerificationFailed;
      case 'destroyed':
        return ExitCode.Success;
    }
  } finally {
    reporter.close();
  }
}
