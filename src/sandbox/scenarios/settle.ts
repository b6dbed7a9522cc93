/**
 * Lets scenario time pass: ticks every model at successive instants after now, so clusters and node
 * groups become ACTIVE, instances run, and the simulation places pods, before anyone looks. The clock
 * itself is not moved (the sandbox's is the system clock); transitions only need their due times.
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
