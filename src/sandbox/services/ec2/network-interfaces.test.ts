import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awsErrorOf, basicNetwork, fixture } from './test-fixture.js';

describe('EC2 model: network interfaces and instances', () => {
  it('launches an instance with a primary ENI, pending then running, and terminates it releasing the ENI', () => {
    const f = fixture();
    const { subnetA } = basicNetwork(f);
    const instance = f.ec2.runInstances({
      subnetId: subnetA,
      instanceType: 'm5.large',
      tags: [{ key: 'aws:autoscaling:groupName', value: 'eks-ng' }],
    });
    assert.equal(instance.state, 'pending');
    assert.equal(instance.networkInterfaces.length, 1);
    assert.equal(instance.networkInterfaces[0]?.attachment?.deviceIndex, 0);
    assert.equal(instance.privateIpAddress, '10.0.1.4');
    assert.equal(f.ec2.getSubnet(subnetA)?.availableIpAddressCount, 250);
    f.clock.advance(1000);
    assert.equal(f.ec2.getInstance(instance.instanceId)?.state, 'running');
    const [change] = f.ec2.terminateInstances([instance.instanceId]);
    assert.deepEqual(change, {
      instanceId: instance.instanceId,
      previousState: 'running',
      currentState: 'shutting-down',
    });
    f.clock.advance(1000);
    assert.equal(f.ec2.getInstance(instance.instanceId)?.state, 'terminated');
    assert.equal(f.ec2.getSubnet(subnetA)?.availableIpAddressCount, 251);
    assert.deepEqual(
      f.ec2.listInstances([{ name: 'tag:aws:autoscaling:groupName', values: ['eks-ng'] }]).length,
      1,
    );
  });

  it('attaches ENIs up to the instance type limit (AttachmentLimitExceeded) and addresses up to the per-ENI limit', () => {
    const f = fixture();
    const { subnetA, subnetB } = basicNetwork(f);
    const instance = f.ec2.runInstances({ subnetId: subnetA, instanceType: 'm5.large' });
    // m5.large: 3 ENIs, 10 IPv4 addresses each.
    const second = f.ec2.createNetworkInterface({ subnetId: subnetA });
    f.ec2.attachNetworkInterface(second.networkInterfaceId, instance.instanceId, 1);
    f.ec2.assignPrivateIpAddresses(second.networkInterfaceId, 9);
    assert.equal(
      awsErrorOf(() => f.ec2.assignPrivateIpAddresses(second.networkInterfaceId, 1)).code,
      'PrivateIpAddressLimitExceeded',
    );
    const third = f.ec2.createNetworkInterface({ subnetId: subnetA });
    f.ec2.attachNetworkInterface(third.networkInterfaceId, instance.instanceId, 2);
    const fourth = f.ec2.createNetworkInterface({ subnetId: subnetA });
    const limit = awsErrorOf(() =>
      f.ec2.attachNetworkInterface(fourth.networkInterfaceId, instance.instanceId, 3),
    );
    assert.equal(limit.code, 'AttachmentLimitExceeded');
    assert.equal(limit.message, 'Interface count 4 exceeds the limit for m5.large');
    const otherZone = f.ec2.createNetworkInterface({ subnetId: subnetB });
    assert.equal(
      awsErrorOf(() => f.ec2.attachNetworkInterface(otherZone.networkInterfaceId, instance.instanceId, 3))
        .code,
      'InvalidParameterCombination',
    );
    assert.equal(
      awsErrorOf(() => f.ec2.attachNetworkInterface(second.networkInterfaceId, instance.instanceId, 4)).code,
      'InvalidNetworkInterface.InUse',
    );
    assert.equal(
      awsErrorOf(() => f.ec2.deleteNetworkInterface(second.networkInterfaceId)).code,
      'InvalidNetworkInterface.InUse',
    );
    const eniOfInstance = f.ec2.describeNetworkInterfaces({
      filters: [{ name: 'attachment.instance-id', values: [instance.instanceId] }],
    });
    assert.equal(eniOfInstance.length, 3);
  });

  it('throws InsufficientFreeAddressesInSubnet when the subnet is full, all or nothing', () => {
    const f = fixture();
    const { vpcId } = basicNetwork(f);
    const tiny = f.ec2.createSubnet({ vpcId, cidrBlock: '10.0.9.0/28', availabilityZone: 'us-east-1a' });
    assert.equal(tiny.availableIpAddressCount, 11);
    const eni = f.ec2.createNetworkInterface({ subnetId: tiny.subnetId });
    f.ec2.assignPrivateIpAddresses(eni.networkInterfaceId, 8);
    const error = awsErrorOf(() => f.ec2.assignPrivateIpAddresses(eni.networkInterfaceId, 3));
    assert.equal(error.code, 'InsufficientFreeAddressesInSubnet');
    assert.equal(f.ec2.getSubnet(tiny.subnetId)?.availableIpAddressCount, 2);
    const last = f.ec2.assignPrivateIpAddresses(eni.networkInterfaceId, 2);
    assert.deepEqual(last, ['10.0.9.13', '10.0.9.14']);
    assert.equal(
      awsErrorOf(() => f.ec2.createNetworkInterface({ subnetId: tiny.subnetId })).code,
      'InsufficientFreeAddressesInSubnet',
    );
  });

  it('unassigns secondary addresses, refuses the primary and addresses it does not hold', () => {
    const f = fixture();
    const { subnetA } = basicNetwork(f);
    const eni = f.ec2.createNetworkInterface({ subnetId: subnetA, secondaryPrivateIpAddressCount: 2 });
    assert.deepEqual(
      eni.privateIpAddresses.map((a) => a.privateIpAddress),
      ['10.0.1.4', '10.0.1.5', '10.0.1.6'],
    );
    f.ec2.unassignPrivateIpAddresses(eni.networkInterfaceId, ['10.0.1.5']);
    assert.equal(
      awsErrorOf(() => f.ec2.unassignPrivateIpAddresses(eni.networkInterfaceId, ['10.0.1.4'])).code,
      'InvalidParameterValue',
    );
    assert.equal(
      awsErrorOf(() => f.ec2.unassignPrivateIpAddresses(eni.networkInterfaceId, ['10.0.1.99'])).code,
      'InvalidParameterValue',
    );
    // The freed address is handed out again, lowest first.
    assert.deepEqual(f.ec2.assignPrivateIpAddresses(eni.networkInterfaceId, 1), ['10.0.1.5']);
    assert.equal(
      awsErrorOf(() => f.ec2.assignPrivateIpAddresses(eni.networkInterfaceId, ['10.0.1.6'])).code,
      'InvalidIPAddress.InUse',
    );
  });

  it('refuses unknown IDs with their NotFound codes', () => {
    const f = fixture();
    basicNetwork(f);
    assert.equal(
      awsErrorOf(() => f.ec2.assignPrivateIpAddresses('eni-1', 1)).code,
      'InvalidNetworkInterfaceID.NotFound',
    );
    const error = awsErrorOf(() => f.ec2.terminateInstances(['i-1', 'i-2']));
    assert.equal(error.code, 'InvalidInstanceID.NotFound');
    assert.equal(error.message, "The instance IDs 'i-1, i-2' do not exist");
    assert.equal(
      awsErrorOf(() => f.ec2.runInstances({ subnetId: 'subnet-1', instanceType: 'm5.large' })).code,
      'InvalidSubnetID.NotFound',
    );
    assert.equal(
      awsErrorOf(() => f.ec2.createNetworkInterface({ subnetId: basicNetwork(f).subnetA, groups: ['sg-1'] }))
        .code,
      'InvalidGroup.NotFound',
    );
  });

  it('refuses an unknown instance type', () => {
    const f = fixture();
    const { subnetA } = basicNetwork(f);
    const error = awsErrorOf(() => f.ec2.runInstances({ subnetId: subnetA, instanceType: 'm5.huge' }));
    assert.equal(error.code, 'InvalidParameterValue');
    assert.equal(error.message, "Invalid value 'm5.huge' for InstanceType.");
  });
});
