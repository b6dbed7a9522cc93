/**
 * Runs the installed entry point (bin/eks-cidr.js) as a separate process, as a user or a CI job does:
 * real argv parsing, real stdout/stderr (pipes, or a pseudo-terminal through `script`), real exit code.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestSandbox } from './sandbox.js';

export const EKS_CIDR_BIN = fileURLToPath(new URL('../../../bin/eks-cidr.js', import.meta.url));

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment without the caller's colour and output settings, so each test states its own. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !/^(FORCE_COLOR|NO_COLOR|AWS_PROFILE)$/.test(k)) env[k] = v;
  return env;
}

export function runProcess(
  command: string,
  args: readonly string[],
  env: Record<string, string> = {},
  cwd?: string,
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...baseEnv(), AWS_EC2_METADATA_DISABLED: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function runEksCidr(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<ProcessResult> {
  return runProcess(process.execPath, [EKS_CIDR_BIN, ...args], env);
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs eks-cidr on a pseudo-terminal (util-linux `script`). Without `size` the pty has no size (0x0),
 * as under CI runners and `script` without a controlling terminal; with it, `stty` sets one first.
 */
export function runEksCidrOnPty(
  args: readonly string[],
  env: Record<string, string> = {},
  size?: { columns: number; rows: number },
): Promise<ProcessResult> {
  const line = [process.execPath, EKS_CIDR_BIN, ...args].map(shellQuote).join(' ');
  const sized = size ? `stty cols ${size.columns} rows ${size.rows}; ${line}` : line;
  return runProcess('script', ['-qefc', sized, '/dev/null'], env);
}

/**
 * Runs eks-cidr with only PATH and the given environment (nothing of this process's: a variable
 * left out, such as AWS_REGION, is really absent), killed after `timeoutMs`.
 */
export function runEksCidrIsolated(
  args: readonly string[],
  env: Record<string, string | undefined>,
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [EKS_CIDR_BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', AWS_EC2_METADATA_DISABLED: 'true', ...env },
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A Node or V8 stack frame in output: what a user must never see without --verbose. */
export const STACK_FRAME = /^\s+at .+(\(|:\d+:\d+)/m;

/** eks-cidr as its own process against a test sandbox: its endpoint, credentials and kubeconfig. */
export function eksCidrOn(sb: TestSandbox) {
  const kube = ['--kubeconfig', sb.sandbox.paths!.kubeconfig];
  return {
    run: (args: string[], env: Record<string, string> = {}) =>
      runEksCidr([...args, ...kube], { ...sb.env, ...env }),
    pty: (args: string[], size?: { columns: number; rows: number }) =>
      runEksCidrOnPty([...args, ...kube], sb.env, size),
  };
}
