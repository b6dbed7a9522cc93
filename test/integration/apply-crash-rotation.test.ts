/**
 * The process dies (SIGKILL) in the middle of a rolling update, or in the middle of a drain wave; the
 * re-run converges: no duplicate node group, no node left cordoned, verify passes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { EKSClient, ListNodegroupsCommand } from '@aws-sdk/client-eks';
import type { TestSandbox } from '../helpers/sandbox.js';
import { cli, FAST, mutating, startScenario } from './apply-harness.js';
import { customNetworkingUnlessNamed } from '../helpers/mode.js';

const bin = fileURLToPath(new URL('../../../bin/eks-cidr.js', import.meta.url));

/** Runs the real CLI and SIGKILLs it once the trail shows `crashAt`. */
async function crashDuring(sb: TestSandbox, args: string[], crashAt: (action: string) => boolean) {
  const child = spawn(
    process.execPath,
    [bin, ...customNetworkingUnlessNamed(args), '--kubeconfig', sb.sandbox.paths!.kubeconfig],
    {
      env: { ...process.env, ...sb.env },
      stdio: ['ignore', 'ignore', 'ignore'],
    },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let seen = false;
  for (let i = 0; i < 2400 && !seen; i++) {
    await new Promise((r) => setTimeout(r, 25));
    seen = mutating(sb).some((e) => crashAt(e.action));
  }
  child.kill('SIGKILL');
  await exited;
  assert.ok(seen, 'the run never reached the crash point');
}

async function converged(sb: TestSandbox, groups: string[]): Promise<void> {
  const again = await cli(sb, ['apply', '--cluster', 'demo', '--yes', ...FAST]);
  assert.equal(again.code, 0, again.stderr + again.stdout);
  const eks = new EKSClient(sb.clientConfig);
  try {
    const names = (await eks.send(new ListNodegroupsCommand({ clusterName: 'demo' }))).nodegroups ?? [];
    assert.deepEqual([...names].sort(), groups);
  } finally {
    eks.destroy();
  }
  const verify = await cli(sb, ['verify', '--cluster', 'demo', '--wait', '60', '--poll-interval', '50']);
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  const kc = new KubeConfig();
  kc.loadFromFile(sb.sandbox.paths!.kubeconfig);
  const nodes = (await kc.makeApiClient(CoreV1Api).listNode()).items;
  assert.deepEqual(
    nodes.filter((n) => n.spec?.unschedulable === true).map((n) => n.metadata?.name),
    [],
  );
  const plan = await cli(sb, ['plan', '--cluster', 'demo']);
  assert.match(plan.stdout, /Nothing to do/);
}

describe('a crash during node rotation, then a re-run', () => {
  it('during a rolling update: the re-run waits for EKS and converges on the same node group', async () => {
    const sb = await startScenario('exhausted');
    try {
      await crashDuring(sb, ['apply', '--cluster', 'demo', '--yes', '--rotation', 'rolling', ...FAST], (a) =>
        /UpdateNodegroupVersion/.test(a),
      );
      // The re-run is given no --rotation: the update in flight decides (waited for, no new group).
      await converged(sb, ['demo-nodes']);
    } finally {
      await sb.cleanup();
    }
  });

  it('during a drain wave: the re-run finishes the waves and deletes the old group', async () => {
    const sb = await startScenario('exhausted');
    try {
      await crashDuring(
        sb,
        ['apply', '--cluster', 'demo', '--yes', '--rotation', 'replace', '--max-unavailable', '1', ...FAST],
        (a) => /evict/i.test(a),
      );
      await converged(sb, ['demo-nodes-eks-cidr']);
    } finally {
      await sb.cleanup();
    }
  });
});
