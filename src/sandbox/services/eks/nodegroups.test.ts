import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { activeCluster, eksTestWorld } from './test-support.js';
import type { EksTestWorld } from './test-support.js';

const role = 'arn:aws:iam::123456789012:role/node';

function tagsOf(w: EksTestWorld, instanceId: string): Record<string, string> {
  const instance = w.ec2.getInstance(instanceId);
  return Object.fromEntries((instance?.tags ?? []).map((t) => [t.key, t.value]));
}

describe('EKS managed node groups', () => {
  it('launches desiredSize instances round-robin across its subnets, tagged as EKS does', () => {
    const w = eksTestWorld({ nodegroupCreate: 3000 });
    activeCluster(w);
    const ng = w.eks.createNodegroup({
      clusterName: 'demo',
      nodegroupName: 'ng-1',
      subnets: w.subnets,
      nodeRole: role,
      instanceTypes: ['m5.large'],
      scalingConfig: { minSize: 1, maxSize: 10, desiredSize: 5 },
    });
    assert.equal(ng.status, 'CREATING');
    assert.equal(ng.instances.length, 5);
    assert.deepEqual(
      ng.instances.map((i) => i.subnetId),
      [w.subnets[0], w.subnets[1], w.subnets[2], w.subnets[0], w.subnets[1]],
    );
    const first = ng.instances[0]!.instanceId;
    const instance = w.ec2.getInstance(first);
    assert.equal(instance?.instanceType, 'm5.large');
    assert.equal(instance?.availabilityZone, 'us-east-1a');
    assert.deepEqual(instance?.securityGroupIds, [
      w.eks.describeCluster('demo').resourcesVpcConfig.clusterSecurityGroupId,
    ]);
    const tags = tagsOf(w, first);
    assert.equal(tags['eks:cluster-name'], 'demo');
    assert.equal(tags['eks:nodegroup-name'], 'ng-1');
    assert.equal(tags['aws:autoscaling:groupName'], ng.autoScalingGroupName);
    assert.match(ng.autoScalingGroupName, /^eks-ng-1-[0-9a-f-]{36}$/);
    assert.equal(ng.amiType, 'AL2023_x86_64_STANDARD');
    w.clock.advance(2999);
    w.eks.tick();
    assert.equal(w.eks.describeNodegroup('demo', 'ng-1').status, 'CREATING');
    w.clock.advance(1);
    w.eks.tick();
    assert.equal(w.eks.describeNodegroup('demo', 'ng-1').status, 'ACTIVE');
  });

  it("uses the launch template's version, instance type and user data", () => {
    const w = eksTestWorld();
    activeCluster(w);
    const userData = Buffer.from('#!/bin/bash\n/etc/eks/bootstrap.sh demo --use-max-pods false').toString(
      'base64',
    );
    const lt = w.ec2.createLaunchTemplate({
      launchTemplateName: 'nodes',
      data: { instanceType: 'm5.large', userData, securityGroupIds: [], securityGroups: [] },
    });
    const ng = w.eks.createNodegroup({
      clusterName: 'demo',
      nodegroupName: 'lt',
      subnets: w.subnets,
      nodeRole: role,
      launchTemplate: { name: 'nodes' },
      scalingConfig: { minSize: 1, maxSize: 3, desiredSize: 1 },
    });
    assert.deepEqual(ng.launchTemplate, { id: lt.launchTemplateId, name: 'nodes', version: '1' });
    assert.deepEqual(ng.instanceTypes, []);
    assert.equal(ng.diskSize, undefined);
    const instance = w.ec2.getInstance(ng.instances[0]!.instanceId);
    assert.equal(instance?.instanceType, 'm5.large');
    assert.equal(instance?.userData, userData);
    assert.equal(instance?.launchTemplate?.launchTemplateId, lt.launchTemplateId);
    assert.throws(
      () =>
        w.eks.createNodegroup({
          clusterName: 'demo',
          nodegroupName: 'lt2',
          subnets: w.subnets,
          nodeRole: role,
          launchTemplate: { name: 'nodes' },
          instanceTypes: ['m5.xlarge'],
        }),
      { code: 'InvalidParameterException' },
    );
    assert.throws(
      () =>
        w.eks.createNodegroup({
          clusterName: 'demo',
          nodegroupName: 'lt3',
          subnets: w.subnets,
          nodeRole: role,
          launchTemplate: { name: 'nodes' },
          diskSize: 50,
        }),
      {
        code: 'InvalidParameterException',
        message: 'Disk size must be specified within the launch template.',
      },
    );
    assert.throws(
      () =>
        w.eks.createNodegroup({
          clusterName: 'demo',
          nodegroupName: 'lt4',
          subnets: w.subnets,
          nodeRole: role,
          launchTemplate: { name: 'missing' },
        }),
      { code: 'InvalidParameterException' },
    );
  });

  it('scales out and in with UpdateNodegroupConfig, recording an update', () => {
    const w = eksTestWorld({ nodegroupUpdate: 2000 });
    activeCluster(w);
    w.eks.createNodegroup({
      clusterName: 'demo',
      nodegroupName: 'ng',
      subnets: w.subnets,
      nodeRole: role,
      scalingConfig: { minSize: 0, maxSize: 6, desiredSize: 3 },
    });
    w.clock.advance(60_000);
    w.eks.tick();
    const up = w.eks.updateNodegroupConfig('demo', 'ng', { scalingConfig: { desiredSize: 6 } });
    assert.equal(up.status, 'InProgress');
    assert.equal(up.type, 'ConfigUpdate');
    assert.deepEqual(up.params, [{ type: 'DesiredSize', value: '6' }]);
    assert.equal(w.eks.describeNodegroup('demo', 'ng').status, 'UPDATING');
    assert.equal(w.eks.describeNodegroup('demo', 'ng').instances.length, 6);
    assert.throws(() => w.eks.updateNodegroupConfig('demo', 'ng', { scalingConfig: { desiredSize: 2 } }), {
      code: 'ResourceInUseException',
    });
    w.clock.advance(2000);
    w.eks.tick();
    assert.equal(w.eks.describeUpdate('demo', up.id, { nodegroupName: 'ng' }).status, 'Successful');
    assert.deepEqual(w.eks.listUpdates('demo', { nodegroupName: 'ng' }), [up.id]);

    const before = w.eks.describeNodegroup('demo', 'ng').instances.map((i) => i.instanceId);
    w.eks.updateNodegroupConfig('demo', 'ng', { scalingConfig: { desiredSize: 1 } });
    const after = w.eks.describeNodegroup('demo', 'ng').instances;
    assert.equal(after.length, 1);
    const gone = before.filter((id) => !after.some((i) => i.instanceId === id));
    for (const id of gone) assert.equal(w.ec2.getInstance(id)?.state, 'shutting-down');
  });

  it('refuses sizes EKS refuses, with its messages', () => {
    const w = eksTestWorld();
    activeCluster(w);
    const base = { clusterName: 'demo', subnets: w.subnets, nodeRole: role };
    assert.throws(
      () =>
        w.eks.createNodegroup({
          ...base,
          nodegroupName: 'a',
          scalingConfig: { minSize: 3, maxSize: 5, desiredSize: 2 },
        }),
      { code: 'InvalidParameterException', message: "minSize can't be greater than desiredSize" },
    );
    assert.throws(
      () =>
        w.eks.createNodegroup({
          ...base,
          nodegroupName: 'b',
          scalingConfig: { minSize: 1, maxSize: 2, desiredSize: 3 },
        }),
      { code: 'InvalidParameterException', message: "desiredSize can't be greater than maxSize" },
    );
    w.eks.createNodegroup({
      ...base,
      nodegroupName: 'c',
      scalingConfig: { minSize: 1, maxSize: 4, desiredSize: 2 },
    });
    w.clock.advance(60_000);
    w.eks.tick();
    assert.throws(() => w.eks.updateNodegroupConfig('demo', 'c', { scalingConfig: { minSize: 3 } }), {
      code: 'InvalidParameterException',
      message: "Minimum capacity 3 can't be greater than desired size 2",
    });
    assert.throws(() => w.eks.updateNodegroupConfig('demo', 'c', {}), {
      code: 'InvalidParameterException',
      message: 'No changes needed',
    });
    assert.throws(() => w.eks.createNodegroup({ ...base, nodegroupName: 'c' }), {
      code: 'ResourceInUseException',
      message: 'NodeGroup already exists with name c and cluster name demo',
      fields: { clusterName: 'demo', nodegroupName: 'c' },
    });
    assert.throws(() => w.eks.describeNodegroup('demo', 'zz'), {
      code: 'ResourceNotFoundException',
      message: 'No node group found for name: zz.',
      fields: { clusterName: 'demo', nodegroupName: 'zz' },
    });
    assert.throws(
      () => w.eks.createNodegroup({ ...base, nodegroupName: 'd', subnets: ['subnet-0123456789abcdef0'] }),
      {
        code: 'InvalidParameterException',
      },
    );
  });

  it('answers a retried CreateNodegroup with the same clientRequestToken with the same node group', () => {
    const w = eksTestWorld();
    activeCluster(w);
    const input = {
      clusterName: 'demo',
      nodegroupName: 'ng',
      subnets: w.subnets,
      nodeRole: role,
      clientRequestToken: 'token-1',
    };
    const first = w.eks.createNodegroup(input);
    const retry = w.eks.createNodegroup(input);
    assert.equal(retry.nodegroupArn, first.nodegroupArn);
    assert.equal(retry.instances.length, 2);
    assert.throws(() => w.eks.createNodegroup({ ...input, clientRequestToken: 'token-2' }), {
      code: 'ResourceInUseException',
    });
  });

  it('refuses a node group on a cluster that is not ACTIVE yet', () => {
    const w = eksTestWorld({ clusterCreate: 5000 });
    w.eks.createCluster({
      name: 'demo',
      roleArn: 'arn:aws:iam::123456789012:role/c',
      resourcesVpcConfig: { subnetIds: w.subnets },
    });
    assert.throws(
      () =>
        w.eks.createNodegroup({
          clusterName: 'demo',
          nodegroupName: 'n',
          subnets: w.subnets,
          nodeRole: role,
        }),
      { code: 'InvalidRequestException' },
    );
  });

  it('replaces an instance terminated behind its back, as an Auto Scaling group does', () => {
    const w = eksTestWorld();
    activeCluster(w);
    const ng = w.eks.createNodegroup({
      clusterName: 'demo',
      nodegroupName: 'ng',
      subnets: w.subnets,
      nodeRole: role,
      scalingConfig: { minSize: 2, maxSize: 2, desiredSize: 2 },
    });
    const victim = ng.instances[0]!.instanceId;
    w.ec2.terminateInstances([victim]);
    assert.equal(w.eks.tick(), true);
    const now = w.eks.describeNodegroup('demo', 'ng').instances.map((i) => i.instanceId);
    assert.equal(now.length, 2);
    assert.ok(!now.includes(victim));
  });

  it('reports InsufficientFreeAddresses when no subnet has an address, and retries later', () => {
    const w = eksTestWorld({ nodegroupCreate: 1000 });
    activeCluster(w);
    // A /28 has 11 usable addresses.
    const ng = w.eks.createNodegroup({
      clusterName: 'demo',
      nodegroupName: 'tiny',
      subnets: [w.tinySubnet],
      nodeRole: role,
      scalingConfig: { minSize: 1, maxSize: 20, desiredSize: 13 },
    });
    assert.equal(ng.instances.length, 11);
    assert.equal(ng.issues[0]?.code, 'InsufficientFreeAddresses');
    assert.deepEqual(ng.issues[0]?.resourceIds, [w.tinySubnet]);
    w.clock.advance(1000);
    w.eks.tick();
    assert.equal(w.eks.describeNodegroup('demo', 'tiny').status, 'DEGRADED');
  });

  it('terminates its instances on delete and is gone after DELETING', () => {
    const w = eksTestWorld({ nodegroupDelete: 500 });
    activeCluster(w);
    const ng = w.eks.createNodegroup({
      clusterName: 'demo',
      nodegroupName: 'ng',
      subnets: w.subnets,
      nodeRole: role,
    });
    const ids = ng.instances.map((i) => i.instanceId);
    assert.throws(() => w.eks.deleteNodegroup('demo', 'ng'), { code: 'ResourceInUseException' });
    w.clock.advance(60_000);
    w.eks.tick();
    assert.equal(w.eks.deleteNodegroup('demo', 'ng').status, 'DELETING');
    for (const id of ids) assert.equal(w.ec2.getInstance(id)?.state, 'shutting-down');
    w.clock.advance(500);
    w.eks.tick();
    assert.deepEqual(w.eks.listNodegroups('demo'), []);
    assert.equal(w.eks.getNodegroup('demo', 'ng'), undefined);
  });
});
