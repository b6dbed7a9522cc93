/**
 * The AWS CLI v2 and kubectl pointed at one in-process sandbox, as a user of the knowledge-center
 * article would run them: kubectl reads the kubeconfig that `aws eks update-kubeconfig` writes, so
 * TLS is verified against the sandbox CA and each request carries an `aws eks get-token` token
 * (the exec plugin runs the CLI v2, put first on PATH).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startTestSandbox, type TestSandbox, type TestSandboxOptions } from '../helpers/sandbox.js';
import { AWS_CLI, KUBECTL_FOR_TESTS, aws, runClient, type ClientResult } from '../helpers/real-clients.js';

export interface ArticleRig {
  sb: TestSandbox;
  kubeconfig: string;
  /** `aws --endpoint-url <sandbox> <args>`; JSON output unless args say otherwise. */
  aws(args: string[], input?: string): Promise<ClientResult>;
  /** `aws ...` that must succeed, its JSON output parsed. */
  awsJson<T = Record<string, unknown>>(args: string[]): Promise<T>;
  kubectl(args: string[], input?: string): Promise<ClientResult>;
  /** `kubectl ...` that must succeed; its stdout. */
  kubectlOk(args: string[], input?: string): Promise<string>;
  cleanup(): Promise<void>;
}

/**
 * Starts a sandbox with `scenario` (instant AWS timings, a fast background tick so watches see the
 * simulated data plane move) and runs `aws eks update-kubeconfig --name demo` into a private file.
 */
export async function startArticleRig(
  scenario: string,
  kubectlPath = KUBECTL_FOR_TESTS,
  /** Further sandbox options (a shorter ipamd cooldown through `timing`...). */
  options: TestSandboxOptions = {},
): Promise<ArticleRig> {
  const sb = await startTestSandbox({ scenario, tickIntervalMs: 20, ...options });
  const home = mkdtempSync(join(tmpdir(), 'article-e2e-'));
  const kubeconfig = join(home, 'kubeconfig');
  const target = {
    endpoint: sb.endpoint,
    region: sb.clientConfig.region,
    credentials: sb.clientConfig.credentials,
  };
  const awsRun = (args: string[], input?: string) => aws(target, args, input === undefined ? {} : { input });
  const awsJson = async <T>(args: string[]): Promise<T> => {
    const r = await awsRun(args);
    assert.equal(r.code, 0, `aws ${args.join(' ')}: ${r.stderr}`);
    return r.json<T>();
  };
  const kubeEnv: Record<string, string> = {
    ...sb.env,
    HOME: home,
    KUBECONFIG: kubeconfig,
    // The kubeconfig's exec plugin runs `aws eks get-token`: make `aws` the CLI v2.
    PATH: `${dirname(AWS_CLI ?? '/usr/bin/aws')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    AWS_CONFIG_FILE: join(home, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'aws-credentials'),
  };
  const kubectl = (args: string[], input?: string) =>
    runClient(kubectlPath ?? 'kubectl', args, kubeEnv, input);
  const kubectlOk = async (args: string[], input?: string) => {
    const r = await kubectl(args, input);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const update = await awsRun(['eks', 'update-kubeconfig', '--name', 'demo', '--kubeconfig', kubeconfig]);
  assert.equal(update.code, 0, update.stderr);
  return {
    sb,
    kubeconfig,
    aws: awsRun,
    awsJson,
    kubectl,
    kubectlOk,
    cleanup: async () => {
      await sb.cleanup();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Rows of kubectl's default table output (header dropped), split into columns. */
export function tableRows(stdout: string): string[][] {
  return stdout
    .trim()
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => l.trim().split(/\s+/));
}

/** The AWS CLI's error line for a failed call. */
export function assertAwsError(r: ClientResult, code: string, message?: RegExp): void {
  assert.equal(r.code, 254, `expected a service error, got exit ${r.code}: ${r.stdout}${r.stderr}`);
  assert.match(
    r.stderr,
    new RegExp(`An error occurred \\(${code.replace(/\./g, '\\.')}\\) when calling the \\w+ operation`),
  );
  if (message) assert.match(r.stderr, message);
}

/** A command line's arguments, split on whitespace (for arguments without spaces). */
export function words(line: string): string[] {
  return line.trim().split(/\s+/);
}
