import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CoordinationV1Api, KubeConfig, V1MicroTime } from '@kubernetes/client-node';
import type { TestSandbox } from '../helpers/sandbox.js';
import { instantTiming } from '../../src/sandbox/world.js';
import { cli, FAST, startScenario } from './apply-harness.js';

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
      timing: { ...instantTiming, cidrAssociate: 3_000 },
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
    for (let i = 0; i < 200 && !holder; i++) {
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
