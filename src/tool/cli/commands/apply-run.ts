/**
 * `eks-cidr apply`: plan (read-only), show, confirm, take the cluster lock, re-plan under it, execute.
 * Nothing is stored locally: a re-run after a crash plans again from what exists, and a re-run after
 * success finds only no-ops and makes no mutating call (not even the lock; the one exception is the
 * lease of a killed run of this machine, removed so it does not outlive the work it guarded).
 */
import { rotationSummary } from './apply-summary.js';
import type { CliContext } from '../../../shared/cli/context.js';
import { isStructured } from '../../../shared/cli/structured.js';
import type { ClusterFlags } from './apply-options.js';
import { loadRequest, type PlanFlags } from '../../config/load.js';
import { discover } from '../../discover/discover.js';
import { systemEngineClock, type EngineClock } from '../../engine/clock.js';
import { executePlan, summarizeSteps } from '../../engine/execute-plan.js';
import { createReporter, rendererFor, type ProgressReporter } from '../../engine/progress/index.js';
import { EksCidrError, ExitCode, apiError, usageError } from '../../errors.js';
import { planFromSnapshot } from '../../planner/derive.js';
import type { Plan } from '../../planner/types.js';
import { connect } from '../../steps/connect.js';
import { isUserError } from '../../../shared/errors.js';
import { errorCode } from '../../engine/retry.js';
import { awsErrorCode } from '../../adapters/aws.js';
import { explainAwsFailure } from '../../adapters/explain.js';
import { explainKubeFailure, isKubeAuthFailure } from '../../adapters/explain-kube.js';
import { formatPlanSteps, selfManagedNotices } from './apply-format.js';
import { confirm } from './apply-confirm.js';
import { acquireRunLock, clearAbandonedRunLock } from './run-lock.js';
import { interruptedBy } from './interrupt.js';

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

/** A failure of a step as the user sees it: AWS and Kubernetes failures explained, the rest named. */
export function toToolError(err: unknown, command: 'apply' | 'destroy' = 'apply'): Error {
  if (isUserError(err)) return err;
  if (isKubeAuthFailure(err)) return explainKubeFailure('call', err);
  const code = errorCode(err);
  if (awsErrorCode(err) !== undefined || (code !== undefined && /^E[A-Z]+$/.test(code)))
    return explainAwsFailure(`${command}: an AWS call`, err);
  const message = err instanceof Error ? err.message : String(err);
  return apiError(
    'E_API',
    `${code ? `${code}: ` : ''}${message}`,
    `Fix the cause, then re-run: ${command} continues from what exists.`,
    err,
  );
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
  const kube = { kubeconfig: options.kubeconfig, context: options.context, env: ctx.env };
  const conn = await connect({
    cluster: options.cluster,
    region: ctx.region,
    profile: ctx.profile,
    kube,
    verbose: ctx.verbose,
  });
  const reporter: ProgressReporter = createReporter(rendererFor(ctx), () => clock.now());
  const planNow = async (): Promise<Plan> =>
    planFromSnapshot(
      await discover({
        cluster: options.cluster,
        aws: conn.aws,
        kube,
        signal: ctx.signal,
        include: { scheduling: true },
      }),
      request,
    );
  try {
    let plan = await planNow();
    for (const w of plan.warnings)
      reporter.emit({
        type: 'notice',
        level: w.severity === 'warning' ? 'warning' : 'info',
        message: w.message,
      });
    const pending = plan.steps.filter((s) => s.action !== 'no-op');
    if (pending.length === 0) {
      const abandoned = await clearAbandonedRunLock(conn.ports.kube.lease);
      if (abandoned)
        reporter.emit({
          type: 'notice',
          level: 'info',
          message: `removed the cluster lock left by ${abandoned} (a process of this machine that is gone)`,
        });
      reporter.emit({
        type: 'run-done',
        ok: true,
        succeeded: 0,
        failed: 0,
        skipped: 0,
        noOps: plan.steps.length,
      });
      if (!isStructured(ctx.output))
        ctx.stdout.write(
          `Nothing to do: all ${plan.steps.length} step(s) of cluster ${plan.cluster} are in place.\n`,
        );
      return ExitCode.Success;
    }
    if (!options.yes) {
      const interactive = deps.isInteractive ?? (process.stdin.isTTY === true && ctx.stdout.isTTY === true);
      if (!interactive || isStructured(ctx.output)) {
        throw usageError(
          'E_CONFIRMATION_REQUIRED',
          `apply would change ${pending.length} thing(s) on cluster ${plan.cluster} and cannot ask for confirmation without a terminal`,
          'Review the changes with `eks-cidr plan`, then re-run with --yes.',
        );
      }
      ctx.stdout.write(formatPlanSteps(plan, ctx.color));
      const ok = await (deps.confirm ?? confirm)(
        `Apply these ${pending.length} change(s) to cluster ${plan.cluster}? [y/N] `,
        ctx.signal,
      );
      if (!ok) {
        ctx.stdout.write('Declined: nothing changed.\n');
        return ExitCode.VerificationFailed;
      }
    }

    const run = new AbortController();
    const signal = AbortSignal.any([ctx.signal, run.signal]);
    const lock = await acquireRunLock({
      ctx,
      port: conn.ports.kube.lease,
      cluster: plan.cluster,
      clock,
      lockDuration: options.lockDuration,
      onLost: (e) => run.abort(e),
    });
    const holder = lock.holder;
    reporter.emit({ type: 'lock-acquired', holder });
    try {
      // Someone may have changed the cluster between the first plan and the lock.
      plan = await planNow();
      reporter.emit({
        type: 'run-start',
        command: 'apply',
        cluster: plan.cluster,
        steps: summarizeSteps(plan),
      });
      const result = await executePlan({
        plan,
        ports: conn.ports,
        reporter,
        clock,
        signal,
        concurrency: options.concurrency,
        timeouts: options.pollInterval === undefined ? {} : { pollMs: options.pollInterval },
        stopAfter: options.stopAfter,
      });
      const count = (o: string) => [...result.outcomes.values()].filter((x) => x === o).length;
      reporter.emit({
        type: 'run-done',
        ok: result.ok,
        succeeded: result.applied,
        failed: result.failures.length,
        skipped: count('skipped') + count('not-started'),
        noOps: result.noOps,
      });
      if (!result.ok) {
        const left = plan.steps.length - result.applied - result.noOps;
        const stopped = interruptedBy(
          ctx.signal,
          `apply stopped before it finished: ${result.applied} change(s) made, ${left} step(s) left; the cluster lock is released`,
        );
        if (stopped) throw stopped;
        if (result.failures.length === 0 || signal.aborted) {
          const reason: unknown = signal.reason;
          if (isUserError(reason)) throw reason;
          throw new EksCidrError(
            'E_INTERRUPTED',
            `apply stopped before it finished: ${reason instanceof Error ? reason.message : 'interrupted'}`,
            {
              exitCode: ExitCode.Api,
              hint: 'Re-run the same command: it plans again from what exists and finishes the job.',
            },
          );
        }
        throw toToolError(result.failures[0]!.error);
      }
      for (const message of selfManagedNotices(plan))
        reporter.emit({ type: 'notice', level: 'warning', message });
      for (const message of rotationSummary(plan, result.outputs))
        reporter.emit({ type: 'notice', level: 'info', message });
      return ExitCode.Success;
    } finally {
      await lock.release().then(
        () => reporter.emit({ type: 'lock-released', holder }),
        (err: unknown) =>
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
