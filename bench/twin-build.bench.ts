/**
 * `sandbox up --from SNAPSHOT` alone: a twin built in process from snapshot files of the `large`
 * scenario, wall and CPU time, at two sizes side by side with the ratio. BENCH_TWIN_FILES names the
 * snapshot files (comma-separated, from `eks-cidr snapshot --out`); without it the bench builds the
 * sources itself (BENCH_TWIN_BUILD_NODES, default "500,1000", x BENCH_TWIN_PODS, default 30) and
 * snapshots them, which takes minutes. Figures are printed; nothing is asserted.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { main } from '../src/cli/main.js';
import { parseSnapshotFile, type SnapshotFile } from '../src/shared/snapshot/schema.js';
import { startSandbox } from '../src/sandbox/index.js';
import { printTable, ratio } from './harness.js';

const FILES = process.env.BENCH_TWIN_FILES?.split(',').filter(Boolean);
const SIZES = (process.env.BENCH_TWIN_BUILD_NODES ?? '500,1000').split(',').map(Number);
const PODS = Number(process.env.BENCH_TWIN_PODS ?? 30);
const dirs: string[] = [];
process.on('exit', () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'eks-cidr-twin-build-'));
  dirs.push(dir);
  return dir;
}

async function snapshotOf(nodes: number): Promise<SnapshotFile> {
  const source = await startSandbox({
    stateDir: stateDir(),
    port: 0,
    tickIntervalMs: 0,
    scenario: 'large',
    scenarioOptions: { nodes, podsPerNode: PODS },
  });
  try {
    let stdout = '';
    const env = {
      ...Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => !!e[1])),
      AWS_ENDPOINT_URL: source.endpoint,
      AWS_ACCESS_KEY_ID: source.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: source.credentials.secretAccessKey,
      AWS_REGION: source.region,
      AWS_EC2_METADATA_DISABLED: 'true',
      KUBECONFIG: source.paths!.kubeconfig,
    };
    Object.assign(process.env, env);
    const code = await main(['snapshot', '--cluster', 'demo'], {
      stdout: { write: (s: string) => (stdout += s), isTTY: false },
      stderr: { write: () => true, isTTY: false },
      env,
    });
    if (code !== 0) throw new Error(`snapshot exited ${code}`);
    return parseSnapshotFile(JSON.parse(stdout));
  } finally {
    await source.stop();
  }
}

interface Figures {
  nodes: number;
  pods: number;
  wallS: number;
  cpuS: number;
  notes: number;
}

async function twinOf(file: SnapshotFile): Promise<Figures> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const twin = await startSandbox({ stateDir: stateDir(), port: 0, tickIntervalMs: 0, twin: file });
  const wallS = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const notes = twin.twinReport?.notes.filter((n) => n.severity !== 'info').length ?? 0;
  await twin.stop();
  return {
    nodes: file.kube.nodes.length,
    pods: file.kube.pods.length,
    wallS,
    cpuS: (used.user + used.system) / 1e6,
    notes,
  };
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
console.log(`load average at the start: ${load()} (2 vCPUs)`);
const files = FILES
  ? FILES.map((f) => parseSnapshotFile(JSON.parse(readFileSync(f, 'utf8'))))
  : await Promise.all(SIZES.map((n) => snapshotOf(n)));
const figures: Figures[] = [];
for (const file of files) figures.push(await twinOf(file));
printTable(
  'Twin build (sandbox up --from, in process; seconds)',
  ['size', 'pods', 'wall', 'CPU', 'twin notes'],
  figures.map((f) => [`${f.nodes} nodes`, f.pods, f.wallS.toFixed(1), f.cpuS.toFixed(1), f.notes]),
);
const first = figures[0];
const last = figures[figures.length - 1];
if (first && last && last !== first)
  printTable(
    `Growth for ${(last.nodes / first.nodes).toFixed(1)}x the nodes`,
    ['figure', 'ratio', 'target at 2,000 nodes'],
    [
      ['twin build (wall)', ratio(last.wallS, first.wallS), '<= 30 s'],
      ['twin build (CPU)', ratio(last.cpuS, first.cpuS), ''],
    ],
  );
console.log(`load average at the end: ${load()}`);
