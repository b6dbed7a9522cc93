/**
 * CLI start-up: wall time of `eks-cidr --help`, `max-pods` and `plan --help` against a bare
 * `node -e 0`, as ratios, and how many modules each loads. The AWS SDK clients and client-node must
 * not load for help or max-pods (the brief: heavy SDK clients load lazily); the last row imports
 * them on purpose, to show what an eager load would cost. Runs are interleaved round by round so
 * every case sees the same machine state; the figure is the median.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { median, printTable, ratio } from './harness.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const hook = fileURLToPath(new URL('./lib/module-count-hook.js', import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);

interface Case {
  name: string;
  args: string[];
  /** Timed runs (the reference row is slow, so it gets fewer). */
  rounds?: number;
}

const HEAVY_IMPORTS =
  "await import('@aws-sdk/client-ec2'); await import('@aws-sdk/client-eks'); " +
  "await import('@aws-sdk/client-sts'); await import('@kubernetes/client-node');";

const cases: Case[] = [
  { name: 'node -e 0 (baseline)', args: ['-e', '0'] },
  { name: 'eks-cidr --help', args: ['bin/eks-cidr.js', '--help'] },
  { name: 'eks-cidr max-pods -i m5.large', args: ['bin/eks-cidr.js', 'max-pods', '-i', 'm5.large'] },
  { name: 'eks-cidr plan --help', args: ['bin/eks-cidr.js', 'plan', '--help'] },
  {
    name: 'reference: import SDK clients + client-node',
    args: ['--input-type=module', '-e', HEAVY_IMPORTS],
    rounds: 1,
  },
];

const env = { ...process.env, NO_COLOR: '1', AWS_EC2_METADATA_DISABLED: 'true' };

function run(args: string[], extraEnv: Record<string, string> = {}): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    env: { ...env, ...extraEnv },
    stdio: 'pipe',
  });
  const elapsed = performance.now() - start;
  if (result.status !== 0) {
    throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr.toString()}`);
  }
  return elapsed;
}

interface ModuleReport {
  files: string[];
  /** `<importer path> <package specifier>` for each package import our own files made. */
  imports: string[];
}

function modulesOf(args: string[], dir: string, i: number): ModuleReport {
  const report = join(dir, `modules-${i}.json`);
  run(['--import', hook, ...args], { BENCH_MODULE_REPORT: report });
  return JSON.parse(readFileSync(report, 'utf8')) as ModuleReport;
}

const inPackage = (prefix: string) => (file: string) => file.includes(`/node_modules/${prefix}`);
const groups: [string, (file: string) => boolean][] = [
  ['ours (dist)', (f) => f.startsWith(join(root, 'dist')) || f.includes('/dist/src/')],
  ['node_modules', (f) => f.includes('/node_modules/')],
  ['@aws-sdk', inPackage('@aws-sdk/')],
  ['@smithy', inPackage('@smithy/')],
  ['client-node', inPackage('@kubernetes/client-node/')],
];

// Warm the file cache once per case so the first timed round is not an outlier.
for (const c of cases) if (!c.rounds) run(c.args);
const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const c of cases) if (round < (c.rounds ?? ROUNDS)) times.get(c.name)?.push(run(c.args));
}

const dir = mkdtempSync(join(tmpdir(), 'eks-cidr-bench-modules-'));
const reports = cases.map((c, i) => modulesOf(c.args, dir, i));
rmSync(dir, { recursive: true, force: true });

const base = median(times.get(cases[0]?.name ?? '') ?? []);
const helpModules = reports[1]?.files.length ?? 0;
printTable(
  `CLI start-up, median of the runs (node ${process.version}); modules loaded per process`,
  ['case', 'runs', 'median', 'min', 'x baseline', 'modules', ...groups.map(([g]) => g)],
  cases.map((c, i) => {
    const t = times.get(c.name) ?? [];
    const files = reports[i]?.files ?? [];
    return [
      c.name,
      t.length,
      `${median(t).toFixed(1)} ms`,
      `${Math.min(...t).toFixed(1)} ms`,
      ratio(median(t), base),
      files.length,
      ...groups.map(([, match]) => files.filter(match).length),
    ];
  }),
);

// Which of our files imported which package, per case (what an eager load would be traced to).
const heavy = ['@aws-sdk/', '@smithy/', '@kubernetes/client-node'];
const eager: string[][] = [];
cases.slice(1, 4).forEach((c, i) => {
  for (const line of reports[i + 1]?.imports ?? []) {
    const [importer, specifier] = line.split(' ');
    if (heavy.some((h) => specifier?.startsWith(h))) {
      eager.push([c.name, importer?.replace(root, '') ?? '', specifier ?? '']);
    }
  }
});
if (eager.length === 0) {
  console.log(
    `\nNo AWS SDK or client-node module is loaded by --help, max-pods or plan --help ` +
      `(--help loads ${helpModules} modules; the reference row shows what the SDK clients would add).`,
  );
} else {
  printTable('Eager loads of heavy packages (importer -> package)', ['case', 'importer', 'package'], eager);
}
