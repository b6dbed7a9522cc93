/**
 * The named scenarios `eks-cidr sandbox up --scenario NAME` and the tests build worlds from. The sized
 * `large` scenario (large.ts) is built by name in the server, with its sizes.
 */
import { appliedScenario } from './applied.js';
import { basicScenario } from './basic.js';
import { BROKEN_SCENARIOS } from './broken.js';
import { exhaustedOldCniScenario, exhaustedScenario } from './exhausted.js';
import type { Scenario, ScenarioName, ScenarioWorld } from './types.js';

export const SCENARIOS: Readonly<Record<ScenarioName, Scenario>> = {
  empty: () => {},
  basic: basicScenario,
  exhausted: exhaustedScenario,
  'exhausted-old-cni': exhaustedOldCniScenario,
  applied: appliedScenario,
  ...BROKEN_SCENARIOS,
};

export const SCENARIO_NAMES = Object.keys(SCENARIOS) as ScenarioName[];

export function isScenarioName(name: string): name is ScenarioName {
  return Object.hasOwn(SCENARIOS, name);
}

/** Builds the named scenario into a fresh world. */
export function applyScenario(name: ScenarioName, world: ScenarioWorld): void {
  SCENARIOS[name](world);
}
