export type { Scenario, ScenarioName, ScenarioWorld } from './types.js';
export { SCENARIOS, SCENARIO_NAMES, applyScenario, isScenarioName } from './registry.js';
export { settle } from './settle.js';
export { scenarioWorld, worldScenarios } from './from-world.js';
