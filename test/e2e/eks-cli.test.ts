/**
 * The real AWS CLI v2 against the sandbox's EKS: describe-cluster, list-nodegroups (with --query and
 * --output json), describe-nodegroup, update-addon, and an error's exit code and message.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { aws as awsCli, SKIP_AWS_CLI } from '../helpers/real-clients.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

describe('AWS CLI v2 against the sandbox EKS', { skip: SKIP_AWS_CLI }, () => {
  let sb: TestSandbox;

  before(async () => {
    sb = await startTestSandbox({ scenario: 'basic', tickIntervalMs: 50 });
  });
  after(async () => {
    await sb.cleanup();
  });

  async function aws(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
    const out = await awsCli(sb.clientConfig, args);
    return { status: out.code, stdout: out.stdout, stderr: out.stderr };
  }

  it('describe-cluster prints the cluster with its endpoint, CA and VPC config', async () => {
    const out = await aws('eks', 'describe-cluster', '--name', 'demo');
    assert.equal(out.status, 0, out.stderr);
    const { cluster } = JSON.parse(out.stdout) as {
      cluster: {
        name: string;
        status: string;
        endpoint: string;
        createdAt: string;
        certificateAuthority: { data: string };
        resourcesVpcConfig: { vpcId: string; subnetIds: string[]; clusterSecurityGroupId: string };
      };
    };
    assert.equal(cluster.name, 'demo');
    assert.equal(cluster.status, 'ACTIVE');
    assert.match(cluster.endpoint, /^https:\/\/127\.0\.0\.1:\d+\/k8s\/demo$/);
    assert.match(
      Buffer.from(cluster.certificateAuthority.data, 'base64').toString('utf8'),
      /^-----BEGIN CERTIFICATE-----/,
    );
    assert.match(cluster.resourcesVpcConfig.vpcId, /^vpc-[0-9a-f]{17}$/);
    assert.equal(cluster.resourcesVpcConfig.subnetIds.length, 3);
    assert.match(cluster.resourcesVpcConfig.clusterSecurityGroupId, /^sg-/);
    assert.ok(!Number.isNaN(Date.parse(cluster.createdAt)));
  });

  it('list-nodegroups and describe-nodegroup with --query', async () => {
    const list = await aws('eks', 'list-nodegroups', '--cluster-name', 'demo');
    assert.equal(list.status, 0, list.stderr);
    assert.deepEqual(JSON.parse(list.stdout), { nodegroups: ['demo-nodes'] });
    const status = await aws(
      'eks',
      'describe-nodegroup',
      '--cluster-name',
      'demo',
      '--nodegroup-name',
      'demo-nodes',
      '--query',
      '{status: nodegroup.status, desired: nodegroup.scalingConfig.desiredSize, lt: nodegroup.launchTemplate.name}',
    );
    assert.equal(status.status, 0, status.stderr);
    assert.deepEqual(JSON.parse(status.stdout), { status: 'ACTIVE', desired: 3, lt: 'demo-nodes' });
  });

  it('update-addon with --configuration-values, then describe-addon shows them', async () => {
    const values = '{"env":{"AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG":"true"}}';
    const update = await aws(
      'eks',
      'update-addon',
      '--cluster-name',
      'demo',
      '--addon-name',
      'vpc-cni',
      '--configuration-values',
      values,
      '--resolve-conflicts',
      'OVERWRITE',
    );
    assert.equal(update.status, 0, update.stderr);
    assert.equal((JSON.parse(update.stdout) as { update: { type: string } }).update.type, 'AddonUpdate');
    const addon = await aws('eks', 'describe-addon', '--cluster-name', 'demo', '--addon-name', 'vpc-cni');
    assert.equal(addon.status, 0, addon.stderr);
    assert.equal(
      (JSON.parse(addon.stdout) as { addon: { configurationValues: string } }).addon.configurationValues,
      values,
    );
  });

  it('an unknown cluster exits 254 with EKS error code and message', async () => {
    const out = await aws('eks', 'describe-cluster', '--name', 'nope');
    assert.equal(out.status, 254);
    assert.match(
      out.stderr,
      /\(ResourceNotFoundException\) when calling the DescribeCluster operation: No cluster found for name: nope\./,
    );
  });
});
