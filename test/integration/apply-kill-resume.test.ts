import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CoordinationV1Api, KubeConfig } from '@kubernetes/client-node';
import type { TestSandbox } from '../helpers/sandbox.js';
import { instantTiming } from '../../src/sandbox/world.js';
import { cli, FAST, mutating, startScenario } from './apply-harness.js';
import { customNetworkingUnlessNamed } from '../helpers/mode.js';

const bin = fileURLToPath(new URL('../../../bin/eks-cidr.js', import.meta.url));

describe('apply killed with SIGKILL mid-run', () => {
  let sb: TestSandbox;
  before(async () => {
    // A slow node group keeps the run busy long enough to kill it in the middle (the replace strategy).
    sb = await startScenario('basic', {
      timing: { ...instantTiming, nodegroupCreate: 4_000 },
      tickIntervalMs: 50,
    });
  });
  after(async () => {
    await sb.cleanup();
  });

  it('leaves its lease behind; the next run on this host takes it over (the holder is gone) and finishes', async () => {
    const child = spawn(
      process.execPath,
      [
        bin,
        ...customNetworkingUnlessNamed(['apply', '--cluster', 'demo', '--yes', '--rotation', 'replace']),
        '--kubeconfig',
        sb.sandbox.paths!.kubeconfig,
        ...FAST,
      ],
      { env: { ...process.env, ...sb.env }, stdio: 'ignore' },
    );
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    for (let i = 0; i < 600 && !mutating(sb).some((e) => e.action === 'CreateNodegroup'); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(
      mutating(sb).some((e) => e.action === 'CreateNodegroup'),
      'the child reached CreateNodegroup',
    );
    child.kill('SIGKILL');
    await exited;

    const kc = new KubeConfig();
    kc.loadFromFile(sb.sandbox.paths!.kubeconfig);
    const lease = await kc
      .makeApiClient(CoordinationV1Api)
      .readNamespacedLease({ name: 'eks-cidr-lock', namespace: 'kube-system' });
    assert.match(lease.spec?.holderIdentity ?? '', new RegExp(`pid ${child.pid} run`));

    const resumed = await cli(sb, ['apply', '--cluster', 'demo', '--yes', '--rotation', 'replace', ...FAST]);
    assert.equal(resumed.code, 0, resumed.stderr + resumed.stdout);
    assert.equal(
      mutating(sb).filter((e) => e.action === 'CreateNodegroup' && e.httpStatus === 200).length,
      1,
    );
    const before = mutating(sb).length;
    assert.equal(
      (await cli(sb, ['apply', '--cluster', 'demo', '--yes', '--rotation', 'replace', ...FAST])).code,
      0,
    );
    assert.equal(mutating(sb).length, before);
  });
});
