/**
 * verify and report read every pod of the cluster. This bench builds a cluster of 5,000 nodes and
 * 150,000 pods in the sandbox (bench/lib/big-cluster.ts) and runs the tool's pod listing in a child
 * process (bench/lib/list-pods-child.ts) over HTTPS: paged (limit 500 and continue, as verify and
 * report do, through the gateway: kept connections, each page reduced to the fields verify reads
 * before client-node types it) and, for comparison in the same run, the same pages on a client-node
 * API object made without the gateway (a new TLS connection for every page) and one unpaged list. It prints pods/s and the child's peak RSS; the
 * targets (150,000 pods in at most 10 s and 300 MB) are read off the figures, never asserted. A second
 * table runs the paged listings through a proxy that adds a round trip of BENCH_VERIFY_RTT_MS
 * (default 20 ms; 0 skips it) to every request, as an API server in another region does.
 * Knobs: BENCH_SCALE_NODES (default 5000), BENCH_SCALE_PODS_PER_NODE (default 30),
 * BENCH_VERIFY_UNPAGED=0 skips the unpaged comparison.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { signedFetch } from '../test/helpers/signed-fetch.js';
import { printTable } from './harness.js';
import { buildBigCluster } from './lib/big-cluster.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { startLatencyProxy } from './lib/latency-proxy.js';
import { startBenchSandbox } from './lib/plan-run.js';

const NODES = Number(process.env.BENCH_SCALE_NODES ?? 5_000);
const PODS_PER_NODE = Number(process.env.BENCH_SCALE_PODS_PER_NODE ?? 30);
const RTT_MS = Number(process.env.BENCH_VERIFY_RTT_MS ?? 20);
const child = fileURLToPath(new URL('./lib/list-pods-child.js', import.meta.url));

interface ChildResult {
  mode: string;
  pods: number;
  running: number;
  ms: number;
  peakRssMB: number;
}

type Mode = 'paged' | 'new-connections' | 'unpaged';

function runChild(kubeconfig: string, mode: Mode): Promise<ChildResult> {
  // Asynchronously: the sandbox serving the child's requests runs in this process's event loop.
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, kubeconfig, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.once('error', reject);
    p.once('close', (code) => {
      if (code !== 0) reject(new Error(`list-pods-child ${mode} exited ${code}`));
      else resolve(JSON.parse(out) as ChildResult);
    });
  });
}

const sb = await startBenchSandbox();
try {
  const built = buildBigCluster(sb.sandbox, NODES, PODS_PER_NODE);
  sb.sandbox.world.tick();
  sb.sandbox.flush();
  // The sandbox rewrites its kubeconfig after a change served over the wire (the build went through
  // the models directly): one tag on the VPC makes it list cluster demo.
  const call = async (body: string) => {
    const res = await signedFetch({
      endpoint: sb.sandbox.endpoint,
      service: 'ec2',
      credentials: sb.sandbox.credentials,
      region: sb.sandbox.region,
      body: `${body}&Version=2016-11-15`,
    });
    return res.text();
  };
  const vpcId = /<vpcId>([^<]+)<\/vpcId>/.exec(await call('Action=DescribeVpcs'))?.[1] ?? '';
  await call(`Action=CreateTags&ResourceId.1=${vpcId}&Tag.1.Key=bench&Tag.1.Value=verify-pods`);
  console.log(`cluster: ${NODES.toLocaleString('en-US')} nodes, ${built.pods.toLocaleString('en-US')} pods`);
  const modes: Mode[] =
    process.env.BENCH_VERIFY_UNPAGED === '0'
      ? ['paged', 'new-connections']
      : ['paged', 'new-connections', 'unpaged'];
  const label: Record<Mode, string> = {
    paged: 'paged, limit 500, through the gateway (verify, report)',
    'new-connections': 'paged, a new connection per page (before)',
    unpaged: 'one unpaged list (before)',
  };
  const table = (title: string, results: ChildResult[]) => {
    const base = results[0]!;
    printTable(
      title,
      ['listing', 'pods', 'wall', 'pods/s', 'peak RSS (tool process)', 'wall / paged'],
      results.map((r) => [
        label[r.mode as Mode],
        r.pods.toLocaleString('en-US'),
        `${(r.ms / 1000).toFixed(2)} s`,
        Math.round((r.pods / r.ms) * 1000).toLocaleString('en-US'),
        `${r.peakRssMB.toFixed(0)} MB`,
        `${(r.ms / base.ms).toFixed(2)}x`,
      ]),
    );
  };
  const results: ChildResult[] = [];
  for (const mode of modes) results.push(await runChild(sb.kubeconfig, mode));
  table('verify/report pod listing, sandbox on this machine', results);
  if (RTT_MS > 0) {
    const server = new URL(/server: (\S+)/.exec(readFileSync(sb.kubeconfig, 'utf8'))?.[1] ?? '');
    const proxy = await startLatencyProxy(Number(server.port), RTT_MS);
    try {
      const far = `${sb.kubeconfig}.far`;
      writeFileSync(far, readFileSync(sb.kubeconfig, 'utf8').replace(`:${server.port}`, `:${proxy.port}`));
      const farResults: ChildResult[] = [];
      for (const mode of ['paged', 'new-connections'] as const) farResults.push(await runChild(far, mode));
      table(`the same, ${RTT_MS} ms round trip to the API server`, farResults);
    } finally {
      await proxy.close();
    }
  }
  console.log('targets: 150,000 pods in <= 10 s and <= 300 MB peak RSS for the paged listing');
} finally {
  await sb.stop();
}
