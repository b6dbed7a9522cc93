/**
 * destroy after an apply whose existing nodes put ENIs in the new subnets: under subnet discovery
 * (the nodes use the tagged subnets for their next ENI) and under custom networking with
 * --no-rotate-nodes (aws-node restarts on every node when its env changes, as on EKS). The VPC CNI
 * never releases those ENIs, so destroy refuses (exit 2, nothing changed) while they remain; --force
 * tags the subnets `kubernetes.io/role/cni=0` (subnet discovery), replaces those nodes one at a time
 * without changing their node group, then deletes only what carries the ownership tags.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateSubnetCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { DescribeNodegroupCommand, EKSClient, ListNodegroupsCommand } from '@aws-sdk/client-eks';
import { AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import type { TestSandbox } from '../helpers/sandbox.js';
import { FAST, FAST_IPAMD_RETRY, cli, mutating, startScenario } from './apply-harness.js';

const ENI = { group: 'crd.k8s.amazonaws.com', version: 'v1alpha1', plural: 'eniconfigs' };

const MODES = [
  { mode: 'subnet-discovery', apply: ['--mode', 'subnet-discovery'] },
  { mode: 'custom-networking', apply: ['--mode', 'custom-networking', '--no-rotate-nodes'] },
] as const;

for (const { mode, apply } of MODES) {
  describe(`destroy after a ${mode} apply that kept the nodes`, () => {
    let sb: TestSandbox;
    let ec2: EC2Client;
    let eks: EKSClient;
    let kc: KubeConfig;
    before(async () => {
      sb = await startScenario('exhausted', { timing: FAST_IPAMD_RETRY });
      ec2 = new EC2Client(sb.clientConfig);
      eks = new EKSClient(sb.clientConfig);
      kc = new KubeConfig();
      kc.loadFromFile(sb.sandbox.paths!.kubeconfig);
    });
    after(async () => {
      ec2.destroy();
      eks.destroy();
      await sb.cleanup();
    });

    it('refuses while nodes hold ENIs in the pod subnets; --force replaces them and undoes only what it owns', async () => {
      const applied = await cli(sb, ['apply', '--cluster', 'demo', '--yes', ...apply, ...FAST]);
      assert.equal(applied.code, 0, applied.stderr + applied.stdout);
      const verify = await cli(sb, ['verify', '--cluster', 'demo', '--wait', '60', '--poll-interval', '50']);
      if (mode === 'subnet-discovery') assert.equal(verify.code, 0, verify.stdout + verify.stderr);
      const vpcId = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId!;
      // Someone else's subnet in the pod block, and someone else's ENIConfig.
      const foreign = await ec2.send(
        new CreateSubnetCommand({
          VpcId: vpcId,
          CidrBlock: '100.64.250.0/24',
          AvailabilityZone: 'us-east-1a',
        }),
      );
      const custom = kc.makeApiClient(CustomObjectsApi);
      await custom.createClusterCustomObject({
        ...ENI,
        body: {
          apiVersion: 'crd.k8s.amazonaws.com/v1alpha1',
          kind: 'ENIConfig',
          metadata: { name: 'theirs' },
          spec: { subnet: foreign.Subnet!.SubnetId },
        },
      });
      const groupsBefore = (await eks.send(new ListNodegroupsCommand({ clusterName: 'demo' }))).nodegroups;
      const sizeBefore = (
        await eks.send(new DescribeNodegroupCommand({ clusterName: 'demo', nodegroupName: 'demo-nodes' }))
      ).nodegroup!.scalingConfig;

      const prompt = await cli(sb, ['destroy', '--cluster', 'demo', '--force']);
      assert.equal(prompt.code, 2, 'no terminal and no --yes: refuse to prompt');
      assert.match(prompt.stderr, /E_CONFIRMATION_REQUIRED/);

      const count = mutating(sb).length;
      const dry = await cli(sb, ['destroy', '--cluster', 'demo', '--dry-run', '--force']);
      assert.equal(dry.code, 0, dry.stderr);
      assert.match(dry.stdout, /~ replace ip-\S+ \(i-[0-9a-f]+, demo-nodes\).* one at a time/);
      if (mode === 'subnet-discovery')
        assert.match(dry.stdout, /~ remove tag kubernetes\.io\/role\/cni from subnet-/);
      const refused = await cli(sb, ['destroy', '--cluster', 'demo', '--yes', ...FAST]);
      assert.equal(refused.code, 2, refused.stderr + refused.stdout);
      assert.match(refused.stderr, /E_POD_SUBNETS_IN_USE/);
      assert.match(refused.stderr, /\(i-[0-9a-f]+, demo-nodes\) hold network interfaces in them/);
      assert.match(refused.stderr, /eks-cidr destroy --cluster demo --yes --force/);
      if (mode === 'subnet-discovery')
        assert.match(refused.stderr, /remove their kubernetes\.io\/role\/cni tag/);
      assert.equal(mutating(sb).length, count, 'nothing was changed');

      // Without the new block the node subnets hold 27 pod addresses: the workload must fit them, or
      // the disruption budgets (coredns's) rightly stop the drain of the next node.
      const apps = kc.makeApiClient(AppsV1Api);
      const web = await apps.readNamespacedDeployment({ name: 'web', namespace: 'default' });
      web.spec!.replicas = 10;
      await apps.replaceNamespacedDeployment({ name: 'web', namespace: 'default', body: web });

      const r = await cli(sb, ['destroy', '--cluster', 'demo', '--yes', '--force', ...FAST]);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      const subnets = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets ?? [];
      assert.deepEqual(
        subnets.filter((s) => s.CidrBlock?.startsWith('100.64.')).map((s) => s.SubnetId),
        [foreign.Subnet!.SubnetId],
      );
      const assoc = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs![0]!.CidrBlockAssociationSet ?? [];
      assert.ok(
        assoc.some((a) => a.CidrBlock === '100.64.0.0/16' && a.CidrBlockState?.State === 'associated'),
        'the block holding a foreign subnet stays',
      );
      const left = (await custom.listClusterCustomObject(ENI)) as { items: { metadata: { name: string } }[] };
      assert.deepEqual(
        left.items.map((i) => i.metadata.name),
        ['theirs'],
      );
      assert.match(r.stdout, /kept .*theirs/);

      const calls = mutating(sb).slice(count);
      assert.ok(
        !calls.some((e) => e.resources.includes(foreign.Subnet!.SubnetId!) && e.action !== 'CreateSubnet'),
        'the foreign subnet was not touched',
      );
      assert.deepEqual(
        calls.filter((e) => /Nodegroup/.test(e.action)).map((e) => e.action),
        [],
        'no node group was created, changed or deleted',
      );
      assert.deepEqual(
        (await eks.send(new ListNodegroupsCommand({ clusterName: 'demo' }))).nodegroups,
        groupsBefore,
      );
      assert.deepEqual(
        (await eks.send(new DescribeNodegroupCommand({ clusterName: 'demo', nodegroupName: 'demo-nodes' })))
          .nodegroup!.scalingConfig,
        sizeBefore,
      );
      const order = (action: string) => calls.findIndex((e) => e.action === action);
      assert.ok(order('TerminateInstances') >= 0, 'the nodes holding ENIs were replaced');
      assert.ok(order('TerminateInstances') < order('DeleteSubnet'), 'replaced before the subnets go');
      if (mode === 'subnet-discovery') {
        // exhausted runs VPC CNI 1.19, which reads only the tag's key: destroy removes the key.
        assert.match(r.stdout, /remove tag kubernetes\.io\/role\/cni from subnet/);
        const untagged = calls.findIndex(
          (e) => e.action === 'DeleteTags' && e.resources.some((x) => x.startsWith('subnet-')),
        );
        assert.ok(
          untagged >= 0 && untagged < order('TerminateInstances'),
          'out of discovery before the first node goes',
        );
      }

      const core = kc.makeApiClient(CoreV1Api);
      const pods = (await core.listPodForAllNamespaces()).items;
      assert.ok(
        !pods.some((p) => p.status?.podIP?.startsWith('100.64.')),
        'no pod address is left in the removed subnets',
      );
    });
  });
}
