/**
 * How fast the sandbox answers big lists, and what they cost in memory: requests per second for
 * DescribeSubnets and DescribeInstances on a VPC with 1,000 subnets and 2,000 instances (whole list,
 * one page of 100, one item), and for the Kubernetes API listing 5,000 pods whole, with `limit=500`
 * (one page, and every page), and one pod. Requests go over the wire as a client sends them
 * (SigV4-signed EC2 Query over HTTP, bearer token over TLS), one at a time on keep-alive connections.
 * RSS is the whole process (sandbox and client share it).
 */
import { Agent, request } from 'node:https';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import { scenarioWorld, settle } from '../src/sandbox/scenarios/index.js';
import { signedFetch } from '../test/helpers/signed-fetch.js';
import { printTable, ratio } from './harness.js';
import { startBenchSandbox } from './lib/plan-run.js';

const SUBNETS = 1_000;
const INSTANCES = 2_000;
const PODS = 5_000;
const BUDGET_MS = Number(process.env.BENCH_BUDGET_MS ?? 500);
const rate = (perSecond: number) => perSecond.toFixed(perSecond < 10 ? 2 : 0);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

const rssStart = process.memoryUsage().rss;
const sb = await startBenchSandbox();
const world = scenarioWorld(sb.sandbox.world);
const { ec2, env } = world;
let buildMs = performance.now();
const vpc = ec2.createVpc({ cidrBlock: '10.0.0.0/16' });
const zones = ['a', 'b', 'c'].map((z) => `${env.region}${z}`);
const subnetIds: string[] = [];
for (let i = 0; i < SUBNETS; i++) {
  // /26s: 64 addresses each, 1,000 of them fill 10.0.0.0/16 up to 10.0.250.0.
  const base = i * 64;
  const subnet = ec2.createSubnet({
    vpcId: vpc.vpcId,
    cidrBlock: `10.0.${Math.floor(base / 256)}.${base % 256}/26`,
    availabilityZone: zones[i % zones.length] ?? 'us-east-1a',
    tags: [{ key: 'Name', value: `bench-${i}` }],
  });
  subnetIds.push(subnet.subnetId);
}
// 20 instances per call into each of the first 100 subnets (a /26 has 59 usable addresses).
for (let i = 0; i < INSTANCES / 20; i++) {
  ec2.runInstancesBatch(
    { subnetId: subnetIds[i], instanceType: 'm5.large', tags: [{ key: 'Name', value: 'bench' }] },
    20,
  );
}
// A cluster, for a Kubernetes API to list; no node group yet (see the last cases).
const roleArn = (name: string) => `arn:aws:iam::${env.accountId}:role/${name}`;
world.eks.createCluster({
  name: 'demo',
  roleArn: roleArn('bench-cluster'),
  resourcesVpcConfig: { subnetIds: subnetIds.slice(0, 3) },
});
settle(world, 10_000, 5_000);
const store = world.kube.get('demo');
if (!store) throw new Error('The cluster demo has no Kubernetes store.');
for (let i = 0; i < PODS; i++) {
  store.create(
    { group: '', version: 'v1', resource: 'pods' },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `bench-${i}`, namespace: 'default', labels: { app: 'bench' } },
      spec: { containers: [{ name: 'app', image: 'public.ecr.aws/nginx/nginx:1.27' }] },
    },
  );
}
sb.sandbox.flush();
buildMs = performance.now() - buildMs;
const rssBuilt = process.memoryUsage().rss;

// EC2 over HTTP, signed.
const ec2Call = async (body: string): Promise<number> => {
  const res = await signedFetch({
    endpoint: sb.sandbox.endpoint,
    service: 'ec2',
    credentials: sb.sandbox.credentials,
    region: sb.sandbox.region,
    body: `${body}&Version=2016-11-15`,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`EC2 ${body}: HTTP ${res.status} ${text.slice(0, 200)}`);
  return text.length;
};

// Kubernetes over TLS with the sandbox kubeconfig's CA and token.
interface KubeconfigFile {
  clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { user: { token?: string } }[];
}
const kubeconfig = parse(readFileSync(sb.kubeconfig, 'utf8')) as KubeconfigFile;
const server = kubeconfig.clusters[0]?.cluster.server ?? '';
const ca = Buffer.from(kubeconfig.clusters[0]?.cluster['certificate-authority-data'] ?? '', 'base64');
const token = kubeconfig.users[0]?.user.token ?? '';
const agent = new Agent({ keepAlive: true, ca });
const kubeGetOnce = (path: string): Promise<{ bytes: number; cont?: string; reused?: boolean }> =>
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
          const cont = (JSON.parse(text) as { metadata?: { continue?: string } }).metadata?.continue;
          resolve({ bytes: text.length, ...(cont ? { cont } : {}) });
        });
      },
    );
    req.on('error', (err) => reject(Object.assign(err, { reused: req.reusedSocket })));
    req.end();
  });
/** Retries once when a kept-alive socket the server had just closed was reused (a keep-alive race). */
const kubeGet = async (path: string): Promise<{ bytes: number; cont?: string }> => {
  try {
    return await kubeGetOnce(path);
  } catch (err) {
    if ((err as { reused?: boolean }).reused) return kubeGetOnce(path);
    throw err;
  }
};
const kubeAllPages = async (limit: number): Promise<number> => {
  let bytes = 0;
  let cont: string | undefined;
  do {
    const page = await kubeGet(
      `/api/v1/pods?limit=${limit}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`,
    );
    bytes += page.bytes;
    cont = page.cont;
  } while (cont);
  return bytes;
};

interface Case {
  name: string;
  items: number;
  requests: number;
  run: () => Promise<number>;
  /** Slow cases: no warm-up, this many timed runs. */
  runs?: number;
}
const cases: Case[] = [
  {
    name: 'DescribeSubnets, all',
    items: SUBNETS,
    requests: 1,
    runs: 1,
    run: () => ec2Call('Action=DescribeSubnets'),
  },
  {
    name: 'DescribeSubnets, MaxResults=100',
    items: 100,
    requests: 1,
    runs: 1,
    run: () => ec2Call('Action=DescribeSubnets&MaxResults=100'),
  },
  {
    name: 'DescribeSubnets, one by id',
    items: 1,
    requests: 1,
    run: () => ec2Call(`Action=DescribeSubnets&SubnetId.1=${subnetIds[500] ?? ''}`),
  },
  {
    name: 'DescribeInstances, all',
    items: INSTANCES + 3,
    requests: 1,
    runs: 1,
    run: () => ec2Call('Action=DescribeInstances'),
  },
  {
    name: 'DescribeInstances, MaxResults=100',
    items: 100,
    requests: 1,
    runs: 1,
    run: () => ec2Call('Action=DescribeInstances&MaxResults=100'),
  },
  {
    name: 'list 5,000 pods, no limit',
    items: PODS,
    requests: 1,
    run: async () => (await kubeGet('/api/v1/pods')).bytes,
  },
  {
    name: 'list pods, limit=500 (1 page)',
    items: 500,
    requests: 1,
    run: async () => (await kubeGet('/api/v1/pods?limit=500')).bytes,
  },
  {
    name: 'list 5,000 pods, limit=500 (all pages)',
    items: PODS,
    requests: PODS / 500,
    run: () => kubeAllPages(500),
  },
  {
    name: 'get one pod',
    items: 1,
    requests: 1,
    run: async () => (await kubeGet('/api/v1/namespaces/default/pods/bench-2500')).bytes,
  },
];

const rows: (string | number)[][] = [];
let first = 0;
async function measureCase(c: Case): Promise<void> {
  let bytes = c.runs ? 0 : await c.run(); // warm-up
  let n = 0;
  const tickBefore = sb.tickMs();
  const start = performance.now();
  let elapsed = 0;
  while (c.runs ? n < c.runs : elapsed < BUDGET_MS || n < 3) {
    bytes = await c.run();
    n++;
    elapsed = performance.now() - start;
  }
  const perOp = elapsed / n;
  const tickPerOp = (sb.tickMs() - tickBefore) / n;
  if (!first) first = perOp;
  rows.push([
    c.name,
    c.items,
    c.requests,
    `${(bytes / 1024).toFixed(0)} KB`,
    `${perOp.toFixed(2)} ms`,
    `${tickPerOp.toFixed(2)} ms`,
    rate((c.requests * 1000) / perOp),
    rate((c.items * 1000) / perOp),
    ratio(perOp, first),
    mb(process.memoryUsage().rss),
  ]);
}
for (const c of cases) await measureCase(c);

// The same small requests once the account has a managed node group: the sandbox ticks the world
// before every request, and the EKS model's tick then lists every EC2 instance in full.
world.eks.createNodegroup({
  clusterName: 'demo',
  nodegroupName: 'bench-nodes',
  subnets: subnetIds.slice(0, 3),
  nodeRole: roleArn('bench-node'),
  scalingConfig: { minSize: 1, maxSize: 1, desiredSize: 1 },
});
for (const c of [cases[2], cases[cases.length - 1]]) {
  if (c) await measureCase({ ...c, name: `${c.name}, with a node group`, runs: 1 });
}
const peakRss = process.resourceUsage().maxRSS * 1024;
agent.destroy();
await sb.stop();

printTable(
  `Sandbox throughput, ${SUBNETS} subnets / ${INSTANCES} instances / ${PODS} pods, sequential requests on ` +
    `keep-alive connections (${BUDGET_MS} ms per case)`,
  [
    'case',
    'items',
    'requests',
    'response',
    'time/op',
    'of it tick',
    'req/s',
    'items/s',
    'x first',
    'RSS after',
  ],
  rows,
);
printTable(
  'Memory (whole process: sandbox + client)',
  ['stage', 'RSS'],
  [
    ['at start', mb(rssStart)],
    [`world built (${(buildMs / 1000).toFixed(1)} s)`, mb(rssBuilt)],
    ['peak during the run', mb(peakRss)],
  ],
);
console.log(
  `\n${INSTANCES} instances in ${INSTANCES / 20} subnets; ${SUBNETS} subnets in all. "with a node group": ` +
    'the same request after one managed node group exists in the account. "of it tick": the time the ' +
    'sandbox spent in world.tick() (run before every request), per request.',
);
