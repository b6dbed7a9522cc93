/**
 * The one reconcile engine: every controller is a level-triggered `reconcile(ctx)` that compares
 * desired and observed state in the store and returns how many writes it made. The engine runs the
 * controllers of a cluster in order, pass after pass, until a pass writes nothing (bounded), so one
 * tick carries a Deployment through ReplicaSet, Pods, scheduling and networking.
 */
import type { EventRecorder } from './events.js';
import type { SimEc2, SimEks, SimEni, SimEnv, SimFacts, SimInstance, SimKubeStore } from './ports.js';
import type { SimState } from './sim-state.js';

export interface ClusterContext {
  cluster: string;
  clusterVersion: string;
  store: SimKubeStore;
  env: SimEnv;
  ec2: SimEc2;
  eks: SimEks;
  facts: SimFacts;
  events: EventRecorder;
  state: SimState;
  now: number;
  /** Every EC2 instance, listed once per tick (the simulation launches none itself). */
  instances: SimInstance[];
  /** Every ENI, listed at most once per pass: ipamd marks the list stale when it changes ENIs. */
  enis(): SimEni[];
  enisChanged(): void;
  /**
   * A controller waiting on time (a delay, a retry, a cooldown) asks to run again by then. The engine
   * hands each controller a context whose `requeueAt` records the wake-up under its name
   * (`requeueFor`), so only that controller runs when the time comes.
   */
  requeueAt(at: number): void;
  /** Records a wake-up for one controller (the simulation's schedule); absent, `requeueAt` is the cluster's. */
  requeueFor?(controller: string, at: number): void;
  /**
   * True once this tick has written its share: controllers stop their loops and the rest waits for
   * the next tick, so a burst (thousands of pods) never stalls the server for long.
   */
  overBudget(): boolean;
}

/** Writes per cluster per tick before the engine yields to the next tick. */
export const WRITE_BUDGET_PER_TICK = 1_500;

export interface Controller {
  readonly name: string;
  reconcile(ctx: ClusterContext): number;
}

export interface EngineResult {
  writes: number;
  passes: number;
  errors: { controller: string; error: unknown }[];
}

/**
 * Runs the controllers pass after pass until a pass writes nothing. With `only`, the first pass runs
 * just those (the ones whose wake-up came); once it writes, the objects it wrote are the others'
 * inputs, so later passes run every controller.
 */
export function runControllers(
  controllers: readonly Controller[],
  ctx: ClusterContext,
  maxPasses = 6,
  only?: ReadonlySet<string>,
): EngineResult {
  const result: EngineResult = { writes: 0, passes: 0, errors: [] };
  const requeueFor = ctx.requeueFor?.bind(ctx);
  const contexts = new Map(
    controllers.map((c) => [
      c,
      requeueFor ? { ...ctx, requeueAt: (at: number) => requeueFor(c.name, at) } : ctx,
    ]),
  );
  for (let pass = 0; pass < maxPasses; pass++) {
    let writes = 0;
    for (const controller of controllers) {
      if (pass === 0 && only && !only.has(controller.name)) continue;
      try {
        writes += controller.reconcile(contexts.get(controller) ?? ctx);
      } catch (error) {
        // One controller's failure (a conflict, a model error) must not stop the others; the next
        // tick retries, as a real controller's work queue would.
        result.errors.push({ controller: controller.name, error });
      }
    }
    result.passes++;
    result.writes += writes;
    if (writes === 0) break;
    if (ctx.overBudget()) {
      ctx.requeueAt(ctx.now);
      break;
    }
  }
  return result;
}
