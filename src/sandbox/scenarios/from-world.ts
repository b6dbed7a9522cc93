/** The sandbox World as the scenarios see it: every model they build through must be wired. */
import type { World } from '../world.js';
import { SCENARIOS } from './registry.js';
import type { ScenarioWorld } from './types.js';

export function scenarioWorld(world: World): ScenarioWorld {
  const { ec2, eks, kube } = world;
  if (!ec2 || !eks || !kube) throw new Error('Scenarios need the EC2, EKS and Kubernetes models.');
  const sim = (world as { sim?: { tick(now: number): unknown } }).sim;
  return { env: world.env, ec2, eks, kube, sim };
}

/** Every scenario as a builder over the sandbox World (the server's scenario registry). */
export function worldScenarios(): Record<string, (world: World) => void> {
  return Object.fromEntries(
    Object.entries(SCENARIOS).map(([name, build]) => [name, (world: World) => build(scenarioWorld(world))]),
  );
}
