import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeAddonCommand, EKSClient } from '@aws-sdk/client-eks';
import type { TestSandbox } from '../helpers/sandbox.js';
import { cli, FAST, mutating, startScenario } from './apply-harness.js';

describe('apply on the exhausted scenario', () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startScenario('exhausted');
  });
  after(async () => {
    await sb.cleanup();
  });

  it('plans, applies, then verify passes', async () => {
    const apply = await cli(sb, ['apply', '--cluster', 'demo', '--yes', ...FAST]);
    assert.equal(apply.code, 0, apply.stderr);
    const verify = await cli(sb, ['verify', '--cluster', 'demo', '--wait', '60', '--poll-interval', '50']);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  });

  it('changed the managed add-on through configurationValues, keeping what was set', async () => {
    const eks = new EKSClient(sb.clientConfig);
    try {
      const addon = (await eks.send(new DescribeAddonCommand({ clusterName: 'demo', addonName: 'vpc-cni' })))
        .addon;
      const values = JSON.parse(addon?.configurationValues ?? '{}') as { env?: Record<string, string> };
      assert.equal(values.env?.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG, 'true');
      assert.equal(values.env?.ENI_CONFIG_LABEL_DEF, 'topology.kubernetes.io/zone');
    } finally {
      eks.destroy();
    }
    assert.ok(
      !mutating(sb).some(
        (e) =>
          e.service === 'kubernetes' && /patch/.test(e.action) && e.resources.some((x) => /aws-node/.test(x)),
      ),
    );
  });

  it('a second apply makes no mutating call', async () => {
    const before = mutating(sb).length;
    const again = await cli(sb, ['apply', '--cluster', 'demo', '--yes', ...FAST]);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /Nothing to do/);
    assert.equal(mutating(sb).length, before);
  });

  it('--output json prints one event per line', async () => {
    const r = await cli(sb, ['apply', '--cluster', 'demo', '--yes', '--output', 'json', ...FAST]);
    assert.equal(r.code, 0, r.stderr);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; ok?: boolean; noOps?: number });
    const done = events.find((e) => e.type === 'run-done');
    assert.equal(done?.ok, true);
    assert.ok((done?.noOps ?? 0) > 0);
  });
});
