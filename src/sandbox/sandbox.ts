/**
 * Starts a whole sandbox: claims the state directory, restores (or seeds) the world, serves the AWS
 * APIs on one HTTP port and the clusters' Kubernetes APIs on one HTTPS port, ticks the world every
 * ~200 ms, journals every change before answering it (snapshot + journal, `state/world-journal.ts`)
 * and records every call in the trail.
 */
import { createServer } from 'node:http';
import { PinnableClock, systemClock, type Clock } from './core/clock.js';
import { DEFAULT_CREDENTIALS, type SandboxCredentials } from './server/auth/sigv4.js';
import { FaultInjector, parseFaultConfig, type FaultConfigInput } from './server/faults.js';
import {
  closeServer,
  kubeEndpointFor,
  startKubeServer,
  type KubeMountFactory,
  type KubeServer,
} from './server/kube-server.js';
import { listen } from './server/listen.js';
import { createRequestHandler } from './server/request-handler.js';
import {
  defaultKubeMount,
  defaultServices,
  resolveScenario,
  type ScenarioOptions,
  type ServiceRegistry,
} from './server/services.js';
import { FileTrail, MemoryTrail, type TrailSink } from './server/trail.js';
import { writeKubeconfig } from './state/kubeconfig.js';
import { statePaths, type StatePaths } from './state/paths.js';
import { RuntimeLock, type RuntimeInfo } from './state/runtime-lock.js';
import { loadState } from './state/state-store.js';
import { WorldJournal, type PersistedState } from './state/world-journal.js';
import { replayAwsStep, type AwsStep } from './server/aws-steps.js';
import { ec2Registry } from './server/dispatch.js';
import { createWorld, KubeLink, type Timing, type World } from './world.js';
import type { SnapshotFile } from '../shared/snapshot/schema.js';
import { buildTwin, type TwinReport } from './scenarios/from-snapshot.js';
import { scenarioWorld } from './scenarios/from-world.js';

export interface SandboxOptions {
  /** Where state.json, trail.jsonl, faults.json and the kubeconfig live; omit for an in-memory sandbox. */
  stateDir?: string | undefined;
  host?: string | undefined;
  /** AWS API port; 0 (default) picks a free one. */
  port?: number | undefined;
  /** Kubernetes API (HTTPS) port; 0 (default) picks a free one. */
  kubePort?: number | undefined;
  /** Scenario to seed a fresh state with (`empty` by default); ignored when state is restored. */
  scenario?: string | undefined;
  /** Sizes of a sized scenario (`large`: nodes, pods per node). */
  scenarioOptions?: ScenarioOptions | undefined;
  /**
   * A snapshot file to build a fresh state as a twin of (`sandbox up --from`), instead of a scenario;
   * its region and account are the sandbox's unless given. Ignored when state is restored.
   */
  twin?: SnapshotFile | undefined;
  clock?: Clock | undefined;
  timing?: Partial<Timing> | undefined;
  credentials?: SandboxCredentials | undefined;
  region?: string | undefined;
  accountId?: string | undefined;
  seed?: number | undefined;
  faults?: FaultConfigInput | undefined;
  /** Random source of rate-based faults (tests pass a seeded one). */
  random?: (() => number) | undefined;
  /** Overrides of what is served (tests); defaults to every wired service. */
  services?: ServiceRegistry | undefined;
  kubeMount?: KubeMountFactory | undefined;
  /** World tick interval; 0 disables the background ticker (requests still tick). */
  tickIntervalMs?: number | undefined;
  /** Where the sandbox reports trouble it cannot answer to a client (default: stderr, the sandbox log). */
  log?: ((line: string) => void) | undefined;
  /** Snapshot and empty the journal after this many steps (default 20,000). */
  compactAfterSteps?: number | undefined;
}

export interface Sandbox {
  /** `http://127.0.0.1:<port>`: EC2, STS and EKS. */
  endpoint: string;
  port: number;
  /** The HTTPS base of the Kubernetes APIs, when served. */
  kubeBaseUrl: string | undefined;
  kubeEndpoint(cluster: string): string;
  credentials: SandboxCredentials;
  region: string;
  world: World;
  /** True when the world came from an existing state.json (the scenario was not applied). */
  restored: boolean;
  paths: StatePaths | undefined;
  /** In-memory trail when there is no state directory. */
  trail: TrailSink;
  /** What a twin could not reproduce exactly (only when built from a snapshot now). */
  twinReport: TwinReport | undefined;
  /** Writes a snapshot of the world now and empties the journal (after changes made in-process). */
  flush(): void;
  /** The journal: steps since the last snapshot. */
  journal: WorldJournal;
  stop(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  const credentials = options.credentials ?? DEFAULT_CREDENTIALS;
  const paths = options.stateDir ? statePaths(options.stateDir) : undefined;
  const lock = paths ? new RuntimeLock(paths.dir, paths.runtime) : undefined;
  lock?.acquire();
  const cleanups: (() => Promise<void> | void)[] = [() => lock?.release()];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) await c();
  };
  try {
    // Validated even when the state is restored, so a misspelt name is an error, not silence.
    const seedScenario = resolveScenario(options.scenario ?? 'empty', options.scenarioOptions);
    const restored: PersistedState | undefined = paths ? loadState(paths.state) : undefined;
    const kubeLink = new KubeLink();
    const clock = new PinnableClock(options.clock ?? systemClock);
    const world = createWorld(
      {
        clock,
        region: options.region ?? options.twin?.region,
        accountId: options.accountId ?? options.twin?.accountId,
        timing: options.timing,
        seed: options.seed,
        kubeLink,
      },
      restored,
    );
    let twinReport: TwinReport | undefined;
    if (!restored && options.twin) twinReport = buildTwin(scenarioWorld(world), options.twin);
    else if (!restored) seedScenario(world);

    const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    const journal = new WorldJournal({
      world,
      clock,
      files: paths ? { dir: paths.dir, state: paths.state, journal: paths.journal } : undefined,
      log,
      compactEntries: options.compactAfterSteps,
    });
    cleanups.push(
      () => journal.close(),
      () => {
        // A clean stop leaves a snapshot and an empty journal (a quick restart); failures are logged.
        if (journal.stats().sinceSnapshot > 0 || journal.stats().broken) {
          try {
            journal.snapshot();
          } catch {
            // Logged by the journal; what it holds is still replayed at the next start.
          }
        }
      },
    );
    let mountToken: ((clusterName: string) => string) | undefined;
    let clusterList = '';
    const writeKubeconfigIfChanged = () => {
      if (!paths || !kubeLink.baseUrl) return;
      const names = world.clusterNames().join('\n');
      if (names === clusterList) return;
      clusterList = names;
      try {
        writeKubeconfig(paths.kubeconfig, world, kubeLink, mountToken);
      } catch (err) {
        log(`sandbox: cannot write ${paths.kubeconfig}: ${(err as Error).message}`);
      }
    };
    journal.afterChange = writeKubeconfigIfChanged;

    const fileTrail = paths ? new FileTrail(paths.trail) : undefined;
    const trail: TrailSink = fileTrail ?? new MemoryTrail();
    cleanups.push(() => fileTrail?.close());
    const faults = new FaultInjector(parseFaultConfig(options.faults ?? {}), paths?.faults, options.random);
    const services = options.services ?? defaultServices();
    const registry = ec2Registry(services);
    journal.replayers.aws = (step) => replayAwsStep(world, registry, services, step as unknown as AwsStep);

    let kube: KubeServer | undefined;
    const factory = options.kubeMount ?? defaultKubeMount;
    const mount = factory
      ? await factory({ world, stateDir: paths?.dir, credentials, trail, writes: journal })
      : undefined;
    const replayKube = mount?.replay?.bind(mount);
    if (replayKube) journal.replayers.kube = replayKube;
    // The steps journaled since the last snapshot run again before anything is served.
    await journal.open(restored);
    if (mount) {
      mountToken = mount.staticToken;
      kubeLink.caPem = mount.tls.caPem;
      kube = await startKubeServer(mount, host, options.kubePort ?? 0);
      kubeLink.baseUrl = kube.baseUrl;
      const k = kube;
      cleanups.push(async () => {
        mount.close?.();
        await k.close();
      });
    }

    const server = createServer(
      createRequestHandler({
        world,
        credentials,
        services,
        trail,
        faults,
        writes: journal,
        health: () => ({ pid: process.pid }),
      }),
    );
    server.keepAliveTimeout = 5_000;
    const port = await listen(server, host, options.port ?? 0, 'AWS API');
    cleanups.push(() => closeServer(server));
    const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

    const interval = options.tickIntervalMs ?? 200;
    if (interval > 0) {
      const ticker = setInterval(() => {
        try {
          journal.tick();
        } catch {
          // The next tick retries; a request surfaces a persistent failure.
        }
      }, interval);
      ticker.unref();
      cleanups.push(() => clearInterval(ticker));
    }

    if (paths) {
      const info: RuntimeInfo = {
        pid: process.pid,
        endpoint,
        kubeEndpoint: kube?.baseUrl,
        region: world.env.region,
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
        kubeconfig: kube ? paths.kubeconfig : undefined,
        startedAt: new Date().toISOString(),
        stateDir: paths.dir,
      };
      lock?.publish(info);
      if (kube) writeKubeconfig(paths.kubeconfig, world, kubeLink, mountToken);
    }

    let stopped = false;
    return {
      endpoint,
      port,
      kubeBaseUrl: kube?.baseUrl,
      kubeEndpoint: (cluster) => (kube ? kubeEndpointFor(kube.baseUrl, cluster) : ''),
      credentials,
      region: world.env.region,
      world,
      restored: restored !== undefined,
      paths,
      trail,
      twinReport,
      flush: () => journal.snapshot(),
      journal,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await cleanup();
      },
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
