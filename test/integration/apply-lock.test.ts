import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CoordinationV1Api, KubeConfig, V1MicroTime } from '@kubernetes/client-node';
import type { TestSandbox } from '../helpers/sandbox.js';
import { instantTiming } from '../../src/sandbox/world.js';
import { cli, FAST, startScenario } from './apply-harness.js';
import { runApply } from '../../src/tool/cli/commands/apply-run.js';

function leases(sb: TestSandbox): CoordinationV1Api {
  const kc = new KubeConfig();
  kc.loadFromFile(sb.sandbox.paths!.kubeconfig);
  return kc.makeApiClient(CoordinationV1Api);
}

async function holdLease(sb: TestSandbox, holder: string, renewedMsAgo: number): Promise<void> {
  const api = leases(sb);
  await api.deleteNamespacedLease({ name: 'eks-cidr-lock', namespace: 'kube-system' }).catch(() => undefined);
  const t = new V1MicroTime(Date.now() - renewedMsAgo);
  await api.createNamespacedLease({
    namespace: 'kube-system',
    body: {
      metadata: { name: 'eks-cidr-lock', namespace: 'kube-system' },
      spec: { holderIdentity: holder, leaseDurationSeconds: 60, acquireTime: t, renewTime: t },
    },
  });
}

describe('apply: the cluster lock', () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startScenario('exhausted');
  });
  after(async () => {
    await sb.cleanup();
  });

  it('a request that fails validation exits 2 before the lock, with no mutating call', async () => {
    const before = sb.trail().filter((e) => !e.readOnly).length;
    const r = await cli(sb, ['apply', '--cluster', 'demo', '--yes', '--cidr', '10.0.0.0/16', ...FAST]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /E_VALIDATION/);
    assert.equal(sb.trail().filter((e) => !e.readOnly).length, before);
  });

  it('on a terminal, shows the plan and asks; a "no" changes nothing and exits 1', async () => {
    const before = sb.trail().filter((e) => !e.readOnly).length;
    let out = '';
    let asked = '';
    const code = await runApply(
      {
        output: 'text',
        color: false,
        verbose: false,
        stdout: { write: (s: string) => (out += s), isTTY: true },
        stderr: { write: () => true },
        env: { ...process.env },
        signal: new AbortController().signal,
      },
      {
        cluster: 'demo',
        kubeconfig: sb.sandbox.paths!.kubeconfig,
        yes: false,
        concurrency: 4,
        planFlags: { cluster: 'demo' },
      },
      {
        isInteractive: true,
        confirm: (q) => {
          asked = q;
          return Promise.resolve(false);
        },
      },
    );
    assert.equal(code, 1);
    assert.match(asked, /Apply these \d+ change\(s\) to cluster demo\? \[y\/N\]/);
    assert.match(out, /\+ vpc-cidr/);
    assert.match(out, /Declined: nothing changed/);
    assert.equal(sb.trail().filter((e) => !e.readOnly).length, before);
  });

  it('exits 4 naming the holder while another run holds a fresh lease, and changes nothing', async () => {
    await holdLease(sb, 'alice@laptop pid 4242 run abc123', 1_000);
    const mutatingBefore = sb.trail().filter((e) => !e.readOnly && e.service !== 'kubernetes').length;
    const r = await cli(sb, ['apply', '--cluster', 'demo', '--yes', ...FAST]);
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /alice@laptop pid 4242 run abc123/);
    assert.match(r.stderr, /E_LOCK_HELD/);
    assert.equal(sb.trail().filter((e) => !e.readOnly && e.service !== 'kubernetes').length, mutatingBefore);
  });

  it('takes over a stale lease (its holder stopped renewing) and releases it at the end', async () => {
    await holdLease(sb, 'bob@ci pid 7 run dead00', 120_000);
    const r = await cli(sb, ['apply', '--cluster', 'demo', '--yes', ...FAST]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const left = await leases(sb)
      .readNamespacedLease({ name: 'eks-cidr-lock', namespace: 'kube-system' })
      .catch(() => undefined);
    assert.equal(left, undefined);
  });
});

describe('apply: two concurrent runs', () => {
  let sb: TestSandbox;
  before(async () => {
    // A slow CIDR association keeps the first run inside its lock long enough.
    sb = await startScenario('exhausted', {
      timing: { ...instantTiming, cidrAssociate: 5_000 },
      tickIntervalMs: 50,
    });
  });
  after(async () => {
    await sb.cleanup();
  });

  it('the second exits 4 naming the first', async () => {
    const first = cli(sb, ['apply', '--cluster', 'demo', '--yes', ...FAST]);
    const api = leases(sb);
    let holder: string | undefined;
    for (let i = 0; i < 800 && !holder; i++) {
      const lease = await api
        .readNamespacedLease({ name: 'eks-cidr-lock', namespace: 'kube-system' })
        .catch(() => undefined);
      holder = lease?.spec?.holderIdentity;
      if (!holder) await new Promise((r) => setTimeout(r, 25));
    }
    assert.ok(holder, 'the first apply took the lock');
    const second = await cli(sb, ['apply', '--cluster', 'demo', '--yes', ...FAST]);
    assert.equal(second.code, 4, second.stderr);
    assert.ok(second.stderr.includes(holder));
    const r = await first;
    assert.equal(r.code, 0, r.stderr);
  });
});
