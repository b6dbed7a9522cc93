/**
 * Runs the real eks-cidr process (bin/eks-cidr.js under this Node) with an environment of the
 * caller's choosing, and collects its exit code and output. No shell: arguments pass as they are.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const EKS_CIDR_BIN = fileURLToPath(new URL('../../../bin/eks-cidr.js', import.meta.url));

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runEksCidr(
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
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A Node or V8 stack frame in output: what a user must never see without --verbose. */
export const STACK_FRAME = /^\s+at .+(\(|:\d+:\d+)/m;
