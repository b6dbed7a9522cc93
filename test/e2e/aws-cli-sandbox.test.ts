import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from '../../src/sandbox/state/runtime-lock.js';
import { aws, AWS_CLI, KUBECTL_FOR_TESTS, runClient, SKIP_AWS_CLI } from '../helpers/real-clients.js';

const BIN = fileURLToPath(new URL('../../../bin/eks-cidr.js', import.meta.url));

function eksCidr(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, ...env }, timeout: 60_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

function parseExports(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^export ([A-Z0-9_]+)=(.*)$/gm))
    out[m[1] ?? ''] = (m[2] ?? '').replace(/^'(.*)'$/, '$1');
  return out;
}

describe('eks-cidr sandbox CLI with the AWS CLI v2', { skip: SKIP_AWS_CLI }, () => {
  let dir: string;
  const target = () => ({
    endpoint: '',
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'eks-cidr-cli-'));
  });
  after(async () => {
    await eksCidr(['sandbox', 'down', '--state-dir', dir]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('up --detach prints the environment; the AWS CLI and kubectl work with it; a second up reuses it', async () => {
    const up = await eksCidr([
      'sandbox',
      'up',
      '--detach',
      '--state-dir',
      dir,
      '--port',
      '0',
      '--scenario',
      'basic',
    ]);
    assert.equal(up.code, 0, up.stderr);
    const env = parseExports(up.stdout);
    assert.match(env.AWS_ENDPOINT_URL ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(env.AWS_ACCESS_KEY_ID, 'test');
    assert.equal(env.AWS_REGION, 'us-east-1');
    assert.equal(env.AWS_DEFAULT_REGION, 'us-east-1');
    assert.equal(env.AWS_EC2_METADATA_DISABLED, 'true');
    assert.ok(env.KUBECONFIG && existsSync(env.KUBECONFIG));
    const t = { ...target(), endpoint: env.AWS_ENDPOINT_URL ?? '' };

    const clusters = await aws(t, ['eks', 'list-clusters', '--query', 'clusters', '--output', 'text']);
    assert.equal(clusters.stdout.trim(), 'demo', clusters.stderr);
    const vpcs = await aws(t, ['ec2', 'describe-vpcs', '--query', 'length(Vpcs)']);
    assert.ok(Number(vpcs.stdout.trim()) >= 1, vpcs.stderr);

    if (KUBECTL_FOR_TESTS) {
      const ns = await runClient(
        KUBECTL_FOR_TESTS,
        ['--context', 'demo', 'get', 'namespaces', '-o', 'name'],
        {
          PATH: process.env.PATH ?? '',
          HOME: dir,
          KUBECONFIG: env.KUBECONFIG ?? '',
        },
      );
      assert.match(ns.stdout, /namespace\/kube-system/, ns.stderr);
    }

    const again = await eksCidr(['sandbox', 'up', '--detach', '--state-dir', dir, '--port', '0']);
    assert.equal(again.code, 0);
    assert.match(again.stderr, /already running/);
    assert.equal(parseExports(again.stdout).AWS_ENDPOINT_URL, env.AWS_ENDPOINT_URL);

    const status = await eksCidr(['--output', 'json', 'sandbox', 'status', '--state-dir', dir]);
    const s = JSON.parse(status.stdout) as { running: boolean; endpoint: string; trailCalls: number };
    assert.equal(s.running, true);
    assert.equal(s.endpoint, env.AWS_ENDPOINT_URL);
    assert.ok(s.trailCalls >= 2);
  });

  it('keeps every resource across kill -9 and restart, and reset needs --yes and a stopped sandbox', async () => {
    const info = JSON.parse(readFileSync(join(dir, 'sandbox.json'), 'utf8')) as { pid: number };
    process.kill(info.pid, 'SIGKILL');
    while (isAlive(info.pid)) await sleep(20);
    const up = await eksCidr(['sandbox', 'up', '--detach', '--state-dir', dir, '--port', '0']);
    assert.equal(up.code, 0, up.stderr);
    const t = { ...target(), endpoint: parseExports(up.stdout).AWS_ENDPOINT_URL ?? '' };
    const cluster = await aws(t, [
      'eks',
      'describe-cluster',
      '--name',
      'demo',
      '--query',
      'cluster.name',
      '--output',
      'text',
    ]);
    assert.equal(cluster.stdout.trim(), 'demo', cluster.stderr);

    const refused = await eksCidr(['sandbox', 'reset', '--state-dir', dir]);
    assert.equal(refused.code, 2);
    const running = await eksCidr(['sandbox', 'reset', '--yes', '--state-dir', dir]);
    assert.equal(running.code, 4);
    assert.match(running.stderr, /E_SANDBOX_RUNNING/);

    assert.equal((await eksCidr(['sandbox', 'down', '--state-dir', dir])).code, 0);
    assert.equal((await eksCidr(['sandbox', 'env', '--state-dir', dir])).code, 2);
    assert.equal((await eksCidr(['sandbox', 'reset', '--yes', '--state-dir', dir])).code, 0);
    assert.equal(existsSync(join(dir, 'state.json')), false);
    assert.ok(AWS_CLI);
  });
});
