import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { usableAddressCount } from '../../../shared/aws-facts/index.js';
import { Ec2Model } from './model.js';
import { basicNetwork, fixture, type Fixture } from './test-fixture.js';

/** The views a model built from scratch (fresh indexes) gives for the same state. */
function recomputed(f: Fixture): Ec2Model {
  return new Ec2Model(f.env, f.ec2.snapshot());
}

/** Counts free addresses by scanning every ENI, as the model did before it had indexes. */
function scannedAvailable(f: Fixture, subnetId: string): number {
  const subnet = f.ec2.getSubnet(subnetId);
  assert.ok(subnet);
  const held = f.ec2
    .describeNetworkInterfaces()
    .filter((e) => e.subnetId === subnetId)
    .flatMap((e) => e.privateIpAddresses.map((a) => a.privateIpAddress));
  return usableAddressCount(subnet.cidrBlock) - new Set(held).size;
}

function assertAgrees(f: Fixture, subnets: string[]): void {
  const fresh = recomputed(f);
  assert.deepEqual(f.ec2.describeInstances(), fresh.describeInstances());
  assert.deepEqual(f.ec2.describeSubnets(), fresh.describeSubnets());
  for (const instance of f.ec2.describeInstances()) {
    const scanned = f.ec2
      .describeNetworkInterfaces()
      .filter((e) => e.attachment?.instanceId === instance.instanceId)
      .map((e) => e.networkInterfaceId)
      .sort();
    assert.deepEqual(instance.networkInterfaces.map((e) => e.networkInterfaceId).sort(), scanned);
  }
  for (const id of subnets)
    assert.equal(f.ec2.getSubnet(id)?.availableIpAddressCount, scannedAvailable(f, id));
}

describe('EC2 model: derived indexes', () => {
  it('keeps instance and subnet views equal to a full recomputation through every ENI change', () => {
    const f = fixture();
    const { subnetA, subnetB } = basicNetwork(f);
    const subnets = [subnetA, subnetB];
    const one = f.ec2.runInstances({ subnetId: subnetA, instanceType: 'm5.large' });
    const two = f.ec2.runInstances({ subnetId: subnetA, instanceType: 'm5.large' });
    f.clock.advance(1000);
    assertAgrees(f, subnets);

    // Secondary addresses assigned, then some unassigned.
    const primary = one.primaryNetworkInterfaceId;
    const ips = f.ec2.assignPrivateIpAddresses(primary, 4);
    assertAgrees(f, subnets);
    f.ec2.unassignPrivateIpAddresses(primary, ips.slice(0, 2));
    assertAgrees(f, subnets);
    // The freed addresses are handed out again, lowest first.
    assert.deepEqual(f.ec2.assignPrivateIpAddresses(primary, 2), ips.slice(0, 2));

    // An extra ENI attached to one instance, detached, attached to the other, detached and deleted.
    const extra = f.ec2.createNetworkInterface({ subnetId: subnetA, groups: [], description: 'x' });
    f.ec2.assignPrivateIpAddresses(extra.networkInterfaceId, 3);
    f.ec2.attachNetworkInterface(extra.networkInterfaceId, one.instanceId, 1);
    assertAgrees(f, subnets);
    f.ec2.detachNetworkInterface(extra.networkInterfaceId);
    f.ec2.attachNetworkInterface(extra.networkInterfaceId, two.instanceId, 1);
    assertAgrees(f, subnets);
    assert.equal(f.ec2.getInstance(one.instanceId)?.networkInterfaces.length, 1);
    f.ec2.detachNetworkInterface(extra.networkInterfaceId);
    f.ec2.deleteNetworkInterface(extra.networkInterfaceId);
    assertAgrees(f, subnets);

    // A kept ENI (not delete-on-termination) outlives its instance; the primary one goes.
    const kept = f.ec2.createNetworkInterface({ subnetId: subnetA, groups: [], description: 'kept' });
    f.ec2.attachNetworkInterface(kept.networkInterfaceId, two.instanceId, 2);
    f.ec2.terminateInstances([two.instanceId]);
    assertAgrees(f, subnets);
    f.clock.advance(1000);
    assert.equal(f.ec2.getInstance(two.instanceId)?.state, 'terminated');
    assert.deepEqual(f.ec2.getInstance(two.instanceId)?.networkInterfaces, []);
    assert.equal(f.ec2.getNetworkInterface(kept.networkInterfaceId)?.status, 'available');
    assert.equal(f.ec2.getNetworkInterface(two.primaryNetworkInterfaceId), undefined);
    assertAgrees(f, subnets);

    // The ENI moves to an instance in the other zone's subnet? Not allowed; a new one in B instead.
    const three = f.ec2.runInstances({ subnetId: subnetB, instanceType: 'm5.large' });
    f.ec2.assignPrivateIpAddresses(three.primaryNetworkInterfaceId, 5);
    assertAgrees(f, subnets);

    // The terminated instance expires after an hour; a subnet emptied of ENIs can be deleted.
    f.ec2.terminateInstances([three.instanceId]);
    f.clock.advance(60 * 60 * 1000 + 1000);
    assert.equal(f.ec2.getInstance(two.instanceId), undefined);
    assertAgrees(f, subnets);
    f.ec2.deleteSubnet(subnetB);
    assertAgrees(f, [subnetA]);
  });

  it('builds its indexes from a restored snapshot and keeps them current afterwards', () => {
    const f = fixture();
    const { subnetA } = basicNetwork(f);
    const a = f.ec2.runInstances({ subnetId: subnetA, instanceType: 'm5.large' });
    f.ec2.assignPrivateIpAddresses(a.primaryNetworkInterfaceId, 3);
    const restored: Fixture = { ...f, ec2: new Ec2Model(f.env, f.ec2.snapshot()) };
    assert.deepEqual(restored.ec2.describeInstances(), f.ec2.describeInstances());
    assert.equal(restored.ec2.getSubnet(subnetA)?.availableIpAddressCount, 251 - 4);
    // The restored model is due to boot the instance, and still allocates around the held addresses.
    restored.clock.advance(1000);
    assert.equal(restored.ec2.getInstance(a.instanceId)?.state, 'running');
    const b = restored.ec2.runInstances({ subnetId: subnetA, instanceType: 'm5.large' });
    assert.equal(b.privateIpAddress, '10.0.1.8');
    restored.ec2.terminateInstances([a.instanceId]);
    restored.clock.advance(1000);
    assertAgrees(restored, [subnetA]);
    // Its snapshot is the plain state: nothing derived is persisted.
    assert.deepEqual(Object.keys(restored.ec2.snapshot()).sort(), Object.keys(f.ec2.snapshot()).sort());
  });

  it('cuts a page before building views and lists instance summaries equal to the full views', () => {
    const f = fixture();
    const { subnetA, subnetB } = basicNetwork(f);
    f.ec2.runInstancesBatch({ subnetId: subnetA, instanceType: 'm5.large' }, 7);
    const slice = <T>(items: readonly T[]): T[] => items.slice(2, 5);
    assert.deepEqual(f.ec2.describeInstances({ page: slice }), slice(f.ec2.describeInstances()));
    assert.deepEqual(f.ec2.describeSubnets({ page: slice }), slice(f.ec2.describeSubnets()));
    const one = [{ name: 'subnet-id', values: [subnetB] }];
    assert.deepEqual(f.ec2.describeSubnets({ filters: one, page: slice }), []);
    const summaries = f.ec2.listInstanceSummaries();
    assert.equal(summaries.length, 7);
    assert.deepEqual(
      summaries,
      f.ec2.describeInstances().map(({ networkInterfaces: _enis, ...rest }) => rest),
    );
  });
});
