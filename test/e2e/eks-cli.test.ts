/**
 * The real AWS CLI v2 against the sandbox's EKS: describe-cluster, list-nodegroups (with --query and
 * --output json), describe-nodegroup, update-addon, and an error's exit code and message.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const AWS = '/usr/bin/aws';

describe(
  'AWS CLI v2 against the sandbox EKS',
  { skip: !existsSync(AWS) && 'AWS CLI v2 not installed' },
  () => {
    let sb: TestSandbox;

    before(async () => {
      sb = await startTestSandbox({ scenario: 'basic', tickIntervalMs: 50 });
    });
    after(async () => {
      await sb.cleanup();
    });

    /** Asynchronous: the sandbox answers from this same process. */
    function aws(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
      return new Promise((resolve) => {
        execFile(
          AWS,
          [...args, '--endpoint-url', sb.endpoint, '--output', 'json'],
          {
            env: { PATH: process.env['PATH'] ?? '', HOME: sb.stateDir, ...sb.env, AWS_PAGER: '' },
            encoding: 'utf8',
            timeout: 60_000,
          },
          (error, stdout, stderr) => {
            const code = error && typeof error.code === 'number' ? error.code : error ? null : 0;
            resolve({ status: code, stdout, stderr });
          },
        );
      });
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
      // https://127.0.0.1:<kubePort>/k8s/demo once the Kubernetes listener is mounted.
      assert.match(cluster.endpoint, /\/k8s\/demo$/);
      assert.equal(typeof cluster.certificateAuthority.data, 'string');
      if (cluster.endpoint.startsWith('https://')) assert.ok(cluster.certificateAuthority.data.length > 0);
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
  },
);
