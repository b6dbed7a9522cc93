/**
 * Starting a sandbox in a test: a fresh temporary state directory, a free port, instant timing by
 * default, and SDK v3 client configuration with explicit credentials and region (never a
 * credential chain probing the instance-metadata address).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';
import { parseTrail, type TrailEntry } from '../../src/sandbox/server/trail.js';
import { instantTiming } from '../../src/sandbox/world.js';

export interface SdkClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Tests assert errors; retries would only slow them down (override per test when testing retries). */
  maxAttempts: number;
}

export interface TestSandbox {
  sandbox: Sandbox;
  endpoint: string;
  stateDir: string;
  /** Pass to `new EC2Client(...)`, `new EKSClient(...)`, `new STSClient(...)`. */
  clientConfig: SdkClientConfig;
  /** Environment for child processes (AWS CLI, eks-cidr): endpoint, credentials, region. */
  env: Record<string, string>;
  /** The trail lines written so far. */
  trail(): TrailEntry[];
  /** Stops the sandbox and deletes its state directory (unless `keepState`). */
  cleanup(options?: { keepState?: boolean }): Promise<void>;
}

export interface TestSandboxOptions extends SandboxOptions {
  /** Reuse this directory instead of a fresh temporary one (restart tests). */
  stateDir?: string;
}

export async function startTestSandbox(options: TestSandboxOptions = {}): Promise<TestSandbox> {
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'eks-cidr-sandbox-'));
  const sandbox = await startSandbox({
    timing: instantTiming,
    tickIntervalMs: 0,
    ...options,
    stateDir,
    port: options.port ?? 0,
  });
  const { accessKeyId, secretAccessKey } = sandbox.credentials;
  return {
    sandbox,
    endpoint: sandbox.endpoint,
    stateDir,
    clientConfig: {
      endpoint: sandbox.endpoint,
      region: sandbox.region,
      credentials: { accessKeyId, secretAccessKey },
      maxAttempts: 1,
    },
    env: {
      AWS_ENDPOINT_URL: sandbox.endpoint,
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: secretAccessKey,
      AWS_REGION: sandbox.region,
      AWS_DEFAULT_REGION: sandbox.region,
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    trail: () => {
      try {
        return parseTrail(readFileSync(join(stateDir, 'trail.jsonl'), 'utf8'));
      } catch {
        return [];
      }
    },
    cleanup: async ({ keepState = false } = {}) => {
      await sandbox.stop();
      if (!keepState && !options.stateDir) rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** Runs `fn` against a fresh sandbox and always cleans up. */
export async function withSandbox<T>(
  fn: (sb: TestSandbox) => Promise<T>,
  options: TestSandboxOptions = {},
): Promise<T> {
  const sb = await startTestSandbox(options);
  try {
    return await fn(sb);
  } finally {
    await sb.cleanup();
  }
}
