/**
 * Starting a benchmark sandbox and running the tool's discovery and planning against it over the
 * wire, the way `eks-cidr plan` does (AWS SDK v3 over HTTP, client-node over TLS with the sandbox's
 * kubeconfig), with the two halves timed apart: discovery (API calls) and derivation (pure).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  instantTiming,
  parseTrail,
  startSandbox,
  type Sandbox,
  type SandboxOptions,
  type TrailEntry,
} from '../../src/sandbox/index.js';
import { createAwsClients, discover, planFromSnapshot, loadRequest } from '../../src/tool/index.js';
import type { ClusterSnapshot, Plan } from '../../src/tool/index.js';

export interface BenchSandbox {
  sandbox: Sandbox;
  stateDir: string;
  kubeconfig: string;
  /** Milliseconds the sandbox has spent in `world.tick()` (it runs before every request it serves). */
  tickMs(): number;
  trail(): TrailEntry[];
  stop(): Promise<void>;
}

export async function startBenchSandbox(options: SandboxOptions = {}): Promise<BenchSandbox> {
  const stateDir = mkdtempSync(join(tmpdir(), 'eks-cidr-bench-'));
  const sandbox = await startSandbox({
    timing: instantTiming,
    tickIntervalMs: 0,
    ...options,
    stateDir,
    port: 0,
  });
  // The SDK reads endpoint and credentials from the environment, as it does for a user.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: sandbox.endpoint,
    AWS_ACCESS_KEY_ID: sandbox.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: sandbox.credentials.secretAccessKey,
    AWS_REGION: sandbox.region,
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  const trailPath = join(stateDir, 'trail.jsonl');
  // The server ticks the world before each request; that cost is the sandbox's, not the tool's, so it
  // is measured apart (the world object is shared with the request handlers, so wrapping it is enough).
  const world = sandbox.world;
  const tick = world.tick.bind(world);
  let tickMs = 0;
  world.tick = () => {
    const start = performance.now();
    try {
      return tick();
    } finally {
      tickMs += performance.now() - start;
    }
  };
  return {
    tickMs: () => tickMs,
    sandbox,
    stateDir,
    kubeconfig: sandbox.paths?.kubeconfig ?? '',
    trail: () => {
      try {
        return parseTrail(readFileSync(trailPath, 'utf8'));
      } catch {
        return [];
      }
    },
    stop: async () => {
      await sandbox.stop();
      // Not removed now: the Kubernetes listener records a request in the trail on the response's
      // 'close' event, which can come after stop() resolved; appending to a removed directory would
      // throw (uncaught) and end the bench.
      process.once('exit', () => rmSync(stateDir, { recursive: true, force: true }));
    },
  };
}

export interface PlanRun {
  plan: Plan;
  snapshot: ClusterSnapshot;
  discoverMs: number;
  deriveMs: number;
  totalMs: number;
  /** Of totalMs, the time the in-process sandbox spent ticking its world before requests. */
  sandboxTickMs: number;
  /** The API calls this run made, from the sandbox trail. */
  calls: TrailEntry[];
}

/** One `plan` for cluster `demo`: request, discovery, derivation, as `plan()` in src/tool/plan.ts. */
export async function runPlan(sb: BenchSandbox, concurrency?: number): Promise<PlanRun> {
  const before = sb.trail().length;
  const tickBefore = sb.tickMs();
  const start = performance.now();
  const request = await loadRequest({ cluster: 'demo' });
  const aws = createAwsClients({ endpoint: sb.sandbox.endpoint, region: sb.sandbox.region });
  let discovered: number;
  let plan: Plan;
  let snapshot: ClusterSnapshot;
  try {
    snapshot = await discover({
      cluster: 'demo',
      aws,
      kube: { kubeconfig: sb.kubeconfig, env: process.env },
      concurrency,
    });
    discovered = performance.now();
    plan = planFromSnapshot(snapshot, request);
  } finally {
    aws.destroy();
  }
  const end = performance.now();
  // The Kubernetes listener records a call when its response closes, a moment after the client has
  // it; wait for those lines (outside the timed span) so every run counts all of its calls.
  await new Promise((resolve) => setTimeout(resolve, 25));
  return {
    plan,
    snapshot,
    discoverMs: discovered - start,
    deriveMs: end - discovered,
    totalMs: end - start,
    sandboxTickMs: sb.tickMs() - tickBefore,
    calls: sb.trail().slice(before),
  };
}
