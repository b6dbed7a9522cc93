/**
 * apply(): plan (read-only), ask `confirm`, take the cluster lock, re-plan under it, execute the steps.
 * Nothing is stored locally: a re-run after a crash plans again from what exists, and a re-run after
 * success finds only no-ops and makes no mutating call (not even the lock). The CLI's `apply` is this
 * plus a prompt and a renderer for the events.
 */
import { discover } from '../discover/discover.js';
import { systemEngineClock, type EngineClock } from '../engine/clock.js';
import { executePlan, summarizeSteps } from '../engine/execute-plan.js';
import type { ProgressReporter } from '../engine/progress/events.js';
import { EksCidrError, ExitCode } from '../errors.js';
import { planFromSnapshot } from '../planner/derive.js';
import type { Plan } from '../planner/types.js';
import { requestFromOptions, type RequestOptions } from '../config/load.js';
import type { PlanRequest } from '../config/request.js';
import type { StepOutput } from '../steps/context.js';
import { isUserError } from '../../shared/errors.js';
import { rotationSummary, selfManagedNotices } from '../planner/apply-notices.js';
import {
  eventReporter,
  kubeOptionsOf,
  neverAborted,
  openConnection,
  type ConnectionOptions,
  type EventOptions,
} from './connection.js';
import { acquireRunLock, clearAbandonedRunLock, releaseRunLock } from './run-lock.js';
import { toToolError } from './tool-error.js';
import { interruptedBy } from './interrupt.js';
import { requestOptionsOf } from '../plan.js';

export interface ApplyRunOptions extends EventOptions {
  /** Asked once when changes are pending, with the plan; false: nothing changes (status 'declined'). */
  confirm?: ((plan: Plan) => boolean | Promise<boolean>) | undefined;
  /** Steps in flight at once (default 4). */
  concurrency?: number | undefined;
  /** How often waiters poll, ms (default 5000). */
  pollIntervalMs?: number | undefined;
  /** The cluster lock's lease duration, seconds (default 60). */
  lockDurationSeconds?: number | undefined;
}

export interface ApplyOptions extends ConnectionOptions, RequestOptions, ApplyRunOptions {
  /** A YAML or JSON request file (docs/plan.md); the options given here win over it. */
  config?: string | undefined;
}

export interface ApplyResult {
  cluster: string;
  /** applied: the changes were made; nothing-to-do: every step was in place; declined: confirm said no. */
  status: 'applied' | 'nothing-to-do' | 'declined';
  /** The plan carried out (derived again under the lock), or the one declined. */
  plan: Plan;
  /** Steps that made a change. */
  changed: number;
  /** Steps already in place. */
  noOps: number;
  /** What the steps produced (a new subnet's id...), by step id. */
  outputs: Record<string, StepOutput>;
}

/** Internal knobs the CLI and tests use on top of the public options. */
export interface ApplyInternals {
  reporter?: ProgressReporter | undefined;
  clock?: EngineClock | undefined;
  /** Stop after this many mutating steps (crash injection in tests). */
  stopAfter?: number | undefined;
}

/** Makes the cluster's pods take addresses from a secondary block: the plan's steps, carried out. */
export async function apply(options: ApplyOptions): Promise<ApplyResult> {
  const request = await requestFromOptions(options, requestOptionsOf(options));
  return applyRequest(request, options);
}

export async function applyRequest(
  request: PlanRequest,
  options: ConnectionOptions & ApplyRunOptions,
  internals: ApplyInternals = {},
): Promise<ApplyResult> {
  const clock = internals.clock ?? systemEngineClock;
  const userSignal = options.signal ?? neverAborted;
  const kube = kubeOptionsOf(options);
  const conn = await openConnection({ ...options, cluster: request.cluster });
  const reporter = internals.reporter ?? eventReporter(options.events, () => clock.now());
  const planNow = async (): Promise<Plan> =>
    planFromSnapshot(
      await discover({
        cluster: request.cluster,
        aws: conn.aws,
        kube,
        signal: userSignal,
        // The pod subnets' interfaces: room for /28 prefixes counts whole unused blocks.
        include: { scheduling: true, networkInterfaces: request.prefixDelegation === 'on' },
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
    const unchanged = (status: ApplyResult['status']): ApplyResult => ({
      cluster: plan.cluster,
      status,
      plan,
      changed: 0,
      noOps: plan.steps.length - pending.length,
      outputs: {},
    });
    if (pending.length === 0) {
      // The one write of a run with nothing to do: the lease of a killed run of this machine, removed
      // so it does not outlive the work it guarded.
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
      return unchanged('nothing-to-do');
    }
    if (options.confirm && !(await options.confirm(plan))) return unchanged('declined');

    const run = new AbortController();
    const signal = AbortSignal.any([userSignal, run.signal]);
    const lock = await acquireRunLock({
      env: kube.env ?? process.env,
      port: conn.ports.kube.lease,
      cluster: plan.cluster,
      clock,
      lockDuration: options.lockDurationSeconds,
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
        graph: plan,
        ports: conn.ports,
        reporter,
        clock,
        signal,
        concurrency: options.concurrency,
        timeouts: options.pollIntervalMs === undefined ? {} : { pollMs: options.pollIntervalMs },
        stopAfter: internals.stopAfter,
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
          userSignal,
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
      return {
        cluster: plan.cluster,
        status: 'applied',
        plan,
        changed: result.applied,
        noOps: result.noOps,
        outputs: Object.fromEntries(result.outputs),
      };
    } finally {
      await releaseRunLock(lock, reporter, () => reporter.emit({ type: 'lock-released', holder }));
    }
  } finally {
    if (!internals.reporter) reporter.close();
    conn.close();
  }
}
