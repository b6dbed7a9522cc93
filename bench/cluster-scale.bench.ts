/**
 * Issue 4's scale claim: one EKS cluster of 5,000 nodes and 150,000 pods fits in memory and lists
 * with pagination. Builds the world in-process (bench/lib/big-cluster.ts), then times, over the wire,
 * listing every pod with limit=500 (all pages), the pods of one node by field selector, every node,
 * and DescribeInstances with MaxResults=1000 (all pages), plus what the sandbox's world.tick() costs
 * per request. The same at a tenth of the size runs first; the ratios show whether growth is linear.
 * Knobs: BENCH_SCALE_NODES (default 5000), BENCH_SCALE_PODS_PER_NODE (default 30).
 */
import { Agent, request } from 'node:https';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parse } from 'yaml';
import { signedFetch } from '../test/helpers/signed-fetch.js';
import { printTable, ratio } from './harness.js';
import { buildBigCluster } from './lib/big-cluster.js';
import { startBenchSandbox, type BenchSandbox } from './lib/plan-run.js';

const NODES = Number(process.env.BENCH_SCALE_NODES ?? 5_000);
const PODS_PER_NODE = Number(process.env.BENCH_SCALE_PODS_PER_NODE ?? 30);

// run-bench starts `node <file>` without flags; --expose-gc can be switched on at run time, and a
// fresh context then sees the `gc` function.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const heap = () => {
  gc();
  gc();
  return process.memoryUsage();
};

interface Timed {
  ms: number;
  tickMs: number;
  requests: number;
  items: number;
  bytes: number;
}

async function timed(sb: BenchSandbox, fn: () => Promise<Omit<Timed, 'ms' | 'tickMs'>>): Promise<Timed> {
  const tick = sb.tickMs();
  const start = performance.now();
  const r = await fn();
  return { ...r, ms: performance.now() - start, tickMs: sb.tickMs() - tick };
}

interface KubeconfigFile {
  clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { user: { token?: string } }[];
}

function kubeClient(sb: BenchSandbox) {
  const kc = parse(readFileSync(sb.kubeconfig, 'utf8')) as KubeconfigFile;
  const server = kc.clusters[0]?.cluster.server ?? '';
  const ca = Buffer.from(kc.clusters[0]?.cluster['certificate-authority-data'] ?? '', 'base64');
  const token = kc.users[0]?.user.token ?? '';
  const agent = new Agent({ keepAlive: true, ca });
  const get = (path: string): Promise<{ bytes: number; items: number; cont?: string }> =>
    new Promise((resolve, reject) => {
      const req = request(
        `${server}${path}`,
        { agent, headers: { authorization: `Bearer ${token}` } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode !== 200)
              return reject(new Error(`GET ${path}: ${res.statusCode} ${text.slice(0, 200)}`));
            const body = JSON.parse(text) as { items?: unknown[]; metadata?: { continue?: string } };
            const cont = body.metadata?.continue;
            resolve({ bytes: text.length, items: body.items?.length ?? 0, ...(cont ? { cont } : {}) });
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
  const allPages = async (path: string, limit: number) => {
    let bytes = 0;
    let items = 0;
    let requests = 0;
    let cont: string | undefined;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const page = await get(
        `${path}${sep}limit=${limit}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`,
      );
      bytes += page.bytes;
      items += page.items;
      requests++;
      cont = page.cont;
    } while (cont);
    return { bytes, items, requests };
  };
  return { get, allPages, close: () => agent.destroy() };
}

async function describeInstancesPages(sb: BenchSandbox, maxResults: number) {
  let bytes = 0;
  let items = 0;
  let requests = 0;
  let token: string | undefined;
  do {
    const res = await signedFetch({
      endpoint: sb.sandbox.endpoint,
      service: 'ec2',
      credentials: sb.sandbox.credentials,
      region: sb.sandbox.region,
      body:
        `Action=DescribeInstances&Version=2016-11-15&MaxResults=${maxResults}` +
        (token ? `&NextToken=${encodeURIComponent(token)}` : ''),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`DescribeInstances: HTTP ${res.status} ${text.slice(0, 200)}`);
    bytes += text.length;
    items += text.match(/<instanceId>/g)?.length ?? 0;
    requests++;
    token = /<nextToken>([^<]+)<\/nextToken>/.exec(text)?.[1];
  } while (token);
  return { bytes, items, requests };
}

interface WorldFigures {
  nodes: number;
  pods: number;
  buildMs: number;
  heapUsed: number;
  rss: number;
  cases: Map<string, Timed>;
  idleTickMs: number;
  persistMs: number;
  stateBytes: number;
}

async function runWorld(nodes: number, podsPerNode: number): Promise<WorldFigures> {
  const before = heap();
  const sb = await startBenchSandbox();
  let buildMs = performance.now();
  const cluster = buildBigCluster(sb.sandbox, nodes, podsPerNode);
  buildMs = performance.now() - buildMs;
  // The first tick after the build (the simulation's first pass over the new objects) is build work.
  sb.sandbox.world.tick();
  const after = heap();
  // The sandbox persists its whole state (and writes the kubeconfig) after mutations, coalesced.
  let persistMs = performance.now();
  sb.sandbox.flush();
  persistMs = performance.now() - persistMs;
  const stateBytes = statSync(join(sb.stateDir, 'state.json')).size;
  const kube = kubeClient(sb);
  const cases = new Map<string, Timed>();
  const oneNode = cluster.nodeNames[Math.floor(cluster.nodeNames.length / 2)] ?? '';
  cases.set('pods, limit=500, all pages', await timed(sb, () => kube.allPages('/api/v1/pods', 500)));
  cases.set(
    'pods of one node (fieldSelector)',
    await timed(sb, async () => {
      const r = await kube.get(
        `/api/v1/pods?fieldSelector=${encodeURIComponent(`spec.nodeName=${oneNode}`)}`,
      );
      return { ...r, requests: 1 };
    }),
  );
  cases.set(
    'nodes, whole list',
    await timed(sb, async () => ({ ...(await kube.get('/api/v1/nodes')), requests: 1 })),
  );
  cases.set(
    'DescribeInstances, MaxResults=1000, all pages',
    await timed(sb, () => describeInstancesPages(sb, 1_000)),
  );
  // One more tick with nothing new to do, timed alone.
  const tickStart = performance.now();
  sb.sandbox.world.tick();
  const idleTickMs = performance.now() - tickStart;
  kube.close();
  await sb.stop();
  return {
    nodes,
    pods: cluster.pods,
    buildMs,
    heapUsed: after.heapUsed - before.heapUsed,
    rss: after.rss,
    cases,
    idleTickMs,
    persistMs,
    stateBytes,
  };
}

const small = await runWorld(Math.round(NODES / 10), PODS_PER_NODE);
const large = await runWorld(NODES, PODS_PER_NODE);

const peakRss = process.resourceUsage().maxRSS * 1024;
const x = (a: number, b: number) => ratio(a, b);
printTable(
  `Cluster scale: ${small.nodes} nodes / ${small.pods} pods vs ${large.nodes} nodes / ${large.pods} pods`,
  ['figure', 'small', 'large', 'x (size x10)'],
  [
    [
      'build (in-process)',
      `${(small.buildMs / 1000).toFixed(1)} s`,
      `${(large.buildMs / 1000).toFixed(1)} s`,
      x(large.buildMs, small.buildMs),
    ],
    [
      'heap used by the world (after gc)',
      mb(small.heapUsed),
      mb(large.heapUsed),
      x(large.heapUsed, small.heapUsed),
    ],
    ['RSS after build', mb(small.rss), mb(large.rss), x(large.rss, small.rss)],
    [
      'idle world.tick()',
      `${small.idleTickMs.toFixed(1)} ms`,
      `${large.idleTickMs.toFixed(1)} ms`,
      x(large.idleTickMs, small.idleTickMs),
    ],
    [
      'persist (state.json, sandbox.flush)',
      `${small.persistMs.toFixed(0)} ms`,
      `${large.persistMs.toFixed(0)} ms`,
      x(large.persistMs, small.persistMs),
    ],
    ['peak RSS of the process (both worlds, client included)', '', mb(peakRss), ''],
    ['state.json size', mb(small.stateBytes), mb(large.stateBytes), x(large.stateBytes, small.stateBytes)],
  ],
);
const rows: (string | number)[][] = [];
for (const [name, s] of small.cases) {
  const l = large.cases.get(name);
  if (!l) continue;
  rows.push([
    name,
    `${s.items} / ${l.items}`,
    `${s.requests} / ${l.requests}`,
    `${(s.bytes / 1024 / 1024).toFixed(1)} / ${(l.bytes / 1024 / 1024).toFixed(1)} MB`,
    `${s.ms.toFixed(0)} ms`,
    `${l.ms.toFixed(0)} ms`,
    x(l.ms, s.ms),
    `${(s.tickMs / s.requests).toFixed(1)} / ${(l.tickMs / l.requests).toFixed(1)} ms`,
    `${((l.ms - l.tickMs) / l.requests).toFixed(1)} ms`,
  ]);
}
printTable(
  'Lists over the wire (Kubernetes over TLS, EC2 Query over HTTP; sequential, keep-alive)',
  [
    'case',
    'items s / l',
    'requests s / l',
    'bytes s / l',
    'small',
    'large',
    'x',
    'tick per request s / l',
    'large, per request w/o tick',
  ],
  rows,
);
