import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DeleteAddonCommand, EKSClient } from '@aws-sdk/client-eks';
import { AppsV1Api, KubeConfig } from '@kubernetes/client-node';
import type { TestSandbox } from '../helpers/sandbox.js';
import { cli, FAST, mutating, startScenario } from './apply-harness.js';

describe('apply with a self-managed aws-node (no vpc-cni add-on)', () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startScenario('basic');
    const eks = new EKSClient(sb.clientConfig);
    try {
      await eks.send(new DeleteAddonCommand({ clusterName: 'demo', addonName: 'vpc-cni', preserve: true }));
    } finally {
      eks.destroy();
    }
  });
  after(async () => {
    await sb.cleanup();
  });

  it('patches the DaemonSet env (strategic merge, other entries kept), then verify passes', async () => {
    const r = await cli(sb, ['apply', '--cluster', 'demo', '--yes', ...FAST]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.ok(
      mutating(sb).some(
        (e) =>
          e.service === 'kubernetes' && /patch/.test(e.action) && e.resources.some((x) => /aws-node/.test(x)),
      ),
    );
    assert.ok(!mutating(sb).some((e) => e.action === 'UpdateAddon'));
    const kc = new KubeConfig();
    kc.loadFromFile(sb.sandbox.paths!.kubeconfig);
    const ds = await kc
      .makeApiClient(AppsV1Api)
      .readNamespacedDaemonSet({ name: 'aws-node', namespace: 'kube-system' });
    const env = Object.fromEntries(
      (ds.spec?.template.spec?.containers[0]?.env ?? []).map((e) => [e.name, e.value]),
    );
    assert.equal(env.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG, 'true');
    assert.equal(env.ENI_CONFIG_LABEL_DEF, 'topology.kubernetes.io/zone');
    assert.equal(env.WARM_ENI_TARGET, '1', 'entries not in the patch are kept');
    const verify = await cli(sb, ['verify', '--cluster', 'demo', '--wait', '60', '--poll-interval', '100']);
    assert.equal(verify.code, 0, verify.stdout);
  });
});
