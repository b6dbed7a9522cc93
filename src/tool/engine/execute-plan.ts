/**
 * Executes a plan's steps as a DAG: each step's executor runs with the engine's retry, wait and
 * progress services; no-op steps only settle (finish waiting on what an interrupted run started).
 * Outputs (a new subnet's id) flow to the steps depending on them.
 */
import type { Plan, PlanStep } from '../planner/types.js';
import type { AnyStepExecutor, StepContext, StepOutput, StepTimeouts } from '../steps/context.js';
import { defaultTimeouts } from '../steps/context.js';
import type { Ports } from '../steps/ports.js';
import { stepExecutors } from '../steps/registry.js';
import type { EngineClock } from './clock.js';
import { runDag, type NodeOutcome } from './dag.js';
import type { ProgressReporter, StepSummary } from './progress/events.js';
import { withCallScope } from '../gateway/retry-layer.js';
import { waitUntil } from './wait.js';
import { isUserError } from '../../shared/errors.js';
import { errorCode } from './retry.js';

/**
 * What the engine runs: the steps (a DAG by `dependsOn`) and the identity every step acts on. A Plan is
 * one; destroy's undo is another (no request behind it).
 */
export type StepGraph = Pick<Plan, 'cluster' | 'region' | 'vpcId' | 'steps'>;

export interface ExecuteOptions {
  graph: StepGraph;
  ports: Ports;
  reporter: ProgressReporter;
  clock: EngineClock;
  signal: AbortSignal;
  concurrency?: number;
  timeouts?: Partial<StepTimeouts>;
  random?: () => number;
  executors?: AnyStepExecutor;
  /** Stop after this many mutating steps finished (crash-injection in tests). */
  stopAfter?: number | undefined;
}

export interface ExecuteResult {
  ok: boolean;
  outcomes: Map<string, NodeOutcome>;
  failures: { id: string; error: unknown }[];
  outputs: Map<string, StepOutput>;
  applied: number;
  noOps: number;
}

function executorFor(executors: AnyStepExecutor, step: PlanStep) {
  // The registry is keyed by kind; the cast pairs each step with its own executor type.
  return executors[step.kind] as unknown as AnyStepExecutor['associate-cidr'] & {
    execute(step: PlanStep, ctx: StepContext): Promise<StepOutput | void>;
    settle?(step: PlanStep, ctx: StepContext): Promise<StepOutput | void>;
    describe(step: PlanStep): string;
  };
}

export function summarizeSteps(graph: StepGraph, executors: AnyStepExecutor = stepExecutors): StepSummary[] {
  return graph.steps.map((s) => ({
    id: s.id,
    kind: s.kind,
    action: s.action,
    description: executorFor(executors, s).describe(s),
  }));
}

export async function executePlan(options: ExecuteOptions): Promise<ExecuteResult> {
  const { graph, reporter, clock } = options;
  const executors = options.executors ?? stepExecutors;
  const timeouts = { ...defaultTimeouts, ...options.timeouts };
  const outputs = new Map<string, StepOutput>();
  let applied = 0;
  let noOps = 0;
  const crash = new AbortController();
  const signal = AbortSignal.any([options.signal, crash.signal]);

  const contextFor = (step: PlanStep, stepSignal: AbortSignal): StepContext => ({
    cluster: graph.cluster,
    region: graph.region,
    vpcId: graph.vpcId,
    ports: options.ports,
    clock,
    signal: stepSignal,
    timeouts,
    outputs,
    progress: (message) => reporter.emit({ type: 'step-progress', id: step.id, message }),
    notice: (level, message) => reporter.emit({ type: 'notice', level, message }),
    // The gateway retries each call the step makes; the scope tells it the step's clock, signal and
    // events, and whether the call follows a create.
    call: (fn, o) =>
      withCallScope(
        {
          clock,
          signal: stepSignal,
          random: options.random,
          afterCreate: o?.afterCreate,
          onRetry: (r) => reporter.emit({ type: 'step-retry', id: step.id, ...r }),
        },
        fn,
      ),
    waitUntil: (description, timeoutMs, check) =>
      waitUntil(check, { clock, signal: stepSignal, intervalMs: timeouts.pollMs, timeoutMs, description }),
  });

  const result = await runDag(
    graph.steps,
    async (step, stepSignal) => {
      const executor = executorFor(executors, step);
      const ctx = contextFor(step, stepSignal);
      try {
        if (step.action === 'no-op') {
          const out = executor.settle ? await executor.settle(step, ctx) : undefined;
          if (out) outputs.set(step.id, out);
          noOps++;
          reporter.emit({ type: 'step-no-op', id: step.id, reason: step.reason });
          return;
        }
        reporter.emit({ type: 'step-start', id: step.id, description: executor.describe(step) });
        const out = await executor.execute(step, ctx);
        if (out) outputs.set(step.id, out);
        applied++;
        reporter.emit({
          type: 'step-done',
          id: step.id,
          message: out ? Object.values(out).join(', ') : undefined,
        });
        if (options.stopAfter !== undefined && applied >= options.stopAfter) {
          crash.abort(new Error(`stopped after ${applied} step(s) (--stop-after)`));
        }
      } catch (error) {
        if (options.signal.aborted) {
          // The run was stopped (Ctrl-C, lost lock): the step was cancelled, not failed; a re-run picks it up.
          reporter.emit({ type: 'step-skipped', id: step.id, reason: 'cancelled: the run was stopped' });
          throw error;
        }
        reporter.emit({
          type: 'step-failed',
          id: step.id,
          code: isUserError(error) ? error.code : (errorCode(error) ?? 'E_STEP_FAILED'),
          message: error instanceof Error ? error.message : String(error),
          hint: isUserError(error) ? error.hint : undefined,
        });
        throw error;
      }
    },
    { concurrency: options.concurrency ?? 4, signal },
  );

  for (const [id, outcome] of result.outcomes) {
    if (outcome === 'skipped')
      reporter.emit({ type: 'step-skipped', id, reason: 'a step it depends on failed' });
    if (outcome === 'not-started')
      reporter.emit({ type: 'step-skipped', id, reason: 'the run stopped first' });
  }
  const ok = result.failures.length === 0 && [...result.outcomes.values()].every((o) => o === 'succeeded');
  return { ok, outcomes: result.outcomes, failures: result.failures, outputs, applied, noOps };
}
