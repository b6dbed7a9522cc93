/**
 * Running `eks-cidr plan` against a sandbox the way a user does: the CLI's own entry point, with the
 * AWS endpoint and credentials in the environment and the sandbox's kubeconfig. The SDK reads its
 * endpoint and credentials from process.env, so the harness sets them for the test process.
 */
import { main } from '../../src/cli/main.js';
import type { TestSandbox } from '../helpers/sandbox.js';
import { customNetworkingUnlessNamed } from '../helpers/mode.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function useSandboxEnv(sb: TestSandbox): void {
  Object.assign(process.env, sb.env);
  delete process.env.AWS_PROFILE;
  sb.sandbox.flush(); // the kubeconfig is written with the state
}

export async function runCli(
  sb: TestSandbox,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(customNetworkingUnlessNamed(args), {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env: { ...sb.env, KUBECONFIG: kubeconfigOf(sb), ...env },
  });
  return { code, stdout, stderr };
}

export function kubeconfigOf(sb: TestSandbox): string {
  const path = sb.sandbox.paths?.kubeconfig;
  if (!path) throw new Error('the sandbox has no state directory, so no kubeconfig');
  return path;
}

/** Trail entries that changed something (`readOnly: false`). */
export function mutatingCalls(sb: TestSandbox) {
  return sb.trail().filter((e) => !e.readOnly);
}
