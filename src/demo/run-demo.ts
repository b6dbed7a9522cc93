/**
 * `npm run demo`: an exhausted cluster in a throw-away sandbox, then plan, apply and verify run
 * through the CLI's own composition root (the same code path as a user's commands, over HTTP and
 * TLS), with a short narrative and the pods before and after.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliContext } from '../shared/cli/context.js';
import { startSandbox } from '../sandbox/index.js';
import { instantTiming } from '../sandbox/world.js';
import { describePods, type PodSummary } from './pod-summary.js';

const CLUSTER = 'demo';

/** The eks-cidr command line (`src/cli/main.ts` passes its own `main`, so the demo does not import it). */
export type RunCli = (
  argv: string[],
  io: { stdout: CliContext['stdout']; stderr: CliContext['stderr']; env: Record<string, string | undefined> },
) => Promise<number>;

export interface DemoOptions {
  /** Keep the sandbox's state directory (to inspect it afterwards). */
  keep?: boolean;
  cli: RunCli;
}

export async function runDemo(ctx: CliContext, options: DemoOptions): Promise<number> {
  const out = (s = '') => ctx.stdout.write(s + '\n');
  const stateDir = mkdtempSync(join(tmpdir(), 'eks-cidr-demo-'));
  out(`Starting a sandbox (EC2, EKS, Kubernetes) with scenario 'exhausted' in ${stateDir} ...`);
  const sandbox = await startSandbox({
    stateDir,
    scenario: 'exhausted',
    timing: instantTiming,
    tickIntervalMs: 100,
  });
  const env: Record<string, string | undefined> = {
    ...ctx.env,
    AWS_ENDPOINT_URL: sandbox.endpoint,
    AWS_ACCESS_KEY_ID: sandbox.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: sandbox.credentials.secretAccessKey,
    AWS_REGION: sandbox.region,
    AWS_DEFAULT_REGION: sandbox.region,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PROFILE: undefined,
  };
  // The AWS SDK reads endpoint, credentials and region from the process environment, as for a user.
  const saved = { ...process.env };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  const kubeconfig = sandbox.paths?.kubeconfig ?? join(stateDir, 'kubeconfig');
  const io = { stdout: ctx.stdout, stderr: ctx.stderr, env };
  const eksCidr = async (...args: string[]) => {
    out(`\n$ eks-cidr ${args.join(' ')}`);
    return options.cli([...args, '--kubeconfig', kubeconfig], io);
  };
  try {
    const before = await describePods({ kubeconfig, cluster: CLUSTER, env });
    out(`\nCluster '${CLUSTER}': its node subnets are nearly full.`);
    printPods(out, before);

    out('\n1. Plan: discover the cluster, validate, and show what would change (read-only).');
    const planCode = await eksCidr('plan', '--cluster', CLUSTER);
    if (planCode !== 0) return fail(out, 'plan', planCode);

    out('\n2. Apply: secondary CIDR, pod subnets, routes, CNI custom networking, ENIConfigs, node rotation.');
    const applyCode = await eksCidr('apply', '--cluster', CLUSTER, '--yes', '--poll-interval', '200');
    if (applyCode !== 0) return fail(out, 'apply', applyCode);

    out('\n3. Verify: every pod takes its address from its zone pod subnet.');
    const verifyCode = await eksCidr(
      'verify',
      '--cluster',
      CLUSTER,
      '--wait',
      '120',
      '--poll-interval',
      '500',
    );

    const after = await describePods({ kubeconfig, cluster: CLUSTER, env });
    out('\nAfter:');
    printPods(out, after);
    out(
      `\nBefore: ${before.running} running, ${before.stuck} stuck. After: ${after.running} running, ${after.stuck} stuck, ` +
        `${after.inPodRange} with a 100.64.x.x address.`,
    );
    if (verifyCode !== 0) return fail(out, 'verify', verifyCode);
    out('The cluster no longer runs out of addresses. Run the same commands against a real cluster.');
    return 0;
  } finally {
    for (const k of Object.keys(env)) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    await sandbox.stop();
    if (!options.keep) rmSync(stateDir, { recursive: true, force: true });
  }
}

function printPods(out: (s?: string) => void, pods: PodSummary): void {
  out(`  pods: ${pods.running} Running, ${pods.stuck} not running`);
  for (const line of pods.samples) out(`    ${line}`);
  if (pods.stuckReason) out(`  why they are stuck: ${pods.stuckReason}`);
}

function fail(out: (s?: string) => void, step: string, code: number): number {
  out(`\nThe demo stopped: '${step}' exited ${code}.`);
  return code === 0 ? 1 : code;
}
