/**
 * The sandbox's promise about writes, with a real sandbox process: every write a client saw
 * acknowledged survives a kill -9 in the middle of a burst, and a write the sandbox cannot make
 * durable (its state directory turned read-only) is refused with a 503 and a line in its log, never
 * acknowledged and silently lost.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateVpcCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { isAlive } from '../../src/sandbox/state/runtime-lock.js';

const BIN = fileURLToPath(new URL('../../../bin/eks-cidr.js', import.meta.url));
/** The permission checks of a read-only directory do not apply to root: run the sandbox as nobody. */
const AS_NOBODY = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

function eksCidr(args: string[], dir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, HOME: dir }, timeout: 120_000, ...AS_NOBODY },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

async function up(
  dir: string,
  scenario: string,
): Promise<{ endpoint: string; kubeconfig: string; pid: number }> {
  const out = await eksCidr(
    ['sandbox', 'up', '--detach', '--state-dir', dir, '--port', '0', '--scenario', scenario],
    dir,
  );
  assert.equal(out.code, 0, out.stderr);
  const env = Object.fromEntries(
    [...out.stdout.matchAll(/^export ([A-Z0-9_]+)=(.*)$/gm)].map((m) => [
      m[1],
      (m[2] ?? '').replace(/^'(.*)'$/, '$1'),
    ]),
  );
  const info = JSON.parse(readFileSync(join(dir, 'sandbox.json'), 'utf8')) as { pid: number };
  return { endpoint: env.AWS_ENDPOINT_URL ?? '', kubeconfig: env.KUBECONFIG ?? '', pid: info.pid };
}

function ec2(endpoint: string): EC2Client {
  return new EC2Client({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'eks-cidr-crash-'));
  if (AS_NOBODY.uid !== undefined) chownSync(dir, AS_NOBODY.uid, AS_NOBODY.gid);
  return dir;
}

describe('sandbox writes and crashes (a real sandbox process)', () => {
  it('kill -9 during a burst of writes: every write acknowledged before the kill is there after restart', async () => {
    const dir = stateDir();
    try {
      const first = await up(dir, 'basic');
      const client = ec2(first.endpoint);
      const kc = new KubeConfig();
      kc.loadFromFile(first.kubeconfig);
      kc.setCurrentContext('demo');
      const core = kc.makeApiClient(CoreV1Api);
      const vpcs: string[] = [];
      const configMaps: string[] = [];
      let acknowledged = 0;
      const killAt = 25;
      const ack = () => {
        if (++acknowledged === killAt) process.kill(first.pid, 'SIGKILL');
      };
      const burst = Array.from({ length: 60 }, (_, i) =>
        i % 3 === 2
          ? core
              .createNamespacedConfigMap({
                namespace: 'default',
                body: { metadata: { name: `cm-${i}` }, data: { i: String(i) } },
              })
              .then(() => {
                configMaps.push(`cm-${i}`);
                ack();
              })
          : client.send(new CreateVpcCommand({ CidrBlock: `10.${i}.0.0/16` })).then((r) => {
              vpcs.push(r.Vpc?.VpcId ?? '');
              ack();
            }),
      );
      const settled = await Promise.allSettled(burst);
      client.destroy();
      while (isAlive(first.pid)) await sleep(20);
      assert.ok(acknowledged >= killAt, `only ${acknowledged} writes were acknowledged`);
      assert.ok(
        settled.some((s) => s.status === 'rejected'),
        'the kill came in the middle of the burst',
      );

      const second = await up(dir, 'basic');
      const again = ec2(second.endpoint);
      try {
        const present = new Set((await again.send(new DescribeVpcsCommand({}))).Vpcs?.map((v) => v.VpcId));
        for (const id of vpcs)
          assert.ok(present.has(id), `acknowledged VPC ${id} is missing after the restart`);
        const kc2 = new KubeConfig();
        kc2.loadFromFile(second.kubeconfig);
        kc2.setCurrentContext('demo');
        const names = new Set(
          (await kc2.makeApiClient(CoreV1Api).listNamespacedConfigMap({ namespace: 'default' })).items.map(
            (c) => c.metadata?.name,
          ),
        );
        for (const name of configMaps)
          assert.ok(names.has(name), `acknowledged ConfigMap ${name} is missing`);
      } finally {
        again.destroy();
        await eksCidr(['sandbox', 'down', '--state-dir', dir], dir);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a state directory turned read-only: the write is refused with 503 and logged, and accepted again once writable', async () => {
    const dir = stateDir();
    try {
      const sb = await up(dir, 'empty');
      const client = ec2(sb.endpoint);
      try {
        const kept = (await client.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc?.VpcId;
        chmodSync(join(dir, 'journal.jsonl'), 0o444);
        chmodSync(dir, 0o555);
        const refused = await client.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' })).then(
          () => undefined,
          (err: { name?: string; $metadata?: { httpStatusCode?: number } }) => err,
        );
        assert.equal(refused?.$metadata?.httpStatusCode, 503);
        assert.equal(refused?.name, 'ServiceUnavailable');
        assert.match(
          readFileSync(join(dir, 'sandbox.log'), 'utf8'),
          /cannot write the journal .*journal\.jsonl/,
        );
        const listed = (await client.send(new DescribeVpcsCommand({}))).Vpcs?.map((v) => v.CidrBlock);
        assert.deepEqual(listed, ['10.0.0.0/16'], 'the refused write changed nothing');

        chmodSync(dir, 0o755);
        chmodSync(join(dir, 'journal.jsonl'), 0o644);
        await client.send(new CreateVpcCommand({ CidrBlock: '10.2.0.0/16' }));
        const after = (await client.send(new DescribeVpcsCommand({}))).Vpcs?.map((v) => v.VpcId);
        assert.ok(kept && after?.includes(kept));
        assert.equal(after?.length, 2);
      } finally {
        client.destroy();
        chmodSync(dir, 0o755);
        await eksCidr(['sandbox', 'down', '--state-dir', dir], dir);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
