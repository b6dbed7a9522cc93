/**
 * `--stop-node-subnet-pods` end to end on `exhausted` (vpc-cni 1.19): the plan moves the add-on to a
 * version that honours `kubernetes.io/role/cni=0` (1.22+), tags the node subnets 0 with a marker of
 * what they were, and rotates the node group to the max-pods a node has once its primary ENI serves
 * no pods (m5.large 29 -> 20). After apply every pod address comes from the new block and verify
 * passes; a second apply changes nothing; destroy --force restores the node subnets' tags and max-pods.
 * Refusals (no rotation) exit 2 before any write.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeSubnetsCommand, EC2Client, type Subnet } from '@aws-sdk/client-ec2';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { contains, parseCidr, parseIPv4 } from '../../src/shared/cidr/index.js';
import type { TestSandbox } from '../helpers/sandbox.js';
import { FAST, FAST_IPAMD_RETRY, cli, mutating, startScenario } from './apply-harness.js';

const BLOCK = parseCidr('100.64.0.0/16');
const inBlock = (ip: string | undefined) => ip !== undefined && contains(BLOCK, parseIPv4(ip));
const STOP = ['--mode', 'subnet-discovery', '--stop-node-subnet-pods'];

function core(sb: TestSandbox): CoreV1Api {
  const kc = new KubeConfig();
  kc.loadFromString(readFileSync(join(sb.stateDir, 'kubeconfig'), 'utf8'));
  return kc.makeApiClient(CoreV1Api);
}

async function subnets(sb: TestSandbox): Promise<Subnet[]> {
  const ec2 = new EC2Client(sb.clientConfig);
  try {
    return (await ec2.send(new DescribeSubnetsCommand({}))).Subnets ?? [];
  } finally {
    ec2.destroy();
  }
}

const tagsOf = (s: Subnet): Record<string, string | undefined> =>
  Object.fromEntries((s.Tags ?? []).map((t) => [t.Key ?? '', t.Value]));
const nodeSubnets = async (sb: TestSandbox) =>
  (await subnets(sb)).filter((s) => s.CidrBlock && !contains(BLOCK, parseCidr(s.CidrBlock)));

describe('--stop-node-subnet-pods on exhausted', () => {
  let sb: TestSandbox;
  let nodeSubnetIds: string[];
  before(async () => {
    sb = await startScenario('exhausted', { timing: FAST_IPAMD_RETRY });
  });
  after(async () => {
    await sb.cleanup();
  });

  it('refuses without node rotation: exit 2, the numbers, no write', async () => {
    const before = mutating(sb).length;
    const r = await cli(sb, ['plan', '--cluster', 'demo', ...STOP, '--rotation', 'none']);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /E_STOP_NODE_SUBNETS_MAX_PODS/);
    assert.match(
      r.stderr,
      /run max-pods 29, but once the node subnets stop feeding pods a node has addresses for 20/,
    );
    assert.equal(mutating(sb).length, before);
  });

  it('plans the add-on update, the node-subnet tags and the rotation to max-pods 20', async () => {
    const r = await cli(sb, ['plan', '--cluster', 'demo', ...STOP, '--output', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const plan = JSON.parse(r.stdout) as {
      steps: {
        id: string;
        kind: string;
        action: string;
        dependsOn: string[];
        desired: Record<string, unknown>;
      }[];
    };
    const version = plan.steps.find((s) => s.id === 'vpc-cni-version');
    assert.equal(version?.desired.addonVersion, 'v1.22.3-eksbuild.1', 'an add-on version that honours tag 0');
    const tags = plan.steps.filter((s) => s.id.startsWith('node-subnet-tags:'));
    assert.ok(tags.length > 0);
    nodeSubnetIds = tags.map((s) => s.id.slice('node-subnet-tags:'.length)).sort();
    for (const s of tags) {
      assert.equal(s.action, 'update');
      assert.deepEqual(s.desired.tags, [
        { key: 'kubernetes.io/role/cni', value: '0' },
        { key: 'eks-cidr.io/cni-role-was/demo', value: 'absent' },
      ]);
    }
    const rotation = plan.steps.filter((s) => s.kind === 'roll-nodegroup' || s.kind === 'create-nodegroup');
    assert.ok(rotation.length > 0, 'the node group is rotated');
    for (const s of rotation) {
      assert.equal((s.desired.maxPods as { maxPods: number }).maxPods, 20);
      for (const t of tags) assert.ok(s.dependsOn.includes(t.id), `${s.id} waits for ${t.id}`);
    }
    const text = await cli(sb, ['plan', '--cluster', 'demo', ...STOP]);
    assert.match(text.stdout, /subnet-discovery-only/);
    assert.match(text.stdout, /stops feeding pods: tag it kubernetes\.io\/role\/cni=0/);
  });

  it('applies: node subnets tagged 0, nodes at max-pods 20, every pod address from the new block', async () => {
    const r = await cli(sb, ['apply', '--cluster', 'demo', '--yes', ...STOP, ...FAST]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    for (const s of await nodeSubnets(sb)) {
      if (!nodeSubnetIds.includes(s.SubnetId!)) continue;
      assert.equal(tagsOf(s)['kubernetes.io/role/cni'], '0', s.SubnetId);
      assert.equal(tagsOf(s)['eks-cidr.io/cni-role-was/demo'], 'absent', s.SubnetId);
    }
    const kube = core(sb);
    const nodes = (await kube.listNode()).items.filter((n) => !n.spec?.unschedulable);
    assert.ok(nodes.length > 0);
    for (const n of nodes) assert.equal(n.status?.allocatable?.pods, '20', n.metadata?.name);
    const verify = await cli(sb, ['verify', '--cluster', 'demo', '--wait', '60', '--poll-interval', '50']);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    const pods = (await kube.listPodForAllNamespaces()).items.filter(
      (p) => !p.spec?.hostNetwork && p.status?.phase === 'Running',
    );
    assert.ok(pods.length > 0);
    for (const p of pods)
      assert.ok(
        inBlock(p.status?.podIP),
        `${p.metadata?.namespace}/${p.metadata?.name} has ${p.status?.podIP}`,
      );
  });

  it('a second apply makes no mutating call', async () => {
    const count = mutating(sb).length;
    const again = await cli(sb, ['apply', '--cluster', 'demo', '--yes', ...STOP, ...FAST]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /Nothing to do/);
    assert.equal(mutating(sb).length, count);
  });

  it('destroy --force gives the node subnets back their tags, and the nodes their max-pods', async () => {
    const preview = await cli(sb, ['destroy', '--cluster', 'demo', '--dry-run']);
    assert.match(preview.stdout, /remove tag kubernetes\.io\/role\/cni=0 from node subnet subnet-/);
    const r = await cli(sb, ['destroy', '--cluster', 'demo', '--yes', '--force', ...FAST]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    for (const s of await nodeSubnets(sb)) {
      assert.equal(tagsOf(s)['kubernetes.io/role/cni'], undefined, s.SubnetId);
      assert.equal(tagsOf(s)['eks-cidr.io/cni-role-was/demo'], undefined, s.SubnetId);
    }
    const nodes = (await core(sb).listNode()).items.filter((n) => !n.spec?.unschedulable);
    for (const n of nodes) assert.equal(n.status?.allocatable?.pods, '29', n.metadata?.name);
  });
});
