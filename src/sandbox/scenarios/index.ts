export type { Scenario, ScenarioName, ScenarioWorld } from './types.js';
export { SCENARIOS, SCENARIO_NAMES, applyScenario, isScenarioName } from './registry.js';
export { settle } from './settle.js';
export { largeScenario, largeSize, LARGE_DEFAULTS, type LargeOptions } from './large.js';
export { scenarioWorld, worldScenarios } from './from-world.js';
