export { Simulation, CONTROLLERS, IDLE_INTERVAL_MS } from './simulation.js';
export type { SimState, SimNodeRecord } from './sim-state.js';
export type * from './ports.js';
export { sharedFacts } from './facts.js';
export { createSimulation, simEc2, simEks, simKube } from './adapters.js';
