/**
 * Prefix delegation over the wire: with ENABLE_PREFIX_DELEGATION=true on aws-node, nodes launched
 * afterwards (m5.large, Nitro) get /28 prefixes on their ENIs, visible in DescribeNetworkInterfaces'
 * Ipv4Prefixes, and their pods get addresses from inside those prefixes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeNetworkInterfacesCommand, DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateNodegroupCommand, DescribeNodegroupCommand, EKSClient } from '@aws-sdk/client-eks';
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { contains, parseCidr, parseIPv4 } from '../../src/shared/cidr/index.js';
import { kubeconfigYaml } from '../../src/sandbox/state/kubeconfig.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { clusterStaticToken } from '../../src/sandbox/server/auth/kube-tokens.js';

async function eventually<T>(probe: () => Promise<T>, check: (value: T) => boolean, tries = 60): Promise<T> {
  let value = await probe();
  for (let i = 0; i < tries && !check(value); i++) {
    await new Promise((r) => setTimeout(r, 20));
    value = await probe();
  }
  return value;
}

describe('simulated data plane: prefix delegation', () => {
  it('gives pods on a prefix-delegation node addresses inside its ENIs /28 prefixes', async () => {
    const sb = await startTestSandbox({ scenario: 'basic' });
    try {
      const secrets = JSON.parse(readFileSync(join(sb.stateDir, 'kube-tls.json'), 'utf8')) as {
        caCertPem: string;
        token: string;
      };
      const kc = new KubeConfig();
      kc.loadFromString(
        kubeconfigYaml({
          clusters: [{ name: 'demo', server: sb.sandbox.kubeEndpoint('demo') }],
          caCertPem: secrets.caCertPem,
          token: (name) => clusterStaticToken(secrets.token, name),
        }),
      );
      const core = kc.makeApiClient(CoreV1Api);
      const apps = kc.makeApiClient(AppsV1Api);
      const ec2 = new EC2Client(sb.clientConfig);
      const eks = new EKSClient(sb.clientConfig);

      const ds = await apps.readNamespacedDaemonSet({ name: 'aws-node', namespace: 'kube-system' });
      const container = ds.spec!.template.spec!.containers.find((c) => c.name === 'aws-node')!;
      container.env = [
        ...(container.env ?? []).filter((e) => e.name !== 'ENABLE_PREFIX_DELEGATION'),
        { name: 'ENABLE_PREFIX_DELEGATION', value: 'true' },
      ];
      await apps.replaceNamespacedDaemonSet({ name: 'aws-node', namespace: 'kube-system', body: ds });

      const existing = (
        await eks.send(new DescribeNodegroupCommand({ clusterName: 'demo', nodegroupName: 'demo-nodes' }))
      ).nodegroup!;
      await eks.send(
        new CreateNodegroupCommand({
          clusterName: 'demo',
          nodegroupName: 'pd',
          subnets: existing.subnets!.slice(0, 1),
          nodeRole: existing.nodeRole,
          instanceTypes: ['m5.large'],
          scalingConfig: { minSize: 1, maxSize: 1, desiredSize: 1 },
        }),
      );
      const nodes = await eventually(
        () => core.listNode({ labelSelector: 'eks.amazonaws.com/nodegroup=pd' }),
        (l) =>
          l.items.length === 1 &&
          l.items.every((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')),
      );
      const node = nodes.items[0]!;
      const instanceId = node.spec!.providerID!.split('/').at(-1)!;
      const subnetsBefore = (
        await ec2.send(new DescribeSubnetsCommand({ SubnetIds: existing.subnets!.slice(0, 1) }))
      ).Subnets!;

      await apps.createNamespacedDeployment({
        namespace: 'default',
        body: {
          metadata: { name: 'on-pd' },
          spec: {
            replicas: 20,
            selector: { matchLabels: { app: 'on-pd' } },
            template: {
              metadata: { labels: { app: 'on-pd' } },
              spec: {
                nodeSelector: { 'eks.amazonaws.com/nodegroup': 'pd' },
                containers: [{ name: 'nginx', image: 'nginx' }],
              },
            },
          },
        },
      });
      const pods = await eventually(
        () => core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=on-pd' }),
        (l) => l.items.length === 20 && l.items.every((p) => p.status?.phase === 'Running'),
      );
      assert.equal(pods.items.length, 20);

      const enis = (
        await ec2.send(
          new DescribeNetworkInterfacesCommand({
            Filters: [{ Name: 'attachment.instance-id', Values: [instanceId] }],
          }),
        )
      ).NetworkInterfaces!;
      const prefixes = enis.flatMap((e) => (e.Ipv4Prefixes ?? []).map((p) => p.Ipv4Prefix!));
      // 20 pods and one warm prefix: at least two /28s, and no secondary addresses.
      assert.ok(prefixes.length >= 2, JSON.stringify(prefixes));
      assert.ok(enis.every((e) => (e.PrivateIpAddresses ?? []).length === 1));
      for (const prefix of prefixes) {
        const block = parseCidr(prefix);
        assert.equal(block.prefix, 28);
        assert.equal(block.network % 16, 0);
      }
      for (const p of pods.items) {
        assert.equal(p.spec?.nodeName, node.metadata!.name);
        const ip = parseIPv4(p.status!.podIP!);
        assert.ok(
          prefixes.some((prefix) => contains(parseCidr(prefix), ip)),
          `${p.status?.podIP} is inside ${prefixes.join(', ')}`,
        );
      }
      assert.equal(new Set(pods.items.map((p) => p.status?.podIP)).size, 20);
      // Each prefix takes 16 addresses from the subnet.
      const after = (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: existing.subnets!.slice(0, 1) })))
        .Subnets!;
      assert.ok(
        subnetsBefore[0]!.AvailableIpAddressCount! - after[0]!.AvailableIpAddressCount! >= 16,
        'the new prefixes came out of the subnet',
      );
    } finally {
      await sb.cleanup();
    }
  });
});
