/**
 * The simulated data plane over the wire: a whole sandbox (startSandbox) built from the `exhausted`
 * and `basic` scenarios, driven with the AWS SDK v3 and @kubernetes/client-node as eks-cidr drives
 * real AWS. Pods stuck ContainerCreating with the CNI's event when the node subnets are full; and
 * after custom networking is configured, only nodes launched afterwards give pods addresses from
 * the ENIConfig subnets.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AssociateVpcCidrBlockCommand,
  CreateSubnetCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateNodegroupCommand, DescribeNodegroupCommand, EKSClient } from '@aws-sdk/client-eks';
import { AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { kubeconfigYaml } from '../../src/sandbox/state/kubeconfig.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { clusterStaticToken } from '../../src/sandbox/server/auth/kube-tokens.js';

function kubeClients(sb: TestSandbox, cluster = 'demo') {
  const secrets = JSON.parse(readFileSync(join(sb.stateDir, 'kube-tls.json'), 'utf8')) as {
    caCertPem: string;
    token: string;
  };
  const kc = new KubeConfig();
  kc.loadFromString(
    kubeconfigYaml({
      clusters: [{ name: cluster, server: sb.sandbox.kubeEndpoint(cluster) }],
      caCertPem: secrets.caCertPem,
      token: (name) => clusterStaticToken(secrets.token, name),
    }),
  );
  return {
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    custom: kc.makeApiClient(CustomObjectsApi),
  };
}

/** Polls (each request ticks the sandbox) until `check` holds; no wall-clock assertions. */
async function eventually<T>(probe: () => Promise<T>, check: (value: T) => boolean, tries = 60): Promise<T> {
  let value = await probe();
  for (let i = 0; i < tries && !check(value); i++) {
    await new Promise((r) => setTimeout(r, 20));
    value = await probe();
  }
  return value;
}

const waitingReason = (p: V1Pod) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason;

describe('simulated data plane: exhausted node subnets', () => {
  it('leaves pods ContainerCreating with FailedCreatePodSandBox and the subnets without addresses', async () => {
    const sb = await startTestSandbox({ scenario: 'exhausted' });
    try {
      const { core } = kubeClients(sb);
      const pods = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=web' });
      const stuck = pods.items.filter((p) => p.spec?.nodeName && waitingReason(p) === 'ContainerCreating');
      const running = pods.items.filter((p) => p.status?.phase === 'Running');
      assert.ok(stuck.length > 0, 'some web pods must be stuck');
      assert.ok(running.length > 0, 'some web pods run on the addresses there were');
      for (const p of stuck) {
        assert.equal(p.status?.phase, 'Pending');
        assert.equal(p.status?.podIP, undefined);
      }
      const name = stuck[0]!.metadata!.name!;
      const events = await core.listNamespacedEvent({
        namespace: 'default',
        fieldSelector: `involvedObject.name=${name}`,
      });
      const sandbox = events.items.find((e) => e.reason === 'FailedCreatePodSandBox');
      assert.ok(sandbox, `a FailedCreatePodSandBox event for ${name}`);
      assert.equal(sandbox.type, 'Warning');
      assert.equal(sandbox.source?.component, 'kubelet');
      assert.match(
        sandbox.message ?? '',
        /^Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "[0-9a-f]{64}": plugin type="aws-cni" name="aws-cni" failed \(add\): add cmd: failed to assign an IP address to container$/,
      );

      const ec2 = new EC2Client(sb.clientConfig);
      const nodeIps = new Set(
        (await core.listNode()).items.map(
          (n) => n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address,
        ),
      );
      const subnets = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets ?? [];
      const nodeSubnets = subnets.filter((s) =>
        [...nodeIps].some((ip) => ip?.startsWith((s.CidrBlock ?? '').split('.').slice(0, 3).join('.') + '.')),
      );
      assert.ok(nodeSubnets.length > 0);
      // Too few addresses left for another ENI (1 primary + 9 secondary on an m5.large).
      for (const s of nodeSubnets) assert.ok((s.AvailableIpAddressCount ?? 99) < 10, JSON.stringify(s));
    } finally {
      await sb.cleanup();
    }
  });
});

describe('simulated data plane: custom networking', () => {
  it('gives new nodes ENIConfig-subnet addresses; old nodes keep their ENIs after aws-node restarts', async () => {
    const sb = await startTestSandbox({ scenario: 'basic' });
    try {
      const { core, apps, custom } = kubeClients(sb);
      const ec2 = new EC2Client(sb.clientConfig);
      const eks = new EKSClient(sb.clientConfig);
      const oldNodes = (await core.listNode()).items.map((n) => n.metadata!.name!);
      assert.ok(oldNodes.length > 0);

      // The article's procedure: a secondary block, one subnet per zone, ENIConfigs named by zone.
      const vpc = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs!.find(
        (v) => v.CidrBlock === '10.0.0.0/16',
      )!;
      await ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpc.VpcId, CidrBlock: '100.64.0.0/16' }));
      const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
      for (const [i, zone] of zones.entries()) {
        const subnet = await eventually(
          () =>
            ec2
              .send(
                new CreateSubnetCommand({
                  VpcId: vpc.VpcId,
                  CidrBlock: `100.64.${i * 32}.0/19`,
                  AvailabilityZone: zone,
                }),
              )
              .then((r) => r.Subnet)
              .catch(() => undefined),
          (s) => s !== undefined,
        );
        await custom.createClusterCustomObject({
          group: 'crd.k8s.amazonaws.com',
          version: 'v1alpha1',
          plural: 'eniconfigs',
          body: {
            apiVersion: 'crd.k8s.amazonaws.com/v1alpha1',
            kind: 'ENIConfig',
            metadata: { name: zone },
            spec: { subnet: subnet!.SubnetId, securityGroups: [] },
          },
        });
      }
      const ds = await apps.readNamespacedDaemonSet({ name: 'aws-node', namespace: 'kube-system' });
      const container = ds.spec!.template.spec!.containers.find((c) => c.name === 'aws-node')!;
      const env = (container.env ?? []).filter(
        (e) => e.name !== 'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG' && e.name !== 'ENI_CONFIG_LABEL_DEF',
      );
      container.env = [
        ...env,
        { name: 'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG', value: 'true' },
        { name: 'ENI_CONFIG_LABEL_DEF', value: 'topology.kubernetes.io/zone' },
      ];
      await apps.replaceNamespacedDaemonSet({ name: 'aws-node', namespace: 'kube-system', body: ds });

      // New nodes: a second managed node group in the same subnets.
      const existing = (
        await eks.send(new DescribeNodegroupCommand({ clusterName: 'demo', nodegroupName: 'demo-nodes' }))
      ).nodegroup!;
      await eks.send(
        new CreateNodegroupCommand({
          clusterName: 'demo',
          nodegroupName: 'rotated',
          subnets: existing.subnets,
          nodeRole: existing.nodeRole,
          instanceTypes: ['m5.large'],
          scalingConfig: { minSize: 3, maxSize: 3, desiredSize: 3 },
        }),
      );
      const nodes = await eventually(
        () => core.listNode({ labelSelector: 'eks.amazonaws.com/nodegroup=rotated' }),
        (l) =>
          l.items.length === 3 &&
          l.items.every((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')),
      );
      assert.equal(nodes.items.length, 3);

      const deploy = (name: string, nodegroup: string) =>
        apps.createNamespacedDeployment({
          namespace: 'default',
          body: {
            metadata: { name },
            spec: {
              replicas: 6,
              selector: { matchLabels: { app: name } },
              template: {
                metadata: { labels: { app: name } },
                spec: {
                  nodeSelector: { 'eks.amazonaws.com/nodegroup': nodegroup },
                  containers: [{ name: 'nginx', image: 'nginx' }],
                },
              },
            },
          },
        });
      await deploy('on-new', 'rotated');
      await deploy('on-old', 'demo-nodes');
      const running = (app: string) =>
        eventually(
          () => core.listNamespacedPod({ namespace: 'default', labelSelector: `app=${app}` }),
          (l) => l.items.length === 6 && l.items.every((p) => p.status?.phase === 'Running'),
        );
      for (const p of (await running('on-new')).items) assert.match(p.status?.podIP ?? '', /^100\.64\./);
      // aws-node restarted on the old nodes too: their existing ENIs keep serving (node subnet), the
      // primary ENI no longer does, and any new ENI goes to the ENIConfig subnet.
      for (const p of (await running('on-old')).items) {
        assert.match(p.status?.podIP ?? '', /^(10\.0\.|100\.64\.)/);
        assert.ok(oldNodes.includes(p.spec!.nodeName!));
      }

      // The ENIs the CNI created for the new nodes are real EC2 state in the ENIConfig subnets.
      const enis = (
        await ec2.send(
          new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'description', Values: ['aws-K8S-*'] }] }),
        )
      ).NetworkInterfaces!;
      assert.ok(enis.some((e) => e.PrivateIpAddress?.startsWith('100.64.')));
      assert.ok(
        enis.every((e) =>
          e.TagSet?.some(
            (t) => t.Key === 'node.k8s.amazonaws.com/instance_id' && e.Description === `aws-K8S-${t.Value}`,
          ),
        ),
      );
    } finally {
      await sb.cleanup();
    }
  });
});
