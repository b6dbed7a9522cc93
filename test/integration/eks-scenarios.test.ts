/**
 * The `exhausted` scenario seen over the wire, as the planner sees it: the VPC by Name tag, nearly
 * full node subnets, cluster, node group and vpc-cni add-on ACTIVE, and the Kubernetes API reached
 * with nothing but DescribeCluster's endpoint and certificate authority (TLS verification on).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppsV1Api, KubeConfig } from '@kubernetes/client-node';
import { DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  EKSClient,
} from '@aws-sdk/client-eks';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { clusterStaticToken } from '../../src/sandbox/server/auth/kube-tokens.js';

describe('scenario exhausted over the wire', () => {
  let sb: TestSandbox;
  let eks: EKSClient;
  let ec2: EC2Client;

  before(async () => {
    sb = await startTestSandbox({ scenario: 'exhausted' });
    eks = new EKSClient(sb.clientConfig);
    ec2 = new EC2Client(sb.clientConfig);
  });
  after(async () => {
    eks.destroy();
    ec2.destroy();
    await sb.cleanup();
  });

  it('has the VPC by Name tag with nearly full /24 node subnets', async () => {
    const vpcs = await ec2.send(
      new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: ['demo-vpc'] }] }),
    );
    assert.equal(vpcs.Vpcs?.length, 1);
    const { cluster } = await eks.send(new DescribeClusterCommand({ name: 'demo' }));
    assert.equal(cluster?.resourcesVpcConfig?.vpcId, vpcs.Vpcs?.[0]?.VpcId);
    const subnets = await ec2.send(
      new DescribeSubnetsCommand({ SubnetIds: cluster?.resourcesVpcConfig?.subnetIds }),
    );
    assert.deepEqual(subnets.Subnets?.map((s) => s.AvailabilityZone).sort(), [
      'us-east-1a',
      'us-east-1b',
      'us-east-1c',
    ]);
    for (const subnet of subnets.Subnets ?? []) {
      assert.match(subnet.CidrBlock ?? '', /\/24$/);
      assert.ok(
        (subnet.AvailableIpAddressCount ?? 999) <= 12,
        `${subnet.SubnetId}: ${subnet.AvailableIpAddressCount}`,
      );
    }
  });

  it('has the node group and the vpc-cni add-on ACTIVE', async () => {
    const { nodegroup } = await eks.send(
      new DescribeNodegroupCommand({ clusterName: 'demo', nodegroupName: 'demo-nodes' }),
    );
    assert.equal(nodegroup?.status, 'ACTIVE');
    assert.equal(nodegroup?.launchTemplate?.name, 'demo-nodes');
    const { addon } = await eks.send(new DescribeAddonCommand({ clusterName: 'demo', addonName: 'vpc-cni' }));
    assert.equal(addon?.status, 'ACTIVE');
  });

  it("reaches the cluster's Kubernetes API from DescribeCluster's endpoint and CA alone", async () => {
    const { cluster } = await eks.send(new DescribeClusterCommand({ name: 'demo' }));
    const endpoint = cluster?.endpoint ?? '';
    assert.match(endpoint, /^https:\/\/127\.0\.0\.1:\d+\/k8s\/demo$/);
    const { token } = JSON.parse(readFileSync(join(sb.stateDir, 'kube-tls.json'), 'utf8')) as {
      token: string;
    };
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: 'demo',
          server: endpoint,
          caData: cluster?.certificateAuthority?.data ?? '',
          skipTLSVerify: false,
        },
      ],
      users: [{ name: 'demo', token: clusterStaticToken(token, 'demo') }],
      contexts: [{ name: 'demo', cluster: 'demo', user: 'demo' }],
      currentContext: 'demo',
    });
    const apps = kc.makeApiClient(AppsV1Api);
    const web = await apps.readNamespacedDeployment({ name: 'web', namespace: 'default' });
    assert.equal(web.spec?.replicas, 45);
    const awsNode = await apps.readNamespacedDaemonSet({ name: 'aws-node', namespace: 'kube-system' });
    const env = awsNode.spec?.template.spec?.containers.find((c) => c.name === 'aws-node')?.env ?? [];
    assert.equal(env.find((e) => e.name === 'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG')?.value, 'false');
  });
});
