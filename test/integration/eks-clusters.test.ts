/**
 * EKS over the wire through @aws-sdk/client-eks with only the endpoint changed: clusters, their
 * shapes (epoch-second timestamps, resourcesVpcConfig, certificate authority), errors with EKS's
 * extra fields, and list pagination.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ResourceInUseException } from '@aws-sdk/client-eks';
import {
  CreateClusterCommand,
  DeleteClusterCommand,
  DescribeClusterCommand,
  EKSClient,
  ListClustersCommand,
  ResourceNotFoundException,
  paginateListClusters,
} from '@aws-sdk/client-eks';
import {
  EC2Client,
  DescribeSecurityGroupsCommand,
  DescribeNetworkInterfacesCommand,
} from '@aws-sdk/client-ec2';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

describe('EKS clusters over REST-JSON', () => {
  let sb: TestSandbox;
  let eks: EKSClient;
  let ec2: EC2Client;
  let subnets: string[];

  before(async () => {
    sb = await startTestSandbox({ scenario: 'basic' });
    eks = new EKSClient(sb.clientConfig);
    ec2 = new EC2Client(sb.clientConfig);
    const { cluster } = await eks.send(new DescribeClusterCommand({ name: 'demo' }));
    subnets = cluster?.resourcesVpcConfig?.subnetIds ?? [];
  });
  after(async () => {
    eks.destroy();
    ec2.destroy();
    await sb.cleanup();
  });

  it('describes the scenario cluster with its endpoint, CA, VPC config and epoch-second createdAt', async () => {
    const { cluster } = await eks.send(new DescribeClusterCommand({ name: 'demo' }));
    assert.equal(cluster?.status, 'ACTIVE');
    assert.equal(cluster?.version, '1.31');
    assert.match(cluster?.arn ?? '', /^arn:aws:eks:us-east-1:\d{12}:cluster\/demo$/);
    assert.ok(cluster?.createdAt instanceof Date);
    assert.ok(Math.abs((cluster?.createdAt?.getTime() ?? 0) - Date.now()) < 3_600_000);
    assert.match(cluster?.endpoint ?? '', /\/k8s\/demo$/);
    assert.equal(typeof cluster?.certificateAuthority?.data, 'string');
    const vpc = cluster?.resourcesVpcConfig;
    assert.match(vpc?.vpcId ?? '', /^vpc-/);
    assert.equal(vpc?.subnetIds?.length, 3);
    assert.equal(vpc?.endpointPublicAccess, true);
    const sgs = await ec2.send(
      new DescribeSecurityGroupsCommand({ GroupIds: [vpc?.clusterSecurityGroupId ?? ''] }),
    );
    assert.equal(sgs.SecurityGroups?.[0]?.VpcId, vpc?.vpcId);
    assert.deepEqual(cluster?.kubernetesNetworkConfig?.serviceIpv4Cidr, '10.100.0.0/16');
    assert.equal(cluster?.kubernetesNetworkConfig?.ipFamily, 'ipv4');
    assert.match(
      cluster?.identity?.oidc?.issuer ?? '',
      /^https:\/\/oidc\.eks\.us-east-1\.amazonaws\.com\/id\/[0-9A-F]{32}$/,
    );
  });

  it('creates a cluster CREATING, whose control-plane ENIs hold subnet addresses, and deletes it', async () => {
    const created = await eks.send(
      new CreateClusterCommand({
        name: 'second',
        roleArn: 'arn:aws:iam::000000000000:role/eks',
        resourcesVpcConfig: { subnetIds: subnets.slice(0, 2) },
        tags: { team: 'net' },
      }),
    );
    assert.equal(created.cluster?.status, 'CREATING');
    assert.deepEqual(created.cluster?.tags, { team: 'net' });
    const enis = await ec2.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [{ Name: 'description', Values: ['Amazon EKS second'] }],
      }),
    );
    assert.equal(enis.NetworkInterfaces?.length, 2);
    // Instant timing: the next request sees it ACTIVE.
    const described = await eks.send(new DescribeClusterCommand({ name: 'second' }));
    assert.equal(described.cluster?.status, 'ACTIVE');
    const deleted = await eks.send(new DeleteClusterCommand({ name: 'second' }));
    assert.equal(deleted.cluster?.status, 'DELETING');
    await assert.rejects(eks.send(new DescribeClusterCommand({ name: 'second' })), ResourceNotFoundException);
  });

  it('returns ResourceNotFoundException (404) with the message and clusterName', async () => {
    await assert.rejects(
      eks.send(new DescribeClusterCommand({ name: 'missing' })),
      (e: ResourceNotFoundException) => {
        assert.equal(e.name, 'ResourceNotFoundException');
        assert.equal(e.$metadata.httpStatusCode, 404);
        assert.equal(e.message, 'No cluster found for name: missing.');
        assert.equal(e.clusterName, 'missing');
        return true;
      },
    );
  });

  it('refuses a duplicate cluster (409) and a delete while node groups exist', async () => {
    const input = {
      name: 'demo',
      roleArn: 'arn:aws:iam::000000000000:role/eks',
      resourcesVpcConfig: { subnetIds: subnets },
    };
    await assert.rejects(eks.send(new CreateClusterCommand(input)), (e: ResourceInUseException) => {
      assert.equal(e.$metadata.httpStatusCode, 409);
      assert.equal(e.clusterName, 'demo');
      return true;
    });
    await assert.rejects(eks.send(new DeleteClusterCommand({ name: 'demo' })), {
      name: 'ResourceInUseException',
      message: 'Cluster has nodegroups attached',
    });
  });

  it('refuses subnets in one zone and us-east-1e with EKS errors', async () => {
    await assert.rejects(
      eks.send(
        new CreateClusterCommand({
          name: 'onezone',
          roleArn: 'arn:aws:iam::000000000000:role/eks',
          resourcesVpcConfig: { subnetIds: subnets.slice(0, 1) },
        }),
      ),
      {
        name: 'InvalidParameterException',
        message: 'Subnets specified must be in at least two different AZs',
      },
    );
  });

  it('pages ListClusters with maxResults and nextToken, and refuses maxResults over 100', async () => {
    for (const name of ['p1', 'p2', 'p3']) {
      await eks.send(
        new CreateClusterCommand({
          name,
          roleArn: 'arn:aws:iam::000000000000:role/eks',
          resourcesVpcConfig: { subnetIds: subnets },
        }),
      );
    }
    const first = await eks.send(new ListClustersCommand({ maxResults: 2 }));
    assert.deepEqual(first.clusters, ['demo', 'p1']);
    assert.ok(first.nextToken);
    const all: string[] = [];
    for await (const page of paginateListClusters({ client: eks, pageSize: 1 }, {}))
      all.push(...(page.clusters ?? []));
    assert.deepEqual(all, ['demo', 'p1', 'p2', 'p3']);
    await assert.rejects(eks.send(new ListClustersCommand({ maxResults: 101 })), {
      name: 'InvalidParameterException',
    });
    await assert.rejects(eks.send(new ListClustersCommand({ nextToken: 'garbage' })), {
      name: 'InvalidParameterException',
    });
  });

  it('records EKS calls in the trail with readOnly and the error code', () => {
    const trail = sb.trail().filter((t) => t.service === 'eks');
    const describe = trail.find((t) => t.action === 'DescribeCluster');
    assert.equal(describe?.readOnly, true);
    const failed = trail.find(
      (t) => t.action === 'DescribeCluster' && t.errorCode === 'ResourceNotFoundException',
    );
    assert.ok(failed);
    assert.equal(trail.find((t) => t.action === 'CreateCluster')?.readOnly, false);
  });
});
