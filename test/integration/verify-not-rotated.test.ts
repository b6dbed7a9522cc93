import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import type { TestSandbox } from '../helpers/sandbox.js';
import { cli, FAST, startScenario } from './apply-harness.js';

describe('verify', () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startScenario('exhausted');
  });
  after(async () => {
    await sb.cleanup();
  });

  it('fails (exit 1) before apply, naming the stuck pods and the nodes without an ENIConfig', async () => {
    const r = await cli(sb, ['verify', '--cluster', 'demo', '--wait', '0', '--output', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as {
      ok: boolean;
      problems: { kind: string; name: string; reason: string }[];
    };
    assert.equal(report.ok, false);
    assert.ok(report.problems.some((p) => p.kind === 'cluster' && /custom networking is off/.test(p.reason)));
    assert.ok(
      report.problems.some((p) => p.kind === 'pod' && /failed to assign an IP address/.test(p.reason)),
    );
  });

  it('fails (exit 1) when the nodes were not rotated, saying so per node and pod', async () => {
    const apply = await cli(sb, ['apply', '--cluster', 'demo', '--yes', '--no-rotate-nodes', ...FAST]);
    assert.equal(apply.code, 0, apply.stderr + apply.stdout);
    const r = await cli(sb, ['verify', '--cluster', 'demo', '--wait', '0']);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /verify demo: FAILED/);
    assert.match(r.stdout, /node \S+: node not rotated/);
    assert.match(r.stdout, /pod default\/web-\S+: IP 10\.0\.\d+\.\d+ is outside its zone's pod subnet/);
  });
});

describe('verify --smoke', () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startScenario('basic');
  });
  after(async () => {
    await sb.cleanup();
  });

  it('passes after apply, and --smoke deploys, checks and removes one pod per node', async () => {
    assert.equal((await cli(sb, ['apply', '--cluster', 'demo', '--yes', ...FAST])).code, 0);
    const r = await cli(sb, [
      'verify',
      '--cluster',
      'demo',
      '--smoke',
      '--wait',
      '60',
      '--poll-interval',
      '100',
      '--output',
      'json',
    ]);
    assert.equal(r.code, 0, r.stdout);
    const report = JSON.parse(r.stdout) as { ok: boolean; smoke: { replicas: number; podIps: string[] } };
    const kc = new KubeConfig();
    kc.loadFromFile(sb.sandbox.paths!.kubeconfig);
    const nodes = (await kc.makeApiClient(CoreV1Api).listNode()).items.filter((n) => !n.spec?.unschedulable);
    assert.equal(report.smoke.replicas, nodes.length);
    assert.equal(report.smoke.podIps.length, nodes.length);
    assert.ok(report.smoke.podIps.every((ip) => ip.startsWith('100.64.')));
    const after = await cli(sb, ['verify', '--cluster', 'demo', '--wait', '0', '--output', 'json']);
    assert.ok(!after.stdout.includes('eks-cidr-smoke'), 'the smoke deployment is gone');
  });
});
