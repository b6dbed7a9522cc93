/**
 * The replace strategy drains in waves, and the availability of `web` stays above what its
 * PodDisruptionBudget allows; apply's summary says how it went. A re-run after success changes nothing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import type { TestSandbox } from '../helpers/sandbox.js';
import {
  exhaustedWithWebBudget,
  nodegroupNames,
  PDB_MAX_UNAVAILABLE,
  watchWebAvailability,
} from '../helpers/web-budget.js';
import { cli, FAST } from './apply-harness.js';

describe('apply --rotation replace drains in waves on the exhausted scenario', () => {
  let sb: TestSandbox;
  let kc: KubeConfig;
  before(async () => {
    ({ sb, kc } = await exhaustedWithWebBudget());
  });
  after(async () => {
    await sb.cleanup();
  });

  it('the plan says the wave size and lists no budget-less web (it has one)', async () => {
    const plan = await cli(sb, [
      'plan',
      '--cluster',
      'demo',
      '--rotation',
      'replace',
      '--max-unavailable',
      '1',
    ]);
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /drain them 1 at a time/);
    assert.doesNotMatch(plan.stdout, /Deployment default\/web .*no PodDisruptionBudget/);
  });

  it('drains one node per wave; web never falls below replicas - PDB allowance', async () => {
    const {
      result: apply,
      before: start,
      lowest,
    } = await watchWebAvailability(kc, () =>
      cli(sb, [
        'apply',
        '--cluster',
        'demo',
        '--yes',
        '--rotation',
        'replace',
        '--max-unavailable',
        '1',
        ...FAST,
      ]),
    );
    assert.equal(apply.code, 0, apply.stderr + apply.stdout);
    assert.ok(
      lowest >= (start ?? 0) - PDB_MAX_UNAVAILABLE,
      `web fell to ${lowest} available (from ${start})`,
    );
    assert.match(apply.stdout, /node group demo-nodes: 3 node\(s\) drained in 3 wave\(s\) of at most 1/);
    assert.match(apply.stdout, /lowest Ready pods seen per workload: default\/ReplicaSet\/web-[a-z0-9]+ \d+/);
    assert.match(apply.stdout, /capacity: pods that can run 81 -> 54/);
    const verify = await cli(sb, ['verify', '--cluster', 'demo', '--wait', '60', '--poll-interval', '50']);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    const nodes = (await kc.makeApiClient(CoreV1Api).listNode()).items;
    assert.ok(nodes.every((n) => n.spec?.unschedulable !== true));
    assert.deepEqual(await nodegroupNames(sb), ['demo-nodes-eks-cidr']);
  });
});
