/**
 * The cluster lock across PID namespaces (issue 16, finding 2): a lease held by a process of another
 * PID namespace on the same host (a container, `unshare -p`) is never taken over while it is fresh,
 * even when a process with its pid is not visible here; a dead process of this machine and namespace
 * is. Driven through the real CLI process.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { CoordinationV1Api, KubeConfig, V1MicroTime } from '@kubernetes/client-node';
import type { TestSandbox } from '../helpers/sandbox.js';
import { formatHolder, localProcesses } from '../../src/tool/engine/lock-identity.js';
import { FAST, mutating, startScenario } from './apply-harness.js';

const bin = fileURLToPath(new URL('../../../bin/eks-cidr.js', import.meta.url));

function run(sb: TestSandbox, args: string[]): Promise<{ code: number; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args, '--kubeconfig', sb.sandbox.paths!.kubeconfig], {
    env: { ...process.env, ...sb.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code: code ?? -1, stderr })));
}

async function holdLease(sb: TestSandbox, holder: string): Promise<void> {
  const kc = new KubeConfig();
  kc.loadFromFile(sb.sandbox.paths!.kubeconfig);
  const api = kc.makeApiClient(CoordinationV1Api);
  await api.deleteNamespacedLease({ name: 'eks-cidr-lock', namespace: 'kube-system' }).catch(() => undefined);
  const t = new V1MicroTime(Date.now() - 1_000);
  await api.createNamespacedLease({
    namespace: 'kube-system',
    body: {
      metadata: { name: 'eks-cidr-lock', namespace: 'kube-system' },
      spec: { holderIdentity: holder, leaseDurationSeconds: 60, acquireTime: t, renewTime: t },
    },
  });
}

/** A pid no process of this namespace has (a short-lived child that has exited). */
function deadPid(): number {
  return Number(
    spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString(),
  );
}

describe('the cluster lock across PID namespaces', () => {
  let sb: TestSandbox;
  const local = localProcesses(hostname());
  before(async () => {
    sb = await startScenario('exhausted');
  });
  after(async () => {
    await sb.cleanup();
  });

  it('a fresh lease of a process in another PID namespace of this host is not taken (exit 4, nothing changed)', async (t) => {
    if (!local.bootId || !local.pidNamespace) return t.skip('needs Linux /proc');
    for (const pid of [1, deadPid()]) {
      const other = formatHolder({
        user: 'unknown',
        host: local.host,
        pid,
        run: '00aa11bb22cc33dd',
        bootId: local.bootId,
        pidNamespace: String(Number(local.pidNamespace) + 1),
        startTime: '1',
      });
      await holdLease(sb, other);
      const before = mutating(sb).filter((e) => e.service !== 'kubernetes').length;
      const r = await run(sb, ['apply', '--cluster', 'demo', '--yes', ...FAST]);
      assert.equal(r.code, 4, r.stderr);
      assert.match(r.stderr, /E_LOCK_HELD/);
      assert.ok(r.stderr.includes(other), r.stderr);
      assert.equal(mutating(sb).filter((e) => e.service !== 'kubernetes').length, before);
    }
  });

  it('a holder of another namespace named the old way (user@host pid N run X, a pid not visible here) is not taken either', async () => {
    await holdLease(sb, `unknown@${local.host} pid ${deadPid()} run abc123`);
    const r = await run(sb, ['apply', '--cluster', 'demo', '--yes', ...FAST]);
    assert.equal(r.code, 4, r.stderr);
  });

  it('a dead process of this machine and namespace is taken over at once', async (t) => {
    if (!local.bootId || !local.pidNamespace) return t.skip('needs Linux /proc');
    await holdLease(
      sb,
      formatHolder({
        user: 'me',
        host: local.host,
        pid: deadPid(),
        run: 'dead00dead00dead',
        bootId: local.bootId,
        pidNamespace: local.pidNamespace,
        startTime: '1',
      }),
    );
    const r = await run(sb, ['apply', '--cluster', 'demo', '--yes', '--no-rotate-nodes', ...FAST]);
    assert.equal(r.code, 0, r.stderr);
  });
});
