/**
 * Runs eks-cidr commands in-process against a test sandbox, through the same composition root a user
 * runs (src/cli/main.ts): AWS SDK over HTTP, client-node over TLS with the sandbox's kubeconfig.
 */
import { main } from '../../src/cli/main.js';
import { startTestSandbox, type TestSandbox, type TestSandboxOptions } from '../helpers/sandbox.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function startScenario(
  scenario: string,
  options: TestSandboxOptions = {},
): Promise<TestSandbox> {
  const sb = await startTestSandbox({ scenario, ...options });
  // The SDK reads endpoint and credentials from the environment, as it would for a user.
  Object.assign(process.env, sb.env);
  return sb;
}

export async function cli(sb: TestSandbox, args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const kubeconfig = sb.sandbox.paths?.kubeconfig;
  const code = await main(
    [...args, ...(kubeconfig && !args.includes('--kubeconfig') ? ['--kubeconfig', kubeconfig] : [])],
    {
      stdout: { write: (s: string) => (stdout += s), isTTY: false },
      stderr: { write: (s: string) => (stderr += s), isTTY: false },
      env: { ...process.env },
    },
  );
  return { code, stdout, stderr };
}

/** Fast waiters: the sandbox runs with instant timing. */
export const FAST = ['--poll-interval', '5'];

export function mutating(sb: TestSandbox) {
  return sb.trail().filter((e) => !e.readOnly);
}
