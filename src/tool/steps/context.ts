/**
 * What a step executor receives: the ports, the plan's identity, the outputs of the steps it depends
 * on, and the engine's retry / wait / progress services (so executors contain no timing policy).
 */
import type { EngineClock } from '../engine/clock.js';
import type { WaitCheck } from '../engine/wait.js';
import type { PlanStep, StepKind, StepOf, SubnetRef } from '../planner/types.js';
import type { Ports } from './ports.js';

export type StepOutput = Record<string, string>;

export interface StepTimeouts {
  /** Poll interval of the waiters, ms (a few seconds; 0 in tests). */
  pollMs: number;
  cidrAssociateMs: number;
  nodegroupActiveMs: number;
  nodesReadyMs: number;
  nodegroupDeleteMs: number;
  addonUpdateMs: number;
}

export const defaultTimeouts: StepTimeouts = {
  pollMs: 5_000,
  cidrAssociateMs: 5 * 60_000,
  nodegroupActiveMs: 30 * 60_000,
  nodesReadyMs: 15 * 60_000,
  nodegroupDeleteMs: 30 * 60_000,
  addonUpdateMs: 15 * 60_000,
};

export interface StepContext {
  cluster: string;
  region: string;
  vpcId: string;
  ports: Ports;
  clock: EngineClock;
  signal: AbortSignal;
  timeouts: StepTimeouts;
  /** Outputs of the steps finished in this run, by step id. */
  outputs: ReadonlyMap<string, StepOutput>;
  progress(message: string): void;
  notice(level: 'info' | 'warning', message: string): void;
  /**
   * Runs API calls in the step's retry scope: the gateway retries each (its one retry layer) on the
   * step's clock and signal, reporting `step-retry`. `afterCreate`: `*.NotFound` is transient.
   */
  call<T>(fn: () => Promise<T>, options?: { afterCreate?: boolean }): Promise<T>;
  waitUntil<T>(description: string, timeoutMs: number, check: WaitCheck<T>): Promise<T>;
}

export interface StepExecutor<K extends StepKind> {
  /** Makes the change. Must be idempotent: it checks what exists before creating. */
  execute(step: StepOf<K>, ctx: StepContext): Promise<StepOutput | void>;
  /**
   * For a no-op step: finish waiting on what an interrupted run started (a node group still
   * CREATING, a CIDR still associating) without a mutating call; returns the step's outputs.
   */
  settle?(step: StepOf<K>, ctx: StepContext): Promise<StepOutput | void>;
  /** A one-line description for progress output. */
  describe(step: StepOf<K>): string;
}

export type AnyStepExecutor = { [K in StepKind]: StepExecutor<K> };

/** The id of a subnet named by reference: known already, or created by an earlier step of this run. */
export function resolveSubnet(ref: SubnetRef, ctx: StepContext): string {
  const id = ref.subnetId ?? ctx.outputs.get(ref.stepId)?.subnetId;
  if (!id)
    throw new Error(`subnet for zone ${ref.zone} is not known: step '${ref.stepId}' produced no subnet id`);
  return id;
}

export function asStep<K extends StepKind>(step: PlanStep, kind: K): StepOf<K> {
  if (step.kind !== kind) throw new Error(`expected a ${kind} step, got ${step.kind}`);
  return step as StepOf<K>;
}
