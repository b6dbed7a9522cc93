/**
 * The sandbox at production scale, in one run: the `large` scenario built through the simulation at
 * a tenth of the size and at full size (BENCH_LARGE_NODES, default 5,000, x BENCH_LARGE_PODS, default
 * 30; BENCH_SMALL_NODES sets the small size), an idle request on each (nothing due, and with a
 * controller's wake-up due: the world's clock 10 s on before each request, as the kubelet's sandbox
 * retries of an exhausted cluster ask), one mutation's persistence cost on each (its journal line), restart
 * after kill -9 (snapshot + journal replay) of each, and DescribeSubnets over 1,000 subnets
 * (whole and one page). Figures and ratios are printed; nothing is asserted.
 */
import { cpSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startSandbox, type Sandbox } from '../src/sandbox/index.js';
import { ManualClock } from '../src/sandbox/core/clock.js';
import { signedFetch } from '../test/helpers/signed-fetch.js';
import { median, printTable, ratio } from './harness.js';

const NODES = Number(process.env.BENCH_LARGE_NODES ?? 5_000);
const PODS = Number(process.env.BENCH_LARGE_PODS ?? 30);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const SMALL = process.env.BENCH_SMALL_NODES ? Number(process.env.BENCH_SMALL_NODES) : undefined;
/** Requests timed with a wake-up due (each one a full kubelet pass at most). */
const WAKE_ROUNDS = Number(process.env.BENCH_WAKE_ROUNDS ?? 7);
const dirs: string[] = [];
process.on('exit', () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'eks-cidr-scale-'));
  dirs.push(dir);
  return dir;
}

async function ec2(sandbox: Sandbox, body: string): Promise<string> {
  const res = await signedFetch({
    endpoint: sandbox.endpoint,
    service: 'ec2',
    credentials: sandbox.credentials,
    region: sandbox.region,
    body: `${body}&Version=2016-11-15`,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`EC2 ${body}: HTTP ${res.status} ${text.slice(0, 200)}`);
  return text;
}

async function timed(fn: () => Promise<unknown>, rounds = ROUNDS): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

interface SizeFigures {
  nodes: number;
  pods: number;
  buildS: number;
  buildCpuS: number;
  idleMs: number;
  idleTickMs: number;
  wakeMs: number;
  writeMs: number;
  journalLineBytes: number;
  snapshotMb: number;
  restartS?: number;
}

async function measureSize(nodes: number): Promise<SizeFigures> {
  const dir = stateDir();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const clock = new ManualClock(Date.now());
  const sandbox = await startSandbox({
    stateDir: dir,
    port: 0,
    tickIntervalMs: 0,
    clock,
    scenario: 'large',
    scenarioOptions: { nodes, podsPerNode: PODS },
  });
  const buildS = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const snapshotMb = statSync(join(dir, 'state.json')).size / 1e6;
  // Idle: a read on a world where nothing is due (the world's clock is past everything the build did).
  const world = sandbox.world;
  clock.advance(3_600_000);
  world.tick();
  const idleTickMs = await timed(() => {
    world.tick();
    return Promise.resolve();
  });
  const idleMs = await timed(() => ec2(sandbox, 'Action=DescribeVpcs'));
  // A wake-up due before each request (the kubelet retries a pod without an address every 10 s).
  const wakeMs = await timed(() => {
    clock.advance(10_001);
    return ec2(sandbox, 'Action=DescribeVpcs');
  }, WAKE_ROUNDS);
  // One mutation: its journal line, fsynced before the answer.
  const vpcId = /<vpcId>([^<]+)<\/vpcId>/.exec(await ec2(sandbox, 'Action=DescribeVpcs'))?.[1] ?? '';
  const before = sandbox.journal.stats().journalBytes;
  let n = 0;
  const writeMs = await timed(() =>
    ec2(sandbox, `Action=CreateTags&ResourceId.1=${vpcId}&Tag.1.Key=bench&Tag.1.Value=${n++}`),
  );
  const journalLineBytes = (sandbox.journal.stats().journalBytes - before) / ROUNDS;
  const out: SizeFigures = {
    nodes,
    pods: nodes * PODS,
    buildS,
    buildCpuS: (used.user + used.system) / 1e6,
    idleMs,
    idleTickMs,
    wakeMs,
    writeMs,
    journalLineBytes,
    snapshotMb,
  };
  {
    // kill -9 leaves the snapshot and the journal as they are: copy them and start on the copy.
    const copy = stateDir();
    cpSync(dir, copy, { recursive: true, filter: (src) => !src.endsWith('sandbox.json') });
    const t = performance.now();
    const again = await startSandbox({ stateDir: copy, port: 0, tickIntervalMs: 0 });
    out.restartS = (performance.now() - t) / 1000;
    await again.stop();
  }
  await sandbox.stop();
  return out;
}

async function describeSubnets(): Promise<{ wholeMs: number; pageMs: number; byVpcMs: number }> {
  const sandbox = await startSandbox({ stateDir: stateDir(), port: 0, tickIntervalMs: 0 });
  const vpc = sandbox.world.ec2.createVpc({ cidrBlock: '10.0.0.0/16' });
  for (let i = 0; i < 1_000; i++) {
    sandbox.world.ec2.createSubnet({
      vpcId: vpc.vpcId,
      cidrBlock: `10.0.${Math.floor(i / 4)}.${(i % 4) * 64}/26`,
      availabilityZone: 'us-east-1a',
      tags: [{ key: 'Name', value: `s-${i}` }],
    });
  }
  const wholeMs = await timed(() => ec2(sandbox, 'Action=DescribeSubnets'));
  const pageMs = await timed(() => ec2(sandbox, 'Action=DescribeSubnets&MaxResults=100'));
  const byVpcMs = await timed(() =>
    ec2(sandbox, `Action=DescribeSubnets&Filter.1.Name=vpc-id&Filter.1.Value.1=${vpc.vpcId}&MaxResults=100`),
  );
  await sandbox.stop();
  return { wholeMs, pageMs, byVpcMs };
}

const subnets = await describeSubnets();
printTable(
  'DescribeSubnets, 1,000 subnets (SigV4 over HTTP, median)',
  ['case', 'time'],
  [
    ['all 1,000', `${subnets.wholeMs.toFixed(1)} ms`],
    ['MaxResults=100 (one page)', `${subnets.pageMs.toFixed(1)} ms`],
    ['vpc-id filter, MaxResults=100', `${subnets.byVpcMs.toFixed(1)} ms`],
  ],
);

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
console.log(`load average at the start: ${load()} (2 vCPUs)`);
const small = await measureSize(SMALL ?? Math.max(3, Math.round(NODES / 10)));
const large = await measureSize(NODES);
const f = (v: number, d = 1) => v.toFixed(d);
printTable(
  `The large scenario, ${PODS} pods per node: ${small.nodes} vs ${large.nodes} nodes`,
  ['figure', 'small', 'large', `x (size x${(NODES / (SMALL ?? NODES / 10)).toFixed(1)})`],
  [
    [
      'nodes / web pods',
      `${small.nodes} / ${small.pods}`,
      `${large.nodes} / ${large.pods}`,
      ratio(large.nodes, small.nodes),
    ],
    [
      'build through the simulation (wall)',
      `${f(small.buildS)} s`,
      `${f(large.buildS)} s`,
      ratio(large.buildS, small.buildS),
    ],
    [
      'build, CPU time',
      `${f(small.buildCpuS)} s`,
      `${f(large.buildCpuS)} s`,
      ratio(large.buildCpuS, small.buildCpuS),
    ],
    [
      'idle request (DescribeVpcs, median)',
      `${f(small.idleMs, 2)} ms`,
      `${f(large.idleMs, 2)} ms`,
      ratio(large.idleMs, small.idleMs),
    ],
    [
      'idle request, a wake-up due (clock +10 s, median)',
      `${f(small.wakeMs, 1)} ms`,
      `${f(large.wakeMs, 1)} ms`,
      ratio(large.wakeMs, small.wakeMs),
    ],
    [
      'idle world.tick() (median)',
      `${f(small.idleTickMs, 3)} ms`,
      `${f(large.idleTickMs, 3)} ms`,
      ratio(large.idleTickMs, small.idleTickMs),
    ],
    [
      'one mutation (CreateTags, journaled + fsynced)',
      `${f(small.writeMs, 2)} ms`,
      `${f(large.writeMs, 2)} ms`,
      ratio(large.writeMs, small.writeMs),
    ],
    [
      'journal bytes per mutation',
      f(small.journalLineBytes, 0),
      f(large.journalLineBytes, 0),
      ratio(large.journalLineBytes, small.journalLineBytes),
    ],
    [
      'snapshot (state.json)',
      `${f(small.snapshotMb)} MB`,
      `${f(large.snapshotMb)} MB`,
      ratio(large.snapshotMb, small.snapshotMb),
    ],
    [
      'restart after kill -9 (snapshot + journal replay)',
      `${f(small.restartS ?? 0, 2)} s`,
      `${f(large.restartS ?? 0, 2)} s`,
      ratio(large.restartS ?? 0, small.restartS ?? 0),
    ],
  ],
);
console.log(`load average at the end: ${load()}`);
