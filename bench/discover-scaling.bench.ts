/**
 * How plan (discovery over the wire + derivation) grows with the cluster: sandboxes of 10, 50 and
 * 200 nodes (5 `web` pods per node besides the daemon sets), each planned a few times. The figures
 * are time per node and the ratios between sizes: "x per node" is the time ratio over the node ratio
 * (1.00 = linear, below 1 = sublinear because fixed costs dominate, above 1 = worse than linear), and
 * the API calls per run from the sandbox trail (constant but for the pages of long lists). A last
 * row plans the 10-node cluster in a VPC with 1,000 extra subnets (issue 5: "well under a second").
 */
import './lib/quiet-sdk-warning.js';
import { median, printTable, ratio } from './harness.js';
import { runPlan, startBenchSandbox, type PlanRun } from './lib/plan-run.js';
import { buildScaledWorld, type ScaledWorldOptions } from './lib/scaled-world.js';

const RUNS = Number(process.env.BENCH_ROUNDS ?? 3);
const PODS_PER_NODE = 5;

interface Row {
  name: string;
  options: ScaledWorldOptions;
  runs: PlanRun[];
  pods: number;
  nodes: number;
  subnets: number;
}

async function measureWorld(name: string, options: ScaledWorldOptions): Promise<Row> {
  const sb = await startBenchSandbox();
  try {
    buildScaledWorld(sb.sandbox, options);
    if (rows.length === 0) await runPlan(sb); // warm-up: JIT and the SDK's lazy imports, once
    const runs: PlanRun[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await runPlan(sb));
    const last = runs[runs.length - 1];
    return {
      name,
      options,
      runs,
      nodes: last?.snapshot.kube.nodes.length ?? 0,
      pods: last?.snapshot.kube.pods.filter((p) => p.phase === 'Running').length ?? 0,
      subnets: last?.snapshot.subnets.length ?? 0,
    };
  } finally {
    await sb.stop();
  }
}

const rows: Row[] = [];
for (const nodes of [10, 50, 200]) {
  rows.push(await measureWorld(`${nodes} nodes`, { nodes, podsPerNode: PODS_PER_NODE }));
}
rows.push(
  await measureWorld('10 nodes, 1,000 extra subnets', {
    nodes: 10,
    podsPerNode: PODS_PER_NODE,
    extraSubnets: 1_000,
  }),
);

const base = rows[0];
const med = (r: Row | undefined, f: (x: PlanRun) => number) => median(r?.runs.map(f) ?? []);
const toolMs = (x: PlanRun) => x.totalMs - x.sandboxTickMs;
const baseTool = med(base, toolMs);
const baseNodes = base?.nodes ?? 1;
printTable(
  `plan() end to end against the in-process sandbox, median of ${RUNS} runs. "sandbox tick" is the ` +
    `sandbox's own per-request world.tick() inside that time; the ratios use "total - tick"`,
  [
    'world',
    'nodes',
    'pods running',
    'subnets',
    'discover',
    'derive',
    'total',
    'sandbox tick',
    'total - tick',
    'per node',
    'x nodes',
    'x time',
    'x per node',
  ],
  rows.map((r) => {
    const tool = med(r, toolMs);
    const xSize = r.nodes / baseNodes;
    const xTime = tool / baseTool;
    return [
      r.name,
      r.nodes,
      r.pods,
      r.subnets,
      `${med(r, (x) => x.discoverMs).toFixed(0)} ms`,
      `${med(r, (x) => x.deriveMs).toFixed(1)} ms`,
      `${med(r, (x) => x.totalMs).toFixed(0)} ms`,
      `${med(r, (x) => x.sandboxTickMs).toFixed(0)} ms`,
      `${tool.toFixed(0)} ms`,
      `${(tool / Math.max(1, r.nodes)).toFixed(2)} ms`,
      `${xSize.toFixed(2)}x`,
      `${xTime.toFixed(2)}x`,
      ratio(xTime, xSize),
    ];
  }),
);

const services = ['sts', 'eks', 'ec2', 'kubernetes'] as const;
const baseCalls = base?.runs[0]?.calls.length ?? 1;
printTable(
  'API calls per plan run (sandbox trail), by service; "x calls" is relative to the first world',
  ['world', 'nodes', ...services, 'total', 'mutating', 'x calls', 'x nodes'],
  rows.map((r) => {
    const calls = r.runs[0]?.calls ?? [];
    return [
      r.name,
      r.nodes,
      ...services.map((s) => calls.filter((c) => c.service === s).length),
      calls.length,
      calls.filter((c) => !c.readOnly).length,
      ratio(calls.length, baseCalls),
      ratio(r.nodes, baseNodes),
    ];
  }),
);
