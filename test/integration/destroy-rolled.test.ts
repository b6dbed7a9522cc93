import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeNodegroupCommand, EKSClient, ListNodegroupsCommand } from '@aws-sdk/client-eks';
import type { TestSandbox } from '../helpers/sandbox.js';
import { cli, FAST, mutating, startScenario } from './apply-harness.js';

describe('destroy after apply --rotation rolling', () => {
  let sb: TestSandbox;
  let eks: EKSClient;
  let ec2: EC2Client;
  let core: CoreV1Api;
  const names: string[][] = [];
  const group = async () =>
    (await eks.send(new DescribeNodegroupCommand({ clusterName: 'demo', nodegroupName: 'demo-nodes' })))
      .nodegroup!;
  const maxPods = async () =>
    (await core.listNode()).items
      .filter((n) => !n.spec?.unschedulable)
      .map((n) => Number(n.status?.allocatable?.pods));
  const list = async () => {
    names.push((await eks.send(new ListNodegroupsCommand({ clusterName: 'demo' }))).nodegroups ?? []);
  };

  before(async () => {
    sb = await startScenario('basic');
    eks = new EKSClient(sb.clientConfig);
    ec2 = new EC2Client(sb.clientConfig);
    const kc = new KubeConfig();
    kc.loadFromFile(sb.sandbox.paths!.kubeconfig);
    core = kc.makeApiClient(CoreV1Api);
  });
  after(async () => {
    eks.destroy();
    ec2.destroy();
    await sb.cleanup();
  });

  it('rolls the group back to its launch template version and max-pods; its name never changes', async () => {
    const original = await group();
    const originalVersion = original.launchTemplate?.version;
    const originalMaxPods = await maxPods();
    await list();

    const apply = await cli(sb, ['apply', '--cluster', 'demo', '--yes', '--rotation', 'rolling', ...FAST]);
    assert.equal(apply.code, 0, apply.stderr + apply.stdout);
    await list();
    const rolled = await group();
    assert.notEqual(rolled.launchTemplate?.version, originalVersion, 'apply rolled onto a new version');
    assert.ok(
      (await maxPods()).every((n) => n < Math.min(...originalMaxPods)),
      'custom networking lowered max-pods',
    );

    // Pods use the pod subnets: without --force destroy refuses, naming the way out, and changes nothing.
    const writes = mutating(sb).length;
    const refused = await cli(sb, ['destroy', '--cluster', 'demo', '--yes', ...FAST]);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /E_POD_SUBNETS_IN_USE/);
    assert.match(refused.stderr, /--force/);
    assert.equal(mutating(sb).length, writes);

    const preview = await cli(sb, ['destroy', '--cluster', 'demo', '--dry-run', '--force']);
    assert.match(
      preview.stdout,
      new RegExp(`roll node group demo-nodes back to launch template version ${originalVersion}`),
    );

    const destroy = await cli(sb, ['destroy', '--cluster', 'demo', '--yes', '--force', ...FAST]);
    assert.equal(destroy.code, 0, destroy.stderr + destroy.stdout);
    await list();

    const back = await group();
    assert.equal(back.launchTemplate?.version, originalVersion);
    assert.equal(back.launchTemplate?.id, original.launchTemplate?.id);
    assert.deepEqual(await maxPods(), originalMaxPods);
    for (const seen of names) assert.deepEqual(seen, ['demo-nodes']);
    const actions = mutating(sb).map((e) => e.action);
    assert.ok(
      !actions.includes('CreateNodegroup') && !actions.includes('DeleteNodegroup'),
      actions.join(', '),
    );
    const subnets = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets ?? [];
    assert.equal(subnets.filter((s) => s.CidrBlock?.startsWith('100.64.')).length, 0);

    // Done: a second destroy has nothing left; the cluster is as before apply.
    const again = await cli(sb, ['destroy', '--cluster', 'demo', '--yes', ...FAST]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /Nothing to destroy/);
  });
});
