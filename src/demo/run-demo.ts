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
import { describePods, nodeNames, type PodSummary } from './pod-summary.js';

const CLUSTER = 'demo';
const DEMO_IPAMD_COOLDOWN_MS = 5_000;

/** The eks-cidr command line (`src/cli/main.ts` passes its own `main`, so the demo does not import it). */
export type RunCli = (
  argv: string[],
  io: { stdout: CliContext['stdout']; stderr: CliContext['stderr']; env: Record<string, string | undefined> },
) => Promise<number>;

export interface DemoOptions {
  /** Keep the sandbox's state directory (to inspect it afterwards). */
  keep?: boolean;
  /** --mode for plan and apply (default: auto, as a user runs them). */
  mode?: string | undefined;
  cli: RunCli;
}

const APPLY_STORY: Record<string, string> = {
  'subnet-discovery':
    'secondary CIDR, pod subnets tagged kubernetes.io/role/cni=1 at creation, routes; no ENIConfig and no node\n   replacement: the existing nodes put their next ENI in the new subnets.',
  'custom-networking':
    'secondary CIDR, pod subnets, routes, CNI custom networking, ENIConfigs, node rotation.',
};

const VERIFY_STORY: Record<string, string> = {
  'subnet-discovery': "every pod takes its address from its node's subnet or a tagged subnet of its zone.",
  'custom-networking': 'every pod takes its address from its zone pod subnet.',
};

export async function runDemo(ctx: CliContext, options: DemoOptions): Promise<number> {
  const out = (s = '') => ctx.stdout.write(s + '\n');
  const stateDir = mkdtempSync(join(tmpdir(), 'eks-cidr-demo-'));
  out(`Starting a sandbox (EC2, EKS, Kubernetes) with scenario 'exhausted' in ${stateDir} ...`);
  const sandbox = await startSandbox({
    stateDir,
    scenario: 'exhausted',
    // ipamd retries a full subnet after 5 s instead of the CNI's 2 minutes, to keep the demo short.
    timing: { ...instantTiming, insufficientCidrCooldown: DEMO_IPAMD_COOLDOWN_MS },
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
  const modeArgs = options.mode ? ['--mode', options.mode] : [];
  try {
    const before = await describePods({ kubeconfig, cluster: CLUSTER, env });
    const nodesBefore = await nodeNames(kubeconfig);
    out(`\nCluster '${CLUSTER}': its node subnets are nearly full.`);
    printPods(out, before);

    out('\n1. Plan: discover the cluster, choose the mode and say why, validate, and show what would change');
    out('   (read-only).');
    const planCode = await eksCidr('plan', '--cluster', CLUSTER, ...modeArgs);
    if (planCode !== 0) return fail(out, 'plan', planCode);
    const decision = await chosenMode(options.cli, CLUSTER, kubeconfig, env, modeArgs);
    out(`\nThe mode: ${decision.mode}, because ${decision.reason}.`);

    out(`\n2. Apply: ${APPLY_STORY[decision.mode] ?? ''}`);
    const applyCode = await eksCidr(
      'apply',
      '--cluster',
      CLUSTER,
      '--yes',
      '--poll-interval',
      '200',
      ...modeArgs,
    );
    if (applyCode !== 0) return fail(out, 'apply', applyCode);

    out(`\n3. Verify: ${VERIFY_STORY[decision.mode] ?? ''}`);
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
    const nodesAfter = await nodeNames(kubeconfig);
    const kept = nodesAfter.filter((n) => nodesBefore.includes(n)).length;
    out(
      kept === nodesBefore.length && nodesAfter.length === nodesBefore.length
        ? `Nodes: the same ${kept} nodes before and after (none replaced).`
        : `Nodes: ${nodesBefore.length} before, ${nodesAfter.length} after, ${kept} kept (the others replaced).`,
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

/** The plan's mode decision, read the way a script would: `plan --output json`. */
async function chosenMode(
  cli: RunCli,
  cluster: string,
  kubeconfig: string,
  env: Record<string, string | undefined>,
  modeArgs: string[],
): Promise<{ mode: string; reason: string }> {
  let json = '';
  const code = await cli(
    ['--output', 'json', 'plan', '--cluster', cluster, ...modeArgs, '--kubeconfig', kubeconfig],
    {
      stdout: { write: (s: string) => (json += s), isTTY: false },
      stderr: { write: () => true, isTTY: false },
      env,
    },
  );
  if (code !== 0) return { mode: 'unknown', reason: 'plan failed' };
  const plan = JSON.parse(json) as { request: { mode: string; modeDecision?: { reason: string } } };
  return { mode: plan.request.mode, reason: plan.request.modeDecision?.reason ?? 'asked for' };
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
