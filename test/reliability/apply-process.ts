/**
 * `eks-cidr apply` as its own process against a test sandbox (what kill -9 and concurrent runs need),
 * and a way to act on the sandbox's calls as they happen.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { TrailEntry } from '../../src/sandbox/server/trail.js';
import { EKS_CIDR_BIN } from '../helpers/cli-process.js';
import type { TestSandbox } from '../helpers/sandbox.js';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningApply {
  child: ChildProcess;
  exit: Promise<Exit>;
}

/**
 * Waiters poll every 50 ms: the sandbox runs with instant timing. (5 ms polls spent twice the CPU on
 * the same waits, which the other test files running beside them paid for.)
 */
export const FAST = ['--poll-interval', '50'];

/** Starts `command` (plus the sandbox's kubeconfig) with the sandbox's endpoint and credentials. */
export function startEksCidr(
  sb: TestSandbox,
  args: readonly string[],
  options: { command?: string; prefix?: readonly string[] } = {},
): RunningApply {
  const argv = [
    ...(options.prefix ?? []),
    process.execPath,
    EKS_CIDR_BIN,
    ...args,
    '--kubeconfig',
    sb.sandbox.paths!.kubeconfig,
  ];
  const child = spawn(argv[0]!, argv.slice(1), {
    env: { ...process.env, ...sb.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<Exit>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, exit };
}

export function startApply(sb: TestSandbox, args: readonly string[] = []): RunningApply {
  return startEksCidr(sb, ['apply', '--cluster', 'demo', '--yes', ...FAST, ...args]);
}

/** A call the sandbox carried out: a mutating AWS call answered 200 or a Kubernetes write answered 2xx. */
export function succeededWrite(e: TrailEntry): boolean {
  return !e.readOnly && !e.errorCode && e.httpStatus >= 200 && e.httpStatus < 300;
}

/** The kind of a call: service and action (`ec2 CreateSubnet`, `kubernetes create eniconfigs...`). */
export function kindOf(e: TrailEntry): string {
  return `${e.service} ${e.action}`;
}

/**
 * Calls `fn` with each call the sandbox records, synchronously, right after the change is made and
 * recorded: for an AWS call before its answer is sent, for a Kubernetes call as its answer completes.
 * (The sandbox's trail sink is the one place every listener reports to.)
 */
export function onEachCall(sb: TestSandbox, fn: (e: TrailEntry) => void): void {
  const trail = sb.sandbox.trail;
  const record = trail.record.bind(trail);
  trail.record = (entry: TrailEntry) => {
    record(entry);
    fn(entry);
  };
}

/** Kinds whose every success adds a resource: more of them than an undisturbed run is a duplicate. */
export const CREATES =
  /AssociateVpcCidrBlock|CreateSubnet|AssociateRouteTable|CreateNodegroup|CreateLaunchTemplate|create eniconfigs/;

export function successesByKind(trail: readonly TrailEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of trail.filter(succeededWrite)) counts.set(kindOf(e), (counts.get(kindOf(e)) ?? 0) + 1);
  return counts;
}
