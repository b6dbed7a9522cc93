import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awsErrorOf, basicNetwork, fixture } from './test-fixture.js';

describe('EC2 model: subnets', () => {
  it('creates a subnet in an associated secondary block, with zone ID, ARN and 5 reserved addresses', () => {
    const f = fixture();
    const { vpcId } = basicNetwork(f);
    f.ec2.associateVpcCidrBlock({ vpcId, cidrBlock: '100.64.0.0/16' });
    f.clock.advance(1000);
    const subnet = f.ec2.createSubnet({
      vpcId,
      cidrBlock: '100.64.0.0/19',
      availabilityZone: 'us-east-1c',
      tags: [{ key: 'Name', value: 'pods-c' }],
    });
    assert.equal(subnet.availableIpAddressCount, 8187);
    assert.equal(subnet.availabilityZoneId, 'use1-az4');
    assert.equal(subnet.subnetArn, `arn:aws:ec2:us-east-1:123456789012:subnet/${subnet.subnetId}`);
    assert.deepEqual(subnet.tags, [{ key: 'Name', value: 'pods-c' }]);
  });

  it('clears host bits as EC2 does', () => {
    const f = fixture();
    const { vpcId } = basicNetwork(f);
    const subnet = f.ec2.createSubnet({ vpcId, cidrBlock: '10.0.3.7/24', availabilityZone: 'us-east-1a' });
    assert.equal(subnet.cidrBlock, '10.0.3.0/24');
  });

  const errors: [string, { cidrBlock: string; availabilityZone?: string }, string, RegExp][] = [
    [
      'outside every VPC block',
      { cidrBlock: '10.1.0.0/24' },
      'InvalidSubnet.Range',
      /^The CIDR '10.1.0.0\/24' is invalid.$/,
    ],
    ['in a block still associating', { cidrBlock: '100.64.0.0/24' }, 'InvalidSubnet.Range', /is invalid/],
    ['smaller than /28', { cidrBlock: '10.0.9.0/29' }, 'InvalidSubnet.Range', /is invalid/],
    [
      'overlapping a subnet',
      { cidrBlock: '10.0.1.128/25' },
      'InvalidSubnet.Conflict',
      /conflicts with another subnet/,
    ],
    [
      'in an unknown zone',
      { cidrBlock: '10.0.9.0/24', availabilityZone: 'us-east-1z' },
      'InvalidParameterValue',
      /Value \(us-east-1z\) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: us-east-1a, us-east-1b/,
    ],
  ];
  for (const [what, input, code, message] of errors) {
    it(`CreateSubnet ${what} fails with ${code}`, () => {
      const f = fixture();
      const { vpcId } = basicNetwork(f);
      f.ec2.associateVpcCidrBlock({ vpcId, cidrBlock: '100.64.0.0/16' });
      const error = awsErrorOf(() => f.ec2.createSubnet({ vpcId, availabilityZone: 'us-east-1a', ...input }));
      assert.equal(error.code, code);
      assert.match(error.message, message);
    });
  }

  it('refuses an unknown VPC and unknown subnet IDs', () => {
    const f = fixture();
    assert.equal(
      awsErrorOf(() => f.ec2.createSubnet({ vpcId: 'vpc-1', cidrBlock: '10.0.0.0/24' })).code,
      'InvalidVpcID.NotFound',
    );
    const error = awsErrorOf(() => f.ec2.describeSubnets({ subnetIds: ['subnet-1'] }));
    assert.equal(error.code, 'InvalidSubnetID.NotFound');
    assert.equal(error.message, "The subnet ID 'subnet-1' does not exist");
    assert.equal(awsErrorOf(() => f.ec2.deleteSubnet('subnet-1')).code, 'InvalidSubnetID.NotFound');
  });

  it('AvailableIpAddressCount falls with every ENI address and DeleteSubnet waits for ENIs to go', () => {
    const f = fixture();
    const { subnetA } = basicNetwork(f);
    const eni = f.ec2.createNetworkInterface({ subnetId: subnetA, description: 'aws-K8S-i-1' });
    assert.equal(eni.privateIpAddress, '10.0.1.4');
    f.ec2.assignPrivateIpAddresses(eni.networkInterfaceId, 9);
    assert.equal(f.ec2.getSubnet(subnetA)?.availableIpAddressCount, 251 - 10);
    const error = awsErrorOf(() => f.ec2.deleteSubnet(subnetA));
    assert.equal(error.code, 'DependencyViolation');
    assert.equal(error.message, `The subnet '${subnetA}' has dependencies and cannot be deleted.`);
    f.ec2.deleteNetworkInterface(eni.networkInterfaceId);
    assert.equal(f.ec2.getSubnet(subnetA)?.availableIpAddressCount, 251);
    f.ec2.deleteSubnet(subnetA);
    assert.equal(f.ec2.getSubnet(subnetA), undefined);
  });

  it('filters by vpc-id, availability-zone, cidr-block and tag', () => {
    const f = fixture();
    const { vpcId, subnetA, subnetB } = basicNetwork(f);
    f.ec2.createTags([subnetB], [{ key: 'kubernetes.io/role/cni', value: '1' }]);
    const ids = (filters: { name: string; values: string[] }[]) =>
      f.ec2.describeSubnets({ filters }).map((s) => s.subnetId);
    assert.deepEqual(ids([{ name: 'vpc-id', values: [vpcId] }]), [subnetA, subnetB]);
    assert.deepEqual(ids([{ name: 'availability-zone', values: ['us-east-1b'] }]), [subnetB]);
    assert.deepEqual(ids([{ name: 'cidr-block', values: ['10.0.1.0/24'] }]), [subnetA]);
    assert.deepEqual(ids([{ name: 'tag:kubernetes.io/role/cni', values: ['1'] }]), [subnetB]);
    assert.deepEqual(
      ids([
        { name: 'vpc-id', values: [vpcId] },
        { name: 'availability-zone', values: ['us-east-1a', 'us-east-1b'] },
      ]),
      [subnetA, subnetB],
    );
  });
});
