import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { activeCluster, eksTestWorld } from './test-support.js';

const role = 'arn:aws:iam::123456789012:role/eks-cluster';

describe('EKS clusters', () => {
  it('is CREATING until its due time, then ACTIVE with endpoint and CA', () => {
    const w = eksTestWorld({ clusterCreate: 5000 });
    const c = w.eks.createCluster({
      name: 'demo',
      roleArn: role,
      resourcesVpcConfig: { subnetIds: w.subnets },
    });
    assert.equal(c.status, 'CREATING');
    assert.equal(w.eks.connectionOf('demo'), undefined);
    w.clock.advance(4999);
    assert.equal(w.eks.tick(), false);
    assert.equal(w.eks.describeCluster('demo').status, 'CREATING');
    w.clock.advance(1);
    assert.equal(w.eks.tick(), true);
    assert.equal(w.eks.describeCluster('demo').status, 'ACTIVE');
    assert.deepEqual(w.eks.connectionOf('demo')?.endpoint, 'https://127.0.0.1:9443/k8s/demo');
    assert.deepEqual(w.kubeCalls, ['ensure demo']);
  });

  it('creates the cluster security group and two control-plane ENIs in the VPC', () => {
    const w = eksTestWorld();
    const c = w.eks.createCluster({
      name: 'demo',
      roleArn: role,
      resourcesVpcConfig: { subnetIds: w.subnets },
    });
    const sg = w.ec2.describeSecurityGroups({ groupIds: [c.resourcesVpcConfig.clusterSecurityGroupId] })[0];
    assert.ok(sg?.groupName.startsWith('eks-cluster-sg-demo-'));
    assert.equal(sg?.vpcId, w.vpcId);
    // EKS's default rules: all traffic from the group's own members in, all traffic out.
    assert.deepEqual(sg?.ipPermissions, [
      { ipProtocol: '-1', ipRanges: [], groupIds: [{ groupId: sg?.groupId, description: undefined }] },
    ]);
    assert.deepEqual(sg?.ipPermissionsEgress, [
      { ipProtocol: '-1', ipRanges: [{ cidrIp: '0.0.0.0/0', description: undefined }], groupIds: [] },
    ]);
    assert.equal(c.resourcesVpcConfig.vpcId, w.vpcId);
    assert.equal(c.controlPlaneEniIds.length, 2);
    assert.equal(c.kubernetesNetworkConfig.serviceIpv4Cidr, '172.20.0.0/16');
    assert.match(c.arn, /^arn:aws:eks:us-east-1:123456789012:cluster\/demo$/);
  });

  it('refuses a duplicate name, one zone, an unknown subnet, us-east-1e and a bad service CIDR', () => {
    const w = eksTestWorld();
    w.eks.createCluster({ name: 'demo', roleArn: role, resourcesVpcConfig: { subnetIds: w.subnets } });
    assert.throws(
      () =>
        w.eks.createCluster({ name: 'demo', roleArn: role, resourcesVpcConfig: { subnetIds: w.subnets } }),
      { code: 'ResourceInUseException', httpStatus: 409, message: 'Cluster already exists with name: demo' },
    );
    assert.throws(
      () =>
        w.eks.createCluster({
          name: 'one',
          roleArn: role,
          resourcesVpcConfig: { subnetIds: [w.subnets[0]!] },
        }),
      {
        code: 'InvalidParameterException',
        message: 'Subnets specified must be in at least two different AZs',
      },
    );
    assert.throws(
      () =>
        w.eks.createCluster({
          name: 'x',
          roleArn: role,
          resourcesVpcConfig: { subnetIds: ['subnet-0123456789abcdef0'] },
        }),
      (e: Error & { code?: string; fields?: object }) =>
        e.code === 'InvalidParameterException' &&
        /InvalidSubnetID.NotFound/.test(e.message) &&
        JSON.stringify(e.fields) === '{"clusterName":"x"}',
    );
    const e1 = w.ec2.createSubnet({
      vpcId: w.vpcId,
      cidrBlock: '10.0.50.0/24',
      availabilityZone: 'us-east-1e',
    });
    assert.throws(
      () =>
        w.eks.createCluster({
          name: 'e',
          roleArn: role,
          resourcesVpcConfig: { subnetIds: [w.subnets[0]!, e1.subnetId] },
        }),
      (e: Error & { code?: string; fields?: { validZones?: string[] } }) =>
        e.code === 'UnsupportedAvailabilityZoneException' && e.fields?.validZones?.join() === 'us-east-1a',
    );
    assert.throws(
      () =>
        w.eks.createCluster({
          name: 'svc',
          roleArn: role,
          resourcesVpcConfig: { subnetIds: w.subnets },
          kubernetesNetworkConfig: { serviceIpv4Cidr: '10.0.0.0/16' },
        }),
      { code: 'InvalidParameterException' },
    );
    assert.throws(
      () =>
        w.eks.createCluster({
          name: 'bad name',
          roleArn: role,
          resourcesVpcConfig: { subnetIds: w.subnets },
        }),
      { code: 'InvalidParameterException' },
    );
    assert.throws(
      () =>
        w.eks.createCluster({
          name: 'v',
          version: '1.10',
          roleArn: role,
          resourcesVpcConfig: { subnetIds: w.subnets },
        }),
      { code: 'InvalidParameterException' },
    );
  });

  it('answers ResourceNotFoundException with the cluster name for an unknown cluster', () => {
    const w = eksTestWorld();
    assert.throws(() => w.eks.describeCluster('nope'), {
      code: 'ResourceNotFoundException',
      httpStatus: 404,
      message: 'No cluster found for name: nope.',
      fields: { clusterName: 'nope' },
    });
    assert.equal(w.eks.getCluster('nope'), undefined);
  });

  it('refuses deletion while node groups exist, then DELETING -> gone releasing its ENIs', () => {
    const w = eksTestWorld({ clusterDelete: 1000 });
    activeCluster(w);
    w.eks.createNodegroup({ clusterName: 'demo', nodegroupName: 'ng', subnets: w.subnets, nodeRole: role });
    assert.throws(() => w.eks.deleteCluster('demo'), {
      code: 'ResourceInUseException',
      message: 'Cluster has nodegroups attached',
    });
    w.clock.advance(60_000);
    w.eks.tick();
    w.eks.deleteNodegroup('demo', 'ng');
    w.clock.advance(60_000);
    w.eks.tick();
    const enis = w.eks.describeCluster('demo').controlPlaneEniIds;
    assert.equal(w.eks.deleteCluster('demo').status, 'DELETING');
    w.clock.advance(999);
    w.eks.tick();
    assert.equal(w.eks.listClusters().length, 1);
    w.clock.advance(1);
    w.eks.tick();
    assert.deepEqual(w.eks.listClusters(), []);
    for (const id of enis) assert.equal(w.ec2.getNetworkInterface(id), undefined);
    assert.ok(w.kubeCalls.includes('remove demo'));
  });

  it('keeps its whole state in a JSON snapshot that a new model resumes from', () => {
    const w = eksTestWorld({ clusterCreate: 5000 });
    w.eks.createCluster({ name: 'demo', roleArn: role, resourcesVpcConfig: { subnetIds: w.subnets } });
    const snapshot = JSON.parse(JSON.stringify(w.eks.snapshot())) as ReturnType<typeof w.eks.snapshot>;
    assert.equal(snapshot.clusters['demo']?.cluster.status, 'CREATING');
  });
});
