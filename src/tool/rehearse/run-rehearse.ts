/**
 * `eks-cidr rehearse`: snapshot the cluster (read-only), start a twin of it (injected: the tool never
 * imports the sandbox), then plan, apply and verify on the twin with the same options, watching
 * every workload's availability, and report the plan, the timeline, the lowest availability, the
 * capacity before and after, and a verdict. The real cluster only ever sees Describe/List/Get calls.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliContext, TextSink } from '../../shared/cli/context.js';
import { createAwsClients } from '../adapters/aws.js';
import { loadKubeAccess } from '../adapters/kube.js';
import { describeEksCluster } from '../discover/aws-discovery.js';
import type { TimedEvent } from '../engine/progress/events.js';
import { ExitCode } from '../errors.js';
import { planWithFlags } from '../plan.js';
import type { Plan } from '../planner/types.js';
import type { PlanFlags } from '../config/load.js';
import { captureSnapshot, describeSnapshot } from '../snapshot/capture.js';
import { createSampler } from './sample.js';
import { lowestAvailability, timeline, type Availability } from './timeline.js';
import type { TwinHandle, TwinStarter } from './types.js';
import { formatRehearsal, type Rehearsal } from './format.js';

export interface RehearseOptions {
  cluster: string;
  kubeconfig?: string | undefined;
  context?: string | undefined;
  planFlags: PlanFlags;
  keep: boolean;
  /** How long verify waits on the twin for pods to settle, in seconds. */
  verifyWait?: number | undefined;
  /** ipamd's pause on the twin after an address shortage, in seconds (default: the CNI's 120). */
  twinIpamdCooldown?: number | undefined;
}

/** The VPC CNI's pause after InsufficientCidrBlocks / InsufficientFreeAddressesInSubnet (ipamd.go). */
const CNI_INSUFFICIENT_CIDR_COOLDOWN_S = 120;

/**
 * How long verify waits on the twin. Under subnet discovery no node is replaced: a node whose ipamd
 * just failed for lack of addresses tries the new subnets only after its cooldown, so verify waits
 * that long and a minute more; otherwise two minutes.
 */
export function twinVerifyWait(
  opts: RehearseOptions,
  plan: { request: Pick<Plan['request'], 'mode'> },
): number {
  if (opts.verifyWait !== undefined) return opts.verifyWait;
  if (plan.request.mode !== 'subnet-discovery') return 120;
  return (opts.twinIpamdCooldown ?? CNI_INSUFFICIENT_CIDR_COOLDOWN_S) + 60;
}

const capture = (): TextSink & { text: string } => {
  const sink = { text: '', write: (s: string) => (sink.text += s), isTTY: false };
  return sink;
};

/** Runs `fn` with the twin's endpoint and credentials in the environment the SDK reads. */
async function inTwinEnv<T>(twin: TwinHandle, fn: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];
  Object.assign(process.env, twin.env);
  try {
    return await fn();
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

export async function runRehearse(
  ctx: CliContext,
  opts: RehearseOptions,
  startTwin: TwinStarter,
): Promise<number> {
  const say = (s: string) => ctx.stderr.write(`${s}\n`);
  const aws = createAwsClients({
    region: ctx.region,
    profile: ctx.profile,
    verbose: ctx.verbose,
    env: ctx.env,
  });
  const file = await captureSnapshot({
    cluster: opts.cluster,
    aws,
    kube: { kubeconfig: opts.kubeconfig, context: opts.context, env: ctx.env },
    signal: ctx.signal,
  }).finally(() => aws.destroy());
  const dir = mkdtempSync(join(tmpdir(), 'eks-cidr-rehearse-'));
  const snapshotPath = join(dir, 'snapshot.json');
  writeFileSync(snapshotPath, JSON.stringify(file), { mode: 0o600 });
  say(`Snapshot of ${describeSnapshot(file)} (read-only). Starting its twin...`);
  const twin = await startTwin(snapshotPath, ctx.signal, { ipamdCooldownSeconds: opts.twinIpamdCooldown });
  let keepTwin = opts.keep;
  try {
    const rehearsal = await inTwinEnv(twin, () => rehearse(ctx, opts, twin, file.cluster.name, say));
    rehearsal.snapshot = { nodes: file.kube.nodes.length, pods: file.kube.pods.length };
    if (opts.keep) rehearsal.twin.envLines = twin.envLines;
    ctx.stdout.write(
      ctx.output === 'json'
        ? `${JSON.stringify(rehearsal, null, 2)}\n`
        : formatRehearsal(rehearsal, ctx.color),
    );
    return rehearsal.verdict.ok ? ExitCode.Success : ExitCode.VerificationFailed;
  } catch (err) {
    keepTwin = false;
    throw err;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (!keepTwin) await twin.stop();
  }
}

async function rehearse(
  ctx: CliContext,
  opts: RehearseOptions,
  twin: TwinHandle,
  cluster: string,
  say: (s: string) => void,
): Promise<Rehearsal> {
  const env = { ...ctx.env, ...twin.env, AWS_PROFILE: undefined };
  const region = twin.env['AWS_REGION'];
  const kube = { kubeconfig: twin.kubeconfig, env };
  const plan: Plan = await planWithFlags({
    flags: { ...opts.planFlags, region },
    region,
    kube,
    signal: ctx.signal,
  });
  const aws = createAwsClients({ region, env });
  const endpoint = (await describeEksCluster(aws, cluster).finally(() => aws.destroy())).endpoint;
  const access = await loadKubeAccess(kube, { name: cluster, endpoint });
  const sampler = await createSampler(access.kubeConfig, cluster);
  const podsBefore = await sampler.pods();
  const twinCtx = (out: TextSink): CliContext => ({
    ...ctx,
    region,
    profile: undefined,
    output: 'json',
    color: false,
    env,
    stdout: out,
    stderr: capture(),
  });

  say('Applying on the twin...');
  const availability = lowestAvailability(new Map<string, Availability>(), await sampler.workloads());
  let sampling = true;
  const watcher = (async () => {
    while (sampling) {
      await new Promise((r) => setTimeout(r, 300));
      try {
        lowestAvailability(availability, await sampler.workloads());
      } catch {
        // A sample lost to a busy twin; the next one counts.
      }
    }
  })();
  const applyOut = capture();
  const applyErr = capture();
  const { runApply } = await import('../cli/commands/apply-run.js');
  let applyCode: number;
  const flags = { cluster, kubeconfig: twin.kubeconfig, context: undefined };
  try {
    applyCode = await runApply(
      { ...twinCtx(applyOut), stderr: applyErr },
      { ...flags, yes: true, concurrency: 4, pollInterval: 200, planFlags: { ...opts.planFlags, region } },
    );
  } catch (err) {
    applyCode = -1;
    applyErr.write(err instanceof Error ? err.message : String(err));
  } finally {
    sampling = false;
    await watcher;
  }
  const events = applyOut.text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as TimedEvent);

  let verifyCode = -1;
  let verifyReport: unknown;
  if (applyCode === 0) {
    say('Verifying on the twin...');
    const { runVerifyCommand } = await import('../cli/commands/verify-run.js');
    const out = capture();
    verifyCode = await runVerifyCommand(twinCtx(out), {
      ...flags,
      smoke: false,
      smokeReplicas: 0,
      wait: twinVerifyWait(opts, plan),
      pollInterval: 500,
    });
    verifyReport = JSON.parse(out.text) as unknown;
  }
  const podsAfter = await sampler.pods();
  const steps = timeline(plan, events);
  const failed = steps.find((s) => s.outcome === 'failed');
  const reasons: string[] = [];
  if (applyCode !== 0)
    reasons.push(
      failed
        ? `apply failed at ${failed.id}: ${failed.message ?? ''}`
        : `apply exited ${applyCode}: ${applyErr.text.trim().split('\n')[0] ?? ''}`,
    );
  else if (verifyCode !== 0) reasons.push('verify failed on the twin: pods are not all in the new range');
  const caveats = twin.notes.filter((n) => n.severity !== 'info');
  return {
    cluster,
    snapshot: { nodes: 0, pods: 0 },
    twin: { stateDir: twin.stateDir, exact: caveats.length === 0, notes: twin.notes },
    plan,
    timeline: steps,
    availability: [...availability.values()].sort(
      (a, b) => a.lowestRatio - b.lowestRatio || a.workload.localeCompare(b.workload),
    ),
    capacity: {
      podAddresses: {
        before: plan.summary.totals.podAddressesBefore,
        after: plan.summary.totals.podAddressesAfter,
      },
      nodegroups: plan.summary.nodegroups.map((n) => ({
        nodegroup: n.nodegroup,
        maxPodsBefore: n.maxPodsBefore,
        maxPodsAfter: n.maxPodsAfter,
      })),
      pods: { before: podsBefore, after: podsAfter },
    },
    apply: { exitCode: applyCode },
    verify: { exitCode: verifyCode, report: verifyReport },
    verdict: {
      ok: applyCode === 0 && verifyCode === 0,
      reasons,
      caveats: caveats.map((n) => `${n.resource}: ${n.message}`),
    },
  };
}
