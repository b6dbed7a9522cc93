/**
 * verify and report read every pod of the cluster. This bench builds a cluster of 5,000 nodes and
 * 150,000 pods in the sandbox (bench/lib/big-cluster.ts) and runs the tool's pod listing in a child
 * process (bench/lib/list-pods-child.ts) over HTTPS: paged (limit 500 and continue, as verify and
 * report do) and, for comparison, as one unpaged list. It prints pods/s and the child's peak RSS; the
 * targets (150,000 pods in at most 10 s and 300 MB) are read off the figures, never asserted.
 * Knobs: BENCH_SCALE_NODES (default 5000), BENCH_SCALE_PODS_PER_NODE (default 30),
 * BENCH_VERIFY_UNPAGED=0 skips the unpaged comparison.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { signedFetch } from '../test/helpers/signed-fetch.js';
import { printTable } from './harness.js';
import { buildBigCluster } from './lib/big-cluster.js';
import { startBenchSandbox } from './lib/plan-run.js';

const NODES = Number(process.env.BENCH_SCALE_NODES ?? 5_000);
const PODS_PER_NODE = Number(process.env.BENCH_SCALE_PODS_PER_NODE ?? 30);
const child = fileURLToPath(new URL('./lib/list-pods-child.js', import.meta.url));

interface ChildResult {
  mode: string;
  pods: number;
  running: number;
  ms: number;
  peakRssMB: number;
}

function runChild(kubeconfig: string, mode: 'paged' | 'unpaged'): Promise<ChildResult> {
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
  const modes: ('paged' | 'unpaged')[] =
    process.env.BENCH_VERIFY_UNPAGED === '0' ? ['paged'] : ['paged', 'unpaged'];
  const rows: string[][] = [];
  for (const mode of modes) {
    const r = await runChild(sb.kubeconfig, mode);
    rows.push([
      mode === 'paged' ? 'paged, limit 500 (verify, report)' : 'one unpaged list (before)',
      r.pods.toLocaleString('en-US'),
      `${(r.ms / 1000).toFixed(2)} s`,
      Math.round((r.pods / r.ms) * 1000).toLocaleString('en-US'),
      `${r.peakRssMB.toFixed(0)} MB`,
    ]);
  }
  printTable(
    'verify/report pod listing',
    ['listing', 'pods', 'wall', 'pods/s', 'peak RSS (tool process)'],
    rows,
  );
  console.log('targets: 150,000 pods in <= 10 s and <= 300 MB peak RSS for the paged listing');
} finally {
  await sb.stop();
}
