/**
 * Lets scenario time pass: ticks every model at successive instants after now, so clusters and node
 * groups become ACTIVE, instances run, and the simulation places pods, before anyone looks. The clock
 * itself is not moved (the sandbox's is the system clock); transitions only need their due times.
 * What the ticks stamp is therefore dated ahead of the clock; the simulation counts such stamps as
 * now (retries, cooldowns, probes, wake-ups), so no timer holds longer than its period afterwards.
 */
import type { ScenarioWorld } from './types.js';

export function settle(world: ScenarioWorld, ms = 30_000, step = 1_000): void {
  const start = world.env.clock.now();
  for (let t = start; t <= start + ms; t += step) {
    world.ec2.tick(t);
    world.eks.tick(t);
    world.sim?.tick(t);
  }
}

/**
 * Runs a build with the simulation's per-tick write budget lifted: no request waits on a scenario
 * build, so a big workload settles in a few ticks instead of one tick per budget's worth of writes
 * (each tick listing every pod).
 */
export function unbudgeted<T>(world: ScenarioWorld, build: () => T): T {
  const sim = world.sim;
  const budget = sim?.writeBudgetPerTick;
  if (sim && budget !== undefined) sim.writeBudgetPerTick = Infinity;
  try {
    return build();
  } finally {
    if (sim && budget !== undefined) sim.writeBudgetPerTick = budget;
  }
}
