/**
 * Subnet-discovery mode end to end on the sandbox: `auto` chooses it on `exhausted` (vpc-cni 1.19) and,
 * with an add-on version update first, on `exhausted-old-cni` (1.15). Apply tags the new subnets at
 * creation, changes no node group and no instance, and the pods that were stuck run on the same nodes
 * with addresses from the new block; verify (and --smoke) pass; a second apply changes nothing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeAddonCommand, EKSClient } from '@aws-sdk/client-eks';
import { CoreV1Api, KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { contains, parseCidr, parseIPv4 } from '../../src/shared/cidr/index.js';
import type { TestSandbox } from '../helpers/sandbox.js';
import { FAST, FAST_IPAMD_RETRY, cli, mutating, startScenario } from './apply-harness.js';

const BLOCK = parseCidr('100.64.0.0/16');
const inBlock = (ip: string | undefined) => ip !== undefined && contains(BLOCK, parseIPv4(ip));
const NODE_CHANGES = [
  'CreateNodegroup',
  'DeleteNodegroup',
  'UpdateNodegroupConfig',
  'TerminateInstances',
  'RunInstances',
];

function core(sb: TestSandbox): CoreV1Api {
  const kc = new KubeConfig();
  kc.loadFromString(readFileSync(join(sb.stateDir, 'kubeconfig'), 'utf8'));
  return kc.makeApiClient(CoreV1Api);
}

async function webPods(sb: TestSandbox): Promise<V1Pod[]> {
  return (await core(sb).listNamespacedPod({ namespace: 'default', labelSelector: 'app=web' })).items;
}

const stuck = (pods: V1Pod[]) => pods.filter((p) => !(p.status?.phase === 'Running' && p.status.podIP));

async function nodeNames(sb: TestSandbox): Promise<string[]> {
  return (await core(sb).listNode()).items.map((n) => n.metadata!.name!).sort();
}

async function podSubnets(sb: TestSandbox) {
  const ec2 = new EC2Client(sb.clientConfig);
  try {
    const subnets = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets ?? [];
    return subnets.filter((s) => s.CidrBlock && contains(BLOCK, parseCidr(s.CidrBlock)));
  } finally {
    ec2.destroy();
  }
}

async function addonVersion(sb: TestSandbox): Promise<string | undefined> {
  const eks = new EKSClient(sb.clientConfig);
  try {
    return (await eks.send(new DescribeAddonCommand({ clusterName: 'demo', addonName: 'vpc-cni' }))).addon
      ?.addonVersion;
  } finally {
    eks.destroy();
  }
}

for (const scenario of ['exhausted', 'exhausted-old-cni'] as const) {
  describe(`subnet discovery chosen by --mode auto on ${scenario}`, () => {
    let sb: TestSandbox;
    let stuckBefore: Map<string, string>;
    let nodesBefore: string[];
    let trailBefore: number;
    before(async () => {
      sb = await startScenario(scenario, { timing: FAST_IPAMD_RETRY });
      const pods = await webPods(sb);
      stuckBefore = new Map(stuck(pods).map((p) => [p.metadata!.name!, p.spec!.nodeName!]));
      nodesBefore = await nodeNames(sb);
      trailBefore = sb.trail().length;
    });
    after(async () => {
      await sb.cleanup();
    });

    it('plans subnet discovery with its reason, and no ENIConfig or node group step', async () => {
      assert.ok(stuckBefore.size > 0, 'the scenario has pods waiting for an address');
      const plan = await cli(sb, ['plan', '--cluster', 'demo', '--mode', 'auto']);
      assert.equal(plan.code, 0, plan.stderr);
      assert.match(plan.stdout, /mode subnet-discovery \(auto\): /);
      assert.match(plan.stdout, /instead: custom networking would replace every node/);
      assert.match(plan.stdout, /ec2:DescribeSubnets/);
      assert.doesNotMatch(plan.stdout, /eniconfig|nodegroup:/);
      if (scenario === 'exhausted-old-cni') {
        assert.match(
          plan.stdout,
          /~ vpc-cni-version +vpc-cni add-on v1\.15\.1-eksbuild\.1 -> v1\.19\.2-eksbuild\.1/,
        );
      } else {
        assert.doesNotMatch(plan.stdout, /vpc-cni-version/);
      }
    });

    it('applies without touching a node, and verify passes', async () => {
      const apply = await cli(sb, ['apply', '--cluster', 'demo', '--yes', '--mode', 'auto', ...FAST]);
      assert.equal(apply.code, 0, apply.stdout + apply.stderr);
      const verify = await cli(sb, ['verify', '--cluster', 'demo', '--wait', '60', '--poll-interval', '50']);
      assert.equal(verify.code, 0, verify.stdout + verify.stderr);
      assert.match(verify.stdout, /OK \(subnet discovery\)/);
      const calls = sb.trail().slice(trailBefore);
      assert.deepEqual(
        calls.filter((e) => NODE_CHANGES.includes(e.action)).map((e) => e.action),
        [],
        'no node group or instance change',
      );
      assert.ok(
        !calls.some((e) => e.action === 'CreateTags' && e.resources.some((r) => r.startsWith('subnet-'))),
        'the subnets were tagged at creation',
      );
      assert.ok(!calls.some((e) => !e.readOnly && /eniconfig/i.test(e.action)), 'no ENIConfig written');
    });

    it('tagged each new subnet for discovery at creation', async () => {
      const subnets = await podSubnets(sb);
      assert.equal(subnets.length, 3);
      for (const s of subnets) {
        const tags = Object.fromEntries((s.Tags ?? []).map((t) => [t.Key, t.Value]));
        assert.equal(tags['kubernetes.io/role/cni'], '1');
        assert.equal(tags['eks-cidr.io/cluster'], 'demo');
      }
      if (scenario === 'exhausted-old-cni') assert.equal(await addonVersion(sb), 'v1.19.2-eksbuild.1');
    });

    it('runs the pods that were stuck on the same nodes, with addresses from the new block', async () => {
      assert.deepEqual(await nodeNames(sb), nodesBefore, 'the same nodes');
      const pods = new Map((await webPods(sb)).map((p) => [p.metadata!.name!, p]));
      for (const [name, node] of stuckBefore) {
        const pod = pods.get(name);
        assert.equal(pod?.status?.phase, 'Running', `${name} runs`);
        assert.equal(pod.spec?.nodeName, node, `${name} is still on ${node}`);
        assert.ok(inBlock(pod.status?.podIP), `${name} has ${pod.status?.podIP}, from 100.64.0.0/16`);
      }
    });

    it('verify --smoke shows new pods on the existing nodes in the new subnets', async () => {
      const r = await cli(sb, [
        'verify',
        '--cluster',
        'demo',
        '--smoke',
        '--wait',
        '60',
        '--poll-interval',
        '50',
      ]);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /new pods on existing nodes with addresses from the new subnets: \S+ 100\.64\./);
    });

    it('a second apply makes no mutating call', async () => {
      const count = mutating(sb).length;
      const again = await cli(sb, ['apply', '--cluster', 'demo', '--yes', '--mode', 'auto', ...FAST]);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /Nothing to do/);
      assert.equal(mutating(sb).length, count);
    });
  });
}
