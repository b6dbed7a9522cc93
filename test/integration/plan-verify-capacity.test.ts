/**
 * On `exhausted` with `web` scaled to 60 replicas, where capacity matters (custom networking lowers
 * max-pods 29 -> 20 and the pod addresses per node 27 -> 18: 3 nodes serve 54 pods): what the plan says of capacity is what verify --smoke finds after
 * apply. Sized as planned, the capacity after holds the demand and the smoke pods, and verify --smoke
 * passes; held to the current size with --allow-capacity-loss, the plan says the capacity after falls
 * short, and verify --smoke fails with pods left Pending for want of room.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AppsV1Api, KubeConfig } from '@kubernetes/client-node';
import type { CapacityTotals } from '../../src/tool/planner/capacity-types.js';
import type { TestSandbox } from '../helpers/sandbox.js';
import { cli, FAST, scenarioTemplate } from './apply-harness.js';

interface VerifyJson {
  ok: boolean;
  problems: { name: string; reason: string; code?: string }[];
}

const SMOKE = [
  'verify',
  '--cluster',
  'demo',
  '--smoke',
  '--wait',
  '20',
  '--poll-interval',
  '50',
  '--output',
  'json',
];

/** web at 60 replicas, as in the issue: more demand than 3 custom-networking nodes can run. */
async function scaleWeb(sb: TestSandbox, replicas = 60): Promise<void> {
  const kc = new KubeConfig();
  kc.loadFromFile(sb.sandbox.paths!.kubeconfig);
  const apps = kc.makeApiClient(AppsV1Api);
  const d = await apps.readNamespacedDeployment({ name: 'web', namespace: 'default' });
  d.spec!.replicas = replicas;
  await apps.replaceNamespacedDeployment({ name: 'web', namespace: 'default', body: d });
  // The controllers create the pods (Pending or stuck for an address on the exhausted subnets).
  await new Promise((r) => setTimeout(r, 500));
}

async function planTotals(sb: TestSandbox, extra: string[]): Promise<CapacityTotals> {
  const plan = await cli(sb, ['plan', '--cluster', 'demo', '--output', 'json', ...extra]);
  assert.equal(plan.code, 0, plan.stderr);
  return (JSON.parse(plan.stdout) as { capacity: { totals: CapacityTotals } }).capacity.totals;
}

describe('plan and verify --smoke agree on capacity (exhausted, custom networking)', () => {
  let template: Awaited<ReturnType<typeof scenarioTemplate>>;
  before(async () => {
    template = await scenarioTemplate('exhausted');
  });
  after(() => template.dispose());

  it('sized as planned: the capacity after holds demand + smoke pods, and verify --smoke passes', async () => {
    const sb = await template.start();
    try {
      await scaleWeb(sb);
      const totals = await planTotals(sb, []);
      // 3 nodes would serve 54: the plan raises the size.
      assert.ok(
        totals.nodesAfter > totals.nodesBefore,
        `${totals.nodesBefore} -> ${totals.nodesAfter} nodes`,
      );
      assert.ok(
        totals.servableAfter >= totals.demand + totals.nodesAfter,
        `planned ${totals.servableAfter} for ${totals.demand} + ${totals.nodesAfter} smoke pods`,
      );
      assert.equal((await cli(sb, ['apply', '--cluster', 'demo', '--yes', ...FAST])).code, 0);
      const smoke = await cli(sb, SMOKE);
      assert.equal(smoke.code, 0, smoke.stdout + smoke.stderr);
    } finally {
      await sb.cleanup();
    }
  });

  it('held at its size with --allow-capacity-loss: the plan says it falls short, and verify --smoke finds pods Pending', async () => {
    const sb = await template.start();
    try {
      await scaleWeb(sb);
      const hold = ['--node-count', 'demo-nodes=3', '--allow-capacity-loss'];
      const totals = await planTotals(sb, hold);
      assert.equal(totals.nodesAfter, 3);
      assert.ok(totals.servableAfter < totals.demand, `planned ${totals.servableAfter} for ${totals.demand}`);
      const apply = await cli(sb, ['apply', '--cluster', 'demo', '--yes', ...hold, ...FAST]);
      assert.equal(apply.code, 0, apply.stderr + apply.stdout);
      const smoke = await cli(sb, SMOKE);
      assert.equal(smoke.code, 1, smoke.stdout + smoke.stderr);
      const problems = (JSON.parse(smoke.stdout) as VerifyJson).problems;
      assert.ok(
        problems.some((p) => p.code === 'E_NO_CAPACITY' || /not scheduled.*Too many pods/.test(p.reason)),
        JSON.stringify(problems),
      );
    } finally {
      await sb.cleanup();
    }
  });
});
