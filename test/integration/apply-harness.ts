/**
 * Runs eks-cidr commands in-process against a test sandbox, through the same composition root a user
 * runs (src/cli/main.ts): AWS SDK over HTTP, client-node over TLS with the sandbox's kubeconfig.
 */
import { instantTiming } from '../../src/sandbox/world.js';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { startTestSandbox, type TestSandbox, type TestSandboxOptions } from '../helpers/sandbox.js';
import { customNetworkingUnlessNamed } from '../helpers/mode.js';

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
  return exportEnv(sb);
}

/**
 * Puts the sandbox's endpoint and credentials in this process's environment until its cleanup, which
 * restores what was there: a later test in the file must not reach a stopped sandbox (a CLI run with
 * its endpoint retried a refused connection for 19 s).
 */
function exportEnv(sb: TestSandbox): TestSandbox {
  const saved = Object.fromEntries(Object.keys(sb.env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, sb.env);
  const cleanup = sb.cleanup.bind(sb);
  sb.cleanup = async (...args: Parameters<TestSandbox['cleanup']>) => {
    for (const [k, v] of Object.entries(saved)) {
      // Only what is still this sandbox's: a later sandbox's export stays.
      if (process.env[k] !== sb.env[k]) continue;
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    return cleanup(...args);
  };
  return sb;
}

export async function cli(sb: TestSandbox, args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const kubeconfig = sb.sandbox.paths?.kubeconfig;
  const code = await main(
    [
      ...customNetworkingUnlessNamed(args),
      ...(kubeconfig && !args.includes('--kubeconfig') ? ['--kubeconfig', kubeconfig] : []),
    ],
    {
      stdout: { write: (s: string) => (stdout += s), isTTY: false },
      stderr: { write: (s: string) => (stderr += s), isTTY: false },
      env: { ...process.env },
    },
  );
  return { code, stdout, stderr };
}

/**
 * Fast waiters: the sandbox runs with instant timing. 50 ms, not less: 5 ms polls spent twice the
 * CPU on the same waits, which the test files running beside them paid for.
 */
export const FAST = ['--poll-interval', '50'];

/** ipamd retries a full subnet after 1 s instead of the CNI's 2 minutes (real time: no clock to advance). */
export const FAST_IPAMD_RETRY = { ...instantTiming, insufficientCidrCooldown: 1_000 };

export function mutating(sb: TestSandbox) {
  return sb.trail().filter((e) => !e.readOnly);
}

/**
 * A scenario built once and copied for each test that needs a fresh one: restoring a state
 * directory skips the scenario build and the TLS key generation (milliseconds instead of seconds).
 */
export async function scenarioTemplate(scenario: string) {
  const base = await startTestSandbox({ scenario });
  base.sandbox.flush();
  await base.cleanup({ keepState: true });
  const copies: string[] = [];
  return {
    async start(options: TestSandboxOptions = {}): Promise<TestSandbox> {
      const dir = mkdtempSync(join(tmpdir(), 'eks-cidr-copy-'));
      copies.push(dir);
      cpSync(base.stateDir, dir, {
        recursive: true,
        filter: (src) => !/trail|runtime/.test(src.slice(base.stateDir.length)),
      });
      return exportEnv(await startTestSandbox({ ...options, stateDir: dir }));
    },
    dispose(): void {
      for (const dir of [base.stateDir, ...copies]) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type ScenarioTemplate = Awaited<ReturnType<typeof scenarioTemplate>>;
