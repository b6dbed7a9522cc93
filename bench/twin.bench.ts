/**
 * Twins at production size, in one run: the `large` scenario (BENCH_TWIN_NODES, default 2,000 nodes,
 * x BENCH_TWIN_PODS, default 30 pods) plays the real cluster with BENCH_TWIN_LATENCY_MS (default 20)
 * added to every AWS call. Timed: `eks-cidr snapshot` of it, a twin built from that file
 * (`sandbox up --from`, in process), and `eks-cidr rehearse` end to end (snapshot, twin in its own
 * process, plan, apply, verify). The same at a tenth of the size, side by side, as ratios. Targets
 * (issue "Rehearse on a twin"): snapshot <= 60 s, twin <= 30 s, rehearse <= 3 min at 2,000 nodes.
 * Figures are printed; nothing is asserted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { main } from '../src/cli/main.js';
import { parseSnapshotFile, type SnapshotFile } from '../src/shared/snapshot/schema.js';
import { startSandbox, type Sandbox } from '../src/sandbox/index.js';
import { printTable, ratio } from './harness.js';

const NODES = Number(process.env.BENCH_TWIN_NODES ?? 2_000);
const PODS = Number(process.env.BENCH_TWIN_PODS ?? 30);
const LATENCY_MS = Number(process.env.BENCH_TWIN_LATENCY_MS ?? 20);
const dirs: string[] = [];
process.on('exit', () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'eks-cidr-twin-bench-'));
  dirs.push(dir);
  return dir;
}

function envOf(sb: Sandbox): Record<string, string> {
  return {
    ...Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => !!e[1])),
    AWS_ENDPOINT_URL: sb.endpoint,
    AWS_ACCESS_KEY_ID: sb.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: sb.credentials.secretAccessKey,
    AWS_REGION: sb.region,
    AWS_DEFAULT_REGION: sb.region,
    AWS_EC2_METADATA_DISABLED: 'true',
    KUBECONFIG: sb.paths!.kubeconfig,
  };
}

async function cli(sb: Sandbox, args: string[]): Promise<{ code: number; stdout: string; seconds: number }> {
  let stdout = '';
  let stderr = '';
  // The SDK reads the endpoint and credentials from the process environment, as it does for a user.
  Object.assign(process.env, envOf(sb));
  const started = performance.now();
  const code = await main(args, {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env: envOf(sb),
  });
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0 && args[0] !== 'rehearse')
    throw new Error(`${args.join(' ')} exited ${code}: ${stderr.slice(0, 500)}`);
  return { code, stdout, seconds };
}

interface Figures {
  nodes: number;
  pods: number;
  sourceBuildS: number;
  snapshotS: number;
  snapshotMb: number;
  twinS: number;
  twinNotes: number;
  rehearseS: number;
  verdict: string;
}

async function measure(nodes: number): Promise<Figures> {
  let started = performance.now();
  const source = await startSandbox({
    stateDir: stateDir(),
    port: 0,
    tickIntervalMs: 0,
    scenario: 'large',
    scenarioOptions: { nodes, podsPerNode: PODS },
    faults: { latencyMs: LATENCY_MS },
  });
  const sourceBuildS = (performance.now() - started) / 1000;
  try {
    // The first snapshot also loads the SDK and client modules; the second is the figure.
    await cli(source, ['snapshot', '--cluster', 'demo']);
    const snap = await cli(source, ['snapshot', '--cluster', 'demo']);
    const file: SnapshotFile = parseSnapshotFile(JSON.parse(snap.stdout));
    started = performance.now();
    const twin = await startSandbox({ stateDir: stateDir(), port: 0, tickIntervalMs: 0, twin: file });
    const twinS = (performance.now() - started) / 1000;
    const twinNotes = twin.twinReport?.notes.filter((n) => n.severity !== 'info').length ?? 0;
    await twin.stop();
    const rehearsal = await cli(source, ['rehearse', '--cluster', 'demo', '--output', 'json']);
    let verdict = `exit ${rehearsal.code}`;
    try {
      const out = JSON.parse(rehearsal.stdout) as { verdict: { ok: boolean; reasons: string[] } };
      verdict = out.verdict.ok ? 'PASS' : `FAIL: ${out.verdict.reasons.join('; ')}`;
    } catch {
      // Not JSON: the exit code says enough.
    }
    return {
      nodes,
      pods: file.kube.pods.length,
      sourceBuildS,
      snapshotS: snap.seconds,
      snapshotMb: Buffer.byteLength(snap.stdout) / 1e6,
      twinS,
      twinNotes,
      rehearseS: rehearsal.seconds,
      verdict,
    };
  } finally {
    await source.stop();
  }
}

const small = await measure(Math.max(3, Math.round(NODES / 10)));
const big = await measure(NODES);
const row = (f: Figures) => [
  `${f.nodes} nodes`,
  f.pods,
  f.sourceBuildS.toFixed(1),
  f.snapshotS.toFixed(1),
  f.snapshotMb.toFixed(2),
  f.twinS.toFixed(1),
  f.twinNotes,
  f.rehearseS.toFixed(1),
  f.verdict,
];
printTable(
  `Twins of the large scenario (${PODS} pods per node, ${LATENCY_MS} ms added per AWS call; seconds)`,
  ['size', 'pods', 'source build', 'snapshot', 'file MB', 'twin build', 'twin notes', 'rehearse', 'verdict'],
  [row(small), row(big)],
);
printTable(
  `Growth for ${(big.nodes / small.nodes).toFixed(1)}x the nodes`,
  ['figure', 'ratio', 'target at 2,000 nodes'],
  [
    ['snapshot', ratio(big.snapshotS, small.snapshotS), '<= 60 s'],
    ['twin build', ratio(big.twinS, small.twinS), '<= 30 s'],
    ['rehearse', ratio(big.rehearseS, small.rehearseS), '<= 180 s'],
  ],
);
