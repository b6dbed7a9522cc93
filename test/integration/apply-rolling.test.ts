import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AppsV1Api, CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import type { TestSandbox } from '../helpers/sandbox.js';
import {
  exhaustedWithWebBudget,
  nodegroupNames,
  PDB_MAX_UNAVAILABLE,
  watchWebAvailability,
} from '../helpers/web-budget.js';
import { cli, FAST, mutating } from './apply-harness.js';

describe('apply --rotation rolling on the exhausted scenario', () => {
  let sb: TestSandbox;
  let kc: KubeConfig;
  before(async () => {
    ({ sb, kc } = await exhaustedWithWebBudget());
  });
  after(async () => {
    await sb.cleanup();
  });

  it('rolls the node group in place; web never drops below replicas - PDB allowance; verify passes', async () => {
    // Before: the exhausted cluster serves only part of web (addresses ran out).
    const {
      result: apply,
      before: start,
      lowest,
    } = await watchWebAvailability(kc, () =>
      cli(sb, ['apply', '--cluster', 'demo', '--yes', '--rotation', 'rolling', ...FAST]),
    );
    assert.equal(apply.code, 0, apply.stderr + apply.stdout);
    // The floor: what was available before less what the budget allows to be disrupted.
    assert.ok(
      lowest >= (start ?? 0) - PDB_MAX_UNAVAILABLE,
      `web fell to ${lowest} available (from ${start})`,
    );
    assert.deepEqual(await nodegroupNames(sb), ['demo-nodes']);
    const actions = mutating(sb).map((e) => e.action);
    assert.ok(actions.includes('UpdateNodegroupVersion'), actions.join(', '));
    assert.ok(!actions.includes('CreateNodegroup') && !actions.includes('DeleteNodegroup'));
    const verify = await cli(sb, ['verify', '--cluster', 'demo', '--wait', '60', '--poll-interval', '50']);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  });

  it('a re-plan has nothing to do', async () => {
    const plan = await cli(sb, ['plan', '--cluster', 'demo']);
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /Nothing to do/);
  });

  it('scaling web to the planned headroom leaves no pod Pending', async () => {
    const plan = await cli(sb, ['plan', '--cluster', 'demo', '--output', 'json']);
    const capacity = (JSON.parse(plan.stdout) as { capacity: { totals: { headroom: number } } }).capacity;
    assert.ok(capacity.totals.headroom > 0);
    const apps = kc.makeApiClient(AppsV1Api);
    const d = await apps.readNamespacedDeployment({ name: 'web', namespace: 'default' });
    const replicas = (d.spec?.replicas ?? 0) + capacity.totals.headroom;
    d.spec!.replicas = replicas;
    await apps.replaceNamespacedDeployment({ name: 'web', namespace: 'default', body: d });
    const core = kc.makeApiClient(CoreV1Api);
    let pending = -1;
    for (let i = 0; i < 200 && pending !== 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const pods = (await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=web' })).items;
      const running = pods.filter((p) => p.status?.phase === 'Running' && p.status.podIP).length;
      pending =
        running === replicas
          ? 0
          : pods.filter((p) => p.status?.phase === 'Pending').length || replicas - running;
    }
    assert.equal(pending, 0, `web at ${replicas} replicas left pods Pending`);
  });
});
