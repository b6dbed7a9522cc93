import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import type { TestSandbox } from '../helpers/sandbox.js';
import { FAST, FAST_IPAMD_RETRY, cli, startScenario } from './apply-harness.js';

interface VerifyJson {
  ok: boolean;
  problems: { kind: string; name: string; reason: string; code?: string }[];
  smoke?: { replicas: number; podIps: string[] };
}

async function schedulableNodes(sb: TestSandbox): Promise<{ count: number; slots: number; pods: number }> {
  const kc = new KubeConfig();
  kc.loadFromFile(sb.sandbox.paths!.kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);
  const nodes = (await core.listNode()).items.filter((n) => !n.spec?.unschedulable);
  const pods = (await core.listPodForAllNamespaces()).items.filter(
    (p) => p.spec?.nodeName && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed',
  );
  return {
    count: nodes.length,
    slots: nodes.reduce((sum, n) => sum + Number(n.status?.allocatable?.pods ?? 0), 0),
    pods: pods.length,
  };
}

for (const mode of ['auto', 'custom-networking']) {
  describe(`the README's apply --yes then verify --smoke on exhausted (--mode ${mode})`, () => {
    let sb: TestSandbox;
    before(async () => {
      sb = await startScenario('exhausted', { timing: FAST_IPAMD_RETRY });
    });
    after(async () => {
      await sb.cleanup();
    });

    it('passes with one smoke pod per node, printing progress while it waits', async () => {
      const apply = await cli(sb, ['apply', '--cluster', 'demo', '--yes', '--mode', mode, ...FAST]);
      assert.equal(apply.code, 0, apply.stderr + apply.stdout);
      const nodes = await schedulableNodes(sb);
      const verify = await cli(sb, ['verify', '--smoke', '--cluster', 'demo', '--poll-interval', '50']);
      assert.equal(verify.code, 0, verify.stdout + verify.stderr);
      assert.match(verify.stdout, new RegExp(`smoke test: ${nodes.count} replicas`));
      assert.match(verify.stderr, /smoke test: \d+ pod\(s\) of default\/eks-cidr-smoke, spread one per node/);
    });

    it('more smoke pods than the nodes have room for: E_NO_CAPACITY, exit 1, with the numbers and the scheduler', async () => {
      const nodes = await schedulableNodes(sb);
      const replicas = nodes.slots - nodes.pods + 2;
      const verify = await cli(sb, [
        'verify',
        '--smoke',
        '--cluster',
        'demo',
        '--smoke-replicas',
        String(replicas),
        '--wait',
        '3',
        '--poll-interval',
        '50',
        '--output',
        'json',
      ]);
      assert.equal(verify.code, 1, verify.stderr);
      const doc = JSON.parse(verify.stdout) as VerifyJson;
      const capacity = doc.problems.filter((p) => p.code === 'E_NO_CAPACITY');
      assert.equal(capacity.length, 1, JSON.stringify(doc.problems));
      assert.match(
        capacity[0]!.reason,
        new RegExp(`^\\d+ of ${replicas} smoke-test pod\\(s\\) stayed Pending`),
      );
      assert.match(capacity[0]!.reason, /0\/\d+ nodes are available: .*Too many pods/);
      // One problem for them all, not a line per Pending smoke pod.
      assert.ok(!doc.problems.some((p) => /eks-cidr-smoke-/.test(p.name)), JSON.stringify(doc.problems));
    });
  });
}
