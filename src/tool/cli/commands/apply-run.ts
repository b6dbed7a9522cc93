/**
 * `eks-cidr apply`: the library's apply (src/tool/api/apply.ts) with the command line's request
 * (flags and --config), a renderer for its events, and a prompt on a terminal.
 */
import type { CliContext } from '../../../shared/cli/context.js';
import { isStructured } from '../../../shared/cli/structured.js';
import { connectionFrom, type ClusterFlags } from './apply-options.js';
import { loadRequest, type PlanFlags } from '../../config/load.js';
import { systemEngineClock, type EngineClock } from '../../engine/clock.js';
import { createReporter, rendererFor } from '../../engine/progress/index.js';
import { ExitCode, usageError } from '../../errors.js';
import { isUserError } from '../../../shared/errors.js';
import { applyRequest } from '../../api/apply.js';
import { interruptedBy } from '../../api/interrupt.js';
import { formatPlanSteps } from './apply-format.js';
import { confirm } from './apply-confirm.js';

export { toToolError } from '../../api/tool-error.js';

export interface ApplyOptions extends ClusterFlags {
  yes: boolean;
  concurrency: number;
  pollInterval?: number | undefined;
  lockDuration?: number | undefined;
  stopAfter?: number | undefined;
  planFlags: PlanFlags;
}

export interface ApplyDeps {
  clock?: EngineClock;
  confirm?: (question: string, signal?: AbortSignal) => Promise<boolean>;
  isInteractive?: boolean;
}

export async function runApply(
  ctx: CliContext,
  options: ApplyOptions,
  deps: ApplyDeps = {},
): Promise<number> {
  try {
    return await applyOnce(ctx, options, deps);
  } catch (err) {
    // Stopped before the lock was taken (discovery, the prompt): nothing was changed.
    if (isUserError(err) && err.code === 'E_INTERRUPTED') throw err;
    throw interruptedBy(ctx.signal, 'apply stopped before changing anything') ?? err;
  }
}

async function applyOnce(ctx: CliContext, options: ApplyOptions, deps: ApplyDeps): Promise<number> {
  const clock = deps.clock ?? systemEngineClock;
  const request = await loadRequest({ ...options.planFlags, region: ctx.region });
  const reporter = createReporter(rendererFor(ctx), () => clock.now());
  const ask = async (plan: Parameters<typeof formatPlanSteps>[0]): Promise<boolean> => {
    const pending = plan.steps.filter((s) => s.action !== 'no-op').length;
    const interactive = deps.isInteractive ?? (process.stdin.isTTY === true && ctx.stdout.isTTY === true);
    if (!interactive || isStructured(ctx.output)) {
      throw usageError(
        'E_CONFIRMATION_REQUIRED',
        `apply would change ${pending} thing(s) on cluster ${plan.cluster} and cannot ask for confirmation without a terminal`,
        'Review the changes with `eks-cidr plan`, then re-run with --yes.',
      );
    }
    ctx.stdout.write(formatPlanSteps(plan, ctx.color));
    return (deps.confirm ?? confirm)(
      `Apply these ${pending} change(s) to cluster ${plan.cluster}? [y/N] `,
      ctx.signal,
    );
  };
  try {
    const result = await applyRequest(
      request,
      {
        ...connectionFrom(ctx, options),
        confirm: options.yes ? undefined : ask,
        concurrency: options.concurrency,
        pollIntervalMs: options.pollInterval,
        lockDurationSeconds: options.lockDuration,
      },
      { reporter, clock, stopAfter: options.stopAfter },
    );
    if (result.status === 'nothing-to-do' && !isStructured(ctx.output))
      ctx.stdout.write(
        `Nothing to do: all ${result.plan.steps.length} step(s) of cluster ${result.cluster} are in place.\n`,
      );
    if (result.status === 'declined') {
      ctx.stdout.write('Declined: nothing changed.\n');
      return ExitCode.VerificationFailed;
    }
    return ExitCode.Success;
  } finally {
    reporter.close();
  }
}
