/**
 * `eks-cidr sandbox dump`: the world as clients were last told it is. `state.json` alone lags by the
 * journal written since it, so the dump loads the snapshot and replays the journal onto it in memory,
 * exactly as a restart does, and returns the result in state.json's form. Nothing in the state
 * directory is written, and a sandbox running on it is not disturbed (a torn last line, a write in
 * progress, is dropped as a restart would).
 */
import { PinnableClock, systemClock } from './core/clock.js';
import { replayAwsStep, type AwsStep } from './server/aws-steps.js';
import { ec2Registry } from './server/dispatch.js';
import { defaultServices } from './server/services.js';
import { statePaths } from './state/paths.js';
import { loadState } from './state/state-store.js';
import { WorldJournal, type PersistedState } from './state/world-journal.js';
import { replayKubeStep, type KubeStep } from './wire/kube/replay.js';
import { createWorld, type Timing } from './world.js';

export interface DumpResult {
  state: PersistedState;
  /** Journal steps replayed onto the snapshot. */
  replayed: number;
  /** Bytes of a torn last journal line that were left out. */
  tornBytes: number;
}

/** The current state of the sandbox in `stateDir`, or undefined when it has none yet. */
export async function dumpState(
  stateDir: string,
  options: { timing?: Partial<Timing>; log?: (line: string) => void } = {},
): Promise<DumpResult | undefined> {
  const paths = statePaths(stateDir);
  const restored: PersistedState | undefined = loadState(paths.state);
  if (!restored) return undefined;
  const clock = new PinnableClock(systemClock);
  const world = createWorld({ clock, timing: options.timing }, restored);
  const journal = new WorldJournal({ world, clock, log: options.log ?? (() => {}) });
  const services = defaultServices();
  const registry = ec2Registry(services);
  journal.replayers.aws = (step) => replayAwsStep(world, registry, services, step as unknown as AwsStep);
  journal.replayers.kube = (step) =>
    replayKubeStep((name) => world.kube.get(name), clock.now(), step as unknown as KubeStep);
  const { replayed, read } = await journal.replayFile(paths.journal, restored.journalSeq ?? 0);
  return {
    state: { ...world.snapshot(), journalSeq: journal.stats().seq },
    replayed,
    tornBytes: read.tornBytes,
  };
}
