import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Ec2Model } from './model.js';
import { basicNetwork, fixture } from './test-fixture.js';

describe('EC2 model: transitions on the due-time queue', () => {
  it('moves each instance, CIDR block and NAT gateway at its own due time, and again after a restore', () => {
    const f = fixture({ instanceBoot: 1_000, cidrAssociate: 1_500, natGatewayCreate: 2_500 });
    const { vpcId, subnetA } = basicNetwork(f);
    const first = f.ec2.runInstances({ subnetId: subnetA, instanceType: 'm5.large' });
    f.clock.advance(400);
    const second = f.ec2.runInstances({ subnetId: subnetA, instanceType: 'm5.large' });
    const block = f.ec2.associateVpcCidrBlock({ vpcId, cidrBlock: '100.64.0.0/16' });
    const nat = f.ec2.createNatGateway({ subnetId: subnetA, connectivityType: 'private' });
    const state = (id: string) => f.ec2.getInstance(id)?.state;
    const blockState = () =>
      f.ec2.getVpc(vpcId)?.cidrAssociations.find((a) => a.associationId === block.association.associationId)
        ?.state;
    f.clock.advance(599); // 999 ms after the first launch
    assert.deepEqual([state(first.instanceId), state(second.instanceId)], ['pending', 'pending']);
    f.clock.advance(1);
    assert.deepEqual([state(first.instanceId), state(second.instanceId)], ['running', 'pending']);
    assert.equal(blockState(), 'associating');
    // A snapshot restored into a new model rebuilds the queue from the records' due times.
    const restored = new Ec2Model(f.env, f.ec2.snapshot());
    f.clock.advance(400);
    assert.equal(restored.getInstance(second.instanceId)?.state, 'running');
    assert.equal(restored.getInstance(first.instanceId)?.state, 'running');
    f.clock.advance(500);
    assert.equal(
      restored.getVpc(vpcId)?.cidrAssociations.find((a) => a.cidrBlock === '100.64.0.0/16')?.state,
      'associated',
    );
    assert.equal(restored.describeNatGateways({ natGatewayIds: [nat.natGatewayId] })[0]?.state, 'pending');
    f.clock.advance(1_000);
    assert.equal(restored.describeNatGateways({ natGatewayIds: [nat.natGatewayId] })[0]?.state, 'available');
  });

  it('drops a terminated instance from the list an hour after it terminated', () => {
    const f = fixture({ instanceBoot: 0, instanceTerminate: 1_000 });
    const { subnetA } = basicNetwork(f);
    const instance = f.ec2.runInstances({ subnetId: subnetA, instanceType: 'm5.large' });
    f.clock.advance(10);
    f.ec2.terminateInstances([instance.instanceId]);
    f.clock.advance(1_000);
    assert.equal(f.ec2.getInstance(instance.instanceId)?.state, 'terminated');
    f.clock.advance(60 * 60 * 1000 - 1);
    assert.equal(f.ec2.getInstance(instance.instanceId)?.state, 'terminated');
    f.clock.advance(1);
    assert.equal(f.ec2.getInstance(instance.instanceId), undefined);
  });
});
