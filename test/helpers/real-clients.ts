/**
 * The real clients the e2e tests drive: the AWS CLI v2 (`$EKS_CIDR_AWS_CLI`, else `/usr/bin/aws`;
 * the `aws` first on PATH may be a pip-installed v1) and kubectl (`$EKS_CIDR_KUBECTL`, else
 * `kubectl`). When one is missing its tests skip with a visible notice, or fail when
 * `EKS_CIDR_REQUIRE_REAL_CLIENTS=1` (CI). Clients run asynchronously: the sandbox lives in the
 * test's own process.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REQUIRE_REAL_CLIENTS = process.env.EKS_CIDR_REQUIRE_REAL_CLIENTS === '1';

function probe(command: string, args: string[], accept: (out: string) => boolean): boolean {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  return r.status === 0 && accept(`${r.stdout}${r.stderr}`);
}

export function findAwsCli(): string | undefined {
  const candidate = process.env.EKS_CIDR_AWS_CLI || '/usr/bin/aws';
  return probe(candidate, ['--version'], (out) => out.startsWith('aws-cli/2.')) ? candidate : undefined;
}

export function findKubectl(): string | undefined {
  const candidate = process.env.EKS_CIDR_KUBECTL || 'kubectl';
  return probe(candidate, ['version', '--client'], () => true) ? candidate : undefined;
}

const noticed = new Set<string>();

/**
 * The `skip` option for a suite needing `client`: false when present (or required: the test then
 * fails loudly), else a reason, printed once so a skipped real-client suite is never silent.
 */
export function skipUnless(client: string | undefined, what: string, howToGet: string): false | string {
  if (client || REQUIRE_REAL_CLIENTS) return false;
  const reason = `${what} not found (${howToGet}); real-client tests skipped`;
  if (!noticed.has(reason)) {
    noticed.add(reason);
    process.stderr.write(`NOTICE: ${reason}\n`);
  }
  return reason;
}

export const AWS_CLI = findAwsCli();
export const SKIP_AWS_CLI = skipUnless(
  AWS_CLI,
  'AWS CLI v2',
  'apt-get install awscli, or set EKS_CIDR_AWS_CLI',
);
export const KUBECTL_FOR_TESTS = findKubectl();
export const SKIP_KUBECTL = skipUnless(KUBECTL_FOR_TESTS, 'kubectl', 'set EKS_CIDR_KUBECTL');

export interface ClientResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON. */
  json<T = unknown>(): T;
}

export function runClient(
  command: string,
  args: string[],
  env: Record<string, string>,
  input?: string,
): Promise<ClientResult> {
  return new Promise((resolve) => {
    const child = execFile(
      command,
      args,
      { env, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr, json: <T>() => JSON.parse(stdout) as T });
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

export interface AwsTarget {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

let isolatedHome: string | undefined;

/**
 * `aws <args>` against a sandbox: `--endpoint-url` on every call (the CLI v2 ignores
 * AWS_ENDPOINT_URL), credentials and region through the environment only, no config files, no
 * pager, no instance-metadata probing, JSON output unless the args say otherwise.
 */
export function aws(
  target: AwsTarget,
  args: string[],
  options: { input?: string; env?: Record<string, string> } = {},
): Promise<ClientResult> {
  if (!AWS_CLI) {
    throw new Error(
      'AWS CLI v2 not found (set EKS_CIDR_AWS_CLI or install awscli); EKS_CIDR_REQUIRE_REAL_CLIENTS=1 requires it',
    );
  }
  isolatedHome ??= mkdtempSync(join(tmpdir(), 'aws-cli-home-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: isolatedHome,
    AWS_CONFIG_FILE: join(isolatedHome, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(isolatedHome, 'credentials'),
    AWS_ACCESS_KEY_ID: target.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: target.credentials.secretAccessKey,
    AWS_REGION: target.region,
    AWS_DEFAULT_REGION: target.region,
    AWS_DEFAULT_OUTPUT: 'json',
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...options.env,
  };
  return runClient(AWS_CLI, ['--endpoint-url', target.endpoint, ...args], env, options.input);
}
