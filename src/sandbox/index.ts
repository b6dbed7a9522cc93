export { startSandbox, type Sandbox, type SandboxOptions } from './sandbox.js';
export {
  createWorld,
  defaultTiming,
  instantTiming,
  KubeLink,
  type SandboxEnv,
  type Timing,
  type World,
  type WorldState,
} from './world.js';
export {
  DEFAULT_CREDENTIALS,
  verifyPresignedUrl,
  verifySignedRequest,
  type SandboxCredentials,
} from './server/auth/sigv4.js';
export { parseTrail, type TrailEntry, type TrailSink } from './server/trail.js';
export type { KubeMount, KubeMountContext, KubeMountFactory, KubeTls } from './server/kube-server.js';
export type { FaultConfig, FaultConfigInput } from './server/faults.js';
export { statePaths, defaultStateDir } from './state/paths.js';
export { ManualClock, systemClock, type Clock } from './core/clock.js';
