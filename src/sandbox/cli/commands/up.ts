/**
 * `eks-cidr sandbox up`: in the foreground until Ctrl-C / SIGTERM, or `--detach`ed: a background
 * process started with the same options, returning once it answers. Either way it prints the
 * export lines to eval; on a state directory that already runs a sandbox it says so and prints its.
 */
import { spawn } from 'node:child_process';
import { get as httpGet } from 'node:http';
import { closeSync, existsSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CliContext } from '../../../shared/cli/context.js';
import { ExitCode, UserError } from '../../../shared/errors.js';
import { HEALTH_PATH } from '../../server/request-handler.js';
import type { StatePaths } from '../../state/paths.js';
import {
  isAlive,
  prepareStateDir,
  readRuntime,
  runningSandbox,
  type RuntimeInfo,
} from '../../state/runtime-lock.js';
import { parseNumberOption, type UpOptions } from '../options.js';
import { printEnv, resolvePaths } from '../state-dir.js';

const START_TIMEOUT_MS = 30_000;
/** A twin, or the `large` scenario (2,000 nodes by default: minutes), is built before it answers. */
const BIG_START_TIMEOUT_MS = 900_000;

export async function runUp(opts: UpOptions, ctx: CliContext): Promise<number> {
  const paths = resolvePaths(opts, ctx);
  const existing = runningSandbox(paths.runtime);
  if (existing?.endpoint) {
    ctx.stderr.write(
      `A sandbox is already running on ${paths.dir} (pid ${existing.pid}, ${existing.endpoint}).\n`,
    );
    printEnv(existing, ctx);
    return ExitCode.Success;
  }
  const port = parseNumberOption('port', opts.port, 0, 65535) ?? 4566;
  const kubePort =
    parseNumberOption('kube-port', opts.kubePort, 0, 65535) ?? (port > 0 && port < 65535 ? port + 1 : 0);
  const faults = {
    latencyMs: parseNumberOption('latency', opts.latency, 0, 60_000),
    throttleRate: parseNumberOption('throttle-rate', opts.throttleRate, 0, 1),
    errorRate: parseNumberOption('error-rate', opts.errorRate, 0, 1),
    consistencyDelayMs: parseNumberOption('consistency-delay', opts.consistencyDelay, 0, 600_000),
  };
  const scenarioOptions = {
    nodes: parseNumberOption('nodes', opts.nodes, 3, 100_000),
    podsPerNode: parseNumberOption('pods-per-node', opts.podsPerNode, 1, 250),
  };
  const ipamdCooldown = parseNumberOption('ipamd-cooldown', opts.ipamdCooldown, 0, 3600);
  if (opts.from && opts.scenario && opts.scenario !== 'empty') {
    throw new UserError('E_USAGE', '--from and --scenario both say what to build; pass one of them.', {
      exitCode: ExitCode.Usage,
    });
  }
  const { readSnapshotFile, TWIN_REPORT_FILE } = await import('../snapshot-file.js');
  const twin = opts.from ? readSnapshotFile(opts.from) : undefined;
  if (opts.detach)
    return detach(
      { ...opts, ...(opts.from ? { from: resolve(opts.from) } : {}) },
      ctx,
      paths,
      port,
      kubePort,
    );

  const { startSandbox } = await import('../../sandbox.js');
  const sandbox = await startSandbox({
    stateDir: paths.dir,
    host: opts.host,
    port,
    kubePort,
    scenario: twin ? undefined : opts.scenario,
    scenarioOptions,
    twin,
    region: ctx.region,
    faults: Object.fromEntries(Object.entries(faults).filter(([, v]) => v !== undefined)),
    ...(ipamdCooldown !== undefined ? { timing: { insufficientCidrCooldown: ipamdCooldown * 1000 } } : {}),
  });
  const info = readRuntime(paths.runtime);
  if (sandbox.twinReport) {
    const { exact } = sandbox.twinReport;
    writeFileSync(join(paths.dir, TWIN_REPORT_FILE), JSON.stringify(sandbox.twinReport.notes, null, 2));
    ctx.stderr.write(
      `eks-cidr sandbox: twin of cluster ${twin?.cluster.name ?? ''} built from ${opts.from ?? ''}` +
        (exact ? '; it reproduces the snapshot.\n' : '; where it differs from the snapshot:\n'),
    );
    for (const line of sandbox.twinReport.lines()) ctx.stderr.write(`  ${line}\n`);
  }
  if (sandbox.restored && opts.from) {
    ctx.stderr.write(
      `eks-cidr sandbox: restored the existing state of ${paths.dir}; --from applies only to a fresh state ('eks-cidr sandbox reset --yes' starts over).\n`,
    );
  }
  // `empty` is the default: said only for a scenario the user asked for.
  if (sandbox.restored && opts.scenario && opts.scenario !== 'empty') {
    ctx.stderr.write(
      `eks-cidr sandbox: restored the existing state of ${paths.dir}; --scenario ${opts.scenario} applies only to a fresh state ('eks-cidr sandbox reset --yes' starts over).\n`,
    );
  }
  ctx.stderr.write(
    `eks-cidr sandbox: AWS APIs (EC2, EKS, STS) at ${sandbox.endpoint}` +
      (sandbox.kubeBaseUrl ? `, Kubernetes APIs at ${sandbox.kubeBaseUrl}/k8s/<cluster>` : '') +
      `; state in ${paths.dir}. Ctrl-C stops it.\n`,
  );
  if (info) printEnv(info, ctx);
  await new Promise<void>((resolve) => {
    const done = () => {
      process.removeListener('SIGTERM', done);
      ctx.signal.removeEventListener('abort', done);
      resolve();
    };
    if (ctx.signal.aborted) return done();
    ctx.signal.addEventListener('abort', done);
    process.once('SIGTERM', done);
  });
  await sandbox.stop();
  ctx.stderr.write('eks-cidr sandbox: stopped; state kept.\n');
  return ExitCode.Success;
}

function childArgs(
  opts: UpOptions,
  ctx: CliContext,
  paths: StatePaths,
  port: number,
  kubePort: number,
): string[] {
  const bin = fileURLToPath(new URL('../../../../../bin/eks-cidr.js', import.meta.url));
  const args = [
    bin,
    ...(ctx.region ? ['--region', ctx.region] : []),
    'sandbox',
    'up',
    '--state-dir',
    paths.dir,
  ];
  args.push('--port', String(port), '--kube-port', String(kubePort), '--host', opts.host);
  if (opts.from) args.push('--from', opts.from);
  else if (opts.scenario) args.push('--scenario', opts.scenario);
  if (opts.nodes !== undefined) args.push('--nodes', opts.nodes);
  if (opts.podsPerNode !== undefined) args.push('--pods-per-node', opts.podsPerNode);
  const flags: [string, string | undefined][] = [
    ['--latency', opts.latency],
    ['--throttle-rate', opts.throttleRate],
    ['--error-rate', opts.errorRate],
    ['--consistency-delay', opts.consistencyDelay],
    ['--ipamd-cooldown', opts.ipamdCooldown],
  ];
  for (const [flag, value] of flags) if (value !== undefined) args.push(flag, value);
  return args;
}

async function detach(
  opts: UpOptions,
  ctx: CliContext,
  paths: StatePaths,
  port: number,
  kubePort: number,
): Promise<number> {
  prepareStateDir(paths.dir);
  const logStart = existsSync(paths.log) ? statSync(paths.log).size : 0;
  const log = openSync(paths.log, 'a');
  const child = spawn(process.execPath, childArgs(opts, ctx, paths, port, kubePort), {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, ...ctx.env, NO_COLOR: '1' },
  });
  closeSync(log);
  let exited = false;
  child.once('exit', () => (exited = true));
  child.unref();
  // A twin of a large cluster, or the large scenario, takes minutes to build; the others seconds.
  const timeoutMs = opts.from || opts.scenario === 'large' ? BIG_START_TIMEOUT_MS : START_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  let ready: RuntimeInfo | undefined;
  while (Date.now() < deadline) {
    const info = readRuntime(paths.runtime);
    if (info && info.pid === child.pid && info.endpoint && (await answers(info.endpoint))) {
      ready = info;
      break;
    }
    if (exited || (child.pid !== undefined && !isAlive(child.pid))) break;
    await sleep(100);
  }
  const info = ready;
  if (!info) {
    if (child.pid !== undefined && isAlive(child.pid)) {
      process.kill(child.pid, 'SIGTERM');
      throw new UserError(
        'E_SANDBOX_START',
        `The sandbox did not answer within ${timeoutMs / 1000} s, so it was stopped.`,
        {
          hint: `Run it in the foreground (without --detach) to watch it build, or see ${paths.log}.`,
          exitCode: ExitCode.Usage,
        },
      );
    }
    const tail = logTail(paths.log, logStart);
    // The child's own error (a busy port, a corrupt state) is the message, with its code.
    const childError = /Error: ([^\n]*?)(?: \[(E_[A-Z_]+)\])?\n((?: {2}.*\n?)*)$/.exec(`${tail}\n`);
    throw new UserError(
      childError?.[2] ?? 'E_SANDBOX_START',
      childError?.[1] ?? `The sandbox did not start; its log (${paths.log}) ends with:\n${tail}`,
      { hint: childError?.[3]?.trim() || `See ${paths.log}.`, exitCode: ExitCode.Usage },
    );
  }
  ctx.stderr.write(
    `eks-cidr sandbox: running in the background (pid ${info.pid}) at ${info.endpoint}; 'eks-cidr sandbox down' stops it.\n`,
  );
  printEnv(info, ctx);
  return ExitCode.Success;
}

/**
 * The child answers its health path. Checked with node:http, not fetch: fetch refuses the ports the
 * Fetch standard lists as "bad ports" (6566, 6665-6669, 10080...) before connecting, which made
 * `sandbox up --detach --port 6566` time out although the sandbox was up. The AWS SDK and kubectl
 * use plain HTTP clients, so every port works for them.
 */
function answers(endpoint: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = httpGet(`${endpoint}${HEALTH_PATH}`, { timeout: 1_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(false));
  });
}

function logTail(path: string, from: number): string {
  try {
    const text = readFileSync(path).subarray(from).toString('utf8');
    return text.trimEnd().split('\n').slice(-12).join('\n');
  } catch {
    return '(no log)';
  }
}
