/**
 * Ctrl-C (SIGINT) sent to the real CLI process in the middle of apply, destroy and verify --smoke: the
 * run stops starting steps, releases the cluster lock (or deletes its smoke deployment), says what it
 * did and what to re-run, and exits 130. The re-run converges.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AppsV1Api, CoordinationV1Api, KubeConfig } from '@kubernetes/client-node';
import type { TestSandbox } from '../helpers/sandbox.js';
import { instantTiming } from '../../src/sandbox/world.js';
import { cli, FAST, mutating, startScenario } from './apply-harness.js';
import { customNetworkingUnlessNamed } from '../helpers/mode.js';

const bin = fileURLToPath(new URL('../../../bin/eks-cidr.js', import.meta.url));

interface Child {
  code: Promise<number | null>;
  stdout: () => string;
  stderr: () => string;
  kill: (signal: NodeJS.Signals) => void;
}

function start(sb: TestSandbox, args: string[]): Child {
  const full = [bin, ...customNetworkingUnlessNamed(args), '--kubeconfig', sb.sandbox.paths!.kubeconfig];
  const child = spawn(process.execPath, full, {
    env: { ...process.env, ...sb.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return {
    code: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    stdout: () => stdout,
    stderr: () => stderr,
    kill: (signal) => child.kill(signal),
  };
}

async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 600 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(check(), what);
}

function kube(sb: TestSandbox) {
  const kc = new KubeConfig();
  kc.loadFromFile(sb.sandbox.paths!.kubeconfig);
  return kc;
}

async function leaseExists(sb: TestSandbox): Promise<boolean> {
  try {
    await kube(sb)
      .makeApiClient(CoordinationV1Api)
      .readNamespacedLease({ name: 'eks-cidr-lock', namespace: 'kube-system' });
    return true;
  } catch {
    return false;
  }
}

describe('SIGINT to the eks-cidr process', () => {
  const sandboxes: TestSandbox[] = [];
  after(async () => {
    for (const sb of sandboxes) await sb.cleanup();
  });

  it('mid-apply: exit 130, says what was done and what to re-run, lease gone; the re-run converges', async () => {
    const sb = await startScenario('basic', {
      timing: { ...instantTiming, nodegroupCreate: 4_000 },
      tickIntervalMs: 50,
    });
    sandboxes.push(sb);
    const child = start(sb, ['apply', '--cluster', 'demo', '--yes', '--rotation', 'replace', ...FAST]);
    await until('apply reached CreateNodegroup', () =>
      mutating(sb).some((e) => e.action === 'CreateNodegroup'),
    );
    child.kill('SIGINT');
    assert.equal(await child.code, 130, child.stderr());
    assert.match(child.stderr(), /SIGINT: stopping/);
    assert.match(child.stderr(), /apply stopped before it finished: \d+ change\(s\) made/);
    assert.match(
      child.stderr(),
      new RegExp(
        `re-run 'eks-cidr apply --cluster demo --yes --rotation replace --poll-interval ${FAST[1]} .*' to continue`,
      ),
    );
    assert.match(child.stderr(), /\[E_INTERRUPTED\]/);
    assert.match(child.stdout(), /lock released/);
    assert.doesNotMatch(child.stdout(), /FAILED/);
    assert.equal(await leaseExists(sb), false, 'the lease was released');

    const resumed = await cli(sb, ['apply', '--cluster', 'demo', '--yes', '--rotation', 'replace', ...FAST]);
    assert.equal(resumed.code, 0, resumed.stderr + resumed.stdout);
    const before = mutating(sb).length;
    assert.equal(
      (await cli(sb, ['apply', '--cluster', 'demo', '--yes', '--rotation', 'replace', ...FAST])).code,
      0,
    );
    assert.equal(mutating(sb).length, before, 'a third run changes nothing');
  });

  it('mid-destroy --force: exit 130, lease gone; the re-run finishes', async () => {
    const sb = await startScenario('basic', {
      timing: { ...instantTiming, nodegroupCreate: 4_000 },
      tickIntervalMs: 50,
    });
    sandboxes.push(sb);
    assert.equal(
      (await cli(sb, ['apply', '--cluster', 'demo', '--yes', '--rotation', 'replace', ...FAST])).code,
      0,
    );
    const created = mutating(sb).filter((e) => e.action === 'CreateNodegroup').length;
    const child = start(sb, ['destroy', '--cluster', 'demo', '--yes', '--force', ...FAST]);
    await until(
      'destroy reached CreateNodegroup',
      () => mutating(sb).filter((e) => e.action === 'CreateNodegroup').length > created,
    );
    child.kill('SIGINT');
    assert.equal(await child.code, 130, child.stderr());
    assert.match(child.stderr(), /destroy stopped/);
    assert.match(child.stderr(), /re-run 'eks-cidr destroy --cluster demo --yes --force/);
    assert.equal(await leaseExists(sb), false, 'the lease was released');

    const resumed = await cli(sb, ['destroy', '--cluster', 'demo', '--yes', '--force', ...FAST]);
    assert.equal(resumed.code, 0, resumed.stderr + resumed.stdout);
    const again = await cli(sb, ['destroy', '--cluster', 'demo', '--yes', ...FAST]);
    assert.match(again.stdout, /Nothing to destroy/);
  });

  it('mid-verify --smoke: exit 130 and no smoke deployment left', async () => {
    // Pods take 3 s to start, so verify is still waiting for its smoke pods when the signal comes.
    const sb = await startScenario('basic', {
      timing: { ...instantTiming, podStart: 3_000 },
      tickIntervalMs: 50,
    });
    sandboxes.push(sb);
    const applied = await cli(sb, ['apply', '--cluster', 'demo', '--yes', ...FAST]);
    assert.equal(applied.code, 0, applied.stderr);
    const child = start(sb, [
      'verify',
      '--cluster',
      'demo',
      '--smoke',
      '--wait',
      '120',
      '--poll-interval',
      '50',
    ]);
    await until('verify created its smoke deployment', () =>
      sb.trail().some((e) => e.service === 'kubernetes' && /create deployments/.test(e.action)),
    );
    await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGINT');
    assert.equal(await child.code, 130, child.stderr() + child.stdout());
    assert.match(
      child.stderr(),
      /verify stopped before it finished; its smoke-test deployment default\/eks-cidr-smoke was deleted/,
    );
    const list = await kube(sb).makeApiClient(AppsV1Api).listNamespacedDeployment({ namespace: 'default' });
    assert.deepEqual(
      list.items.map((d) => d.metadata?.name).filter((n) => n === 'eks-cidr-smoke'),
      [],
    );
  });
});
