import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awsErrorOf, basicNetwork, fixture } from './test-fixture.js';

function setup() {
  const f = fixture();
  const { vpcId, subnetA } = basicNetwork(f);
  const eni = f.ec2.createNetworkInterface({ subnetId: subnetA }).networkInterfaceId;
  return { f, vpcId, subnetA, eni };
}

describe('EC2 model: delegated IPv4 prefixes', () => {
  it('carves aligned /28s clear of the reserved addresses and of every used address', () => {
    const { f, subnetA, eni } = setup();
    // The ENI's primary address is 10.0.1.4, so 10.0.1.0/28 is taken (and reserved anyway).
    f.ec2.assignPrivateIpAddresses(eni, 13); // 10.0.1.5 .. 10.0.1.17: 10.0.1.16/28 is no longer free
    assert.equal(f.ec2.getSubnet(subnetA)?.availableIpAddressCount, 251 - 14);
    const prefixes = f.ec2.assignIpv4Prefixes(eni, 2);
    assert.deepEqual(prefixes, ['10.0.1.32/28', '10.0.1.48/28']);
    assert.equal(f.ec2.getSubnet(subnetA)?.availableIpAddressCount, 251 - 14 - 32);
    assert.deepEqual(f.ec2.getNetworkInterface(eni)?.ipv4Prefixes, prefixes);
    // Secondary addresses now skip the prefixes' 32 addresses.
    const more = f.ec2.assignPrivateIpAddresses(
      f.ec2.createNetworkInterface({ subnetId: subnetA }).networkInterfaceId,
      16,
    );
    // Its primary is 10.0.1.18; then .19-.31, and .64 onwards past the two prefixes.
    assert.deepEqual(more.slice(12), ['10.0.1.31', '10.0.1.64', '10.0.1.65', '10.0.1.66']);
  });

  it('gives the addresses back on unassign and refuses prefixes the ENI does not hold', () => {
    const { f, subnetA, eni } = setup();
    const [prefix] = f.ec2.assignIpv4Prefixes(eni, 1);
    assert.equal(prefix, '10.0.1.16/28');
    const wrong = awsErrorOf(() => f.ec2.unassignIpv4Prefixes(eni, ['10.0.1.32/28']));
    assert.equal(wrong.code, 'InvalidParameterValue');
    f.ec2.unassignIpv4Prefixes(eni, [prefix]);
    assert.deepEqual(f.ec2.getNetworkInterface(eni)?.ipv4Prefixes, []);
    assert.equal(f.ec2.getSubnet(subnetA)?.availableIpAddressCount, 250);
  });

  it('assigns named prefixes only when aligned, inside the subnet and free', () => {
    const { f, eni } = setup();
    assert.deepEqual(f.ec2.assignIpv4Prefixes(eni, ['10.0.1.128/28']), ['10.0.1.128/28']);
    assert.equal(
      awsErrorOf(() => f.ec2.assignIpv4Prefixes(eni, ['10.0.1.129/28'])).code,
      'InvalidParameterValue',
    );
    assert.equal(
      awsErrorOf(() => f.ec2.assignIpv4Prefixes(eni, ['10.0.1.128/28'])).code,
      'InsufficientCidrBlocks',
    );
    assert.equal(
      awsErrorOf(() => f.ec2.assignIpv4Prefixes(eni, ['10.0.1.240/28'])).code,
      'InsufficientCidrBlocks',
    );
  });

  it('fails with InsufficientCidrBlocks when free addresses remain but no aligned /28 is free', () => {
    const { f, vpcId } = setup();
    const small = f.ec2.createSubnet({ vpcId, cidrBlock: '10.0.3.0/27', availabilityZone: 'us-east-1a' });
    const other = f.ec2.createNetworkInterface({ subnetId: small.subnetId }).networkInterfaceId;
    // A /27 has one usable /28 (10.0.3.16/28 holds the broadcast address); 10.0.3.4 sits in the first.
    const error = awsErrorOf(() => f.ec2.assignIpv4Prefixes(other, 1));
    assert.equal(error.code, 'InsufficientCidrBlocks');
    assert.equal(
      error.message,
      'The specified subnet does not have enough free cidr blocks to satisfy the request.',
    );
    assert.ok((f.ec2.getSubnet(small.subnetId)?.availableIpAddressCount ?? 0) > 16);
    assert.deepEqual(f.ec2.getNetworkInterface(other)?.ipv4Prefixes, []);
  });

  it('counts each prefix as one address against the per-interface limit', () => {
    const { f, subnetA } = setup();
    const instance = f.ec2.runInstances({ subnetId: subnetA, instanceType: 'm5.large' });
    const primary = instance.primaryNetworkInterfaceId;
    // m5.large: 10 IPv4 addresses per ENI, the primary address included.
    f.ec2.assignIpv4Prefixes(primary, 9);
    assert.equal(
      awsErrorOf(() => f.ec2.assignIpv4Prefixes(primary, 1)).code,
      'PrivateIpAddressLimitExceeded',
    );
    assert.equal(
      awsErrorOf(() => f.ec2.assignPrivateIpAddresses(primary, 1)).code,
      'PrivateIpAddressLimitExceeded',
    );
  });
});

describe('EC2 model: CreateNetworkInterface with Ipv4PrefixCount', () => {
  it('takes the primary address and the prefixes in one call, all or nothing', () => {
    const f = fixture();
    const { vpcId, subnetA } = basicNetwork(f);
    const eni = f.ec2.createNetworkInterface({ subnetId: subnetA, ipv4PrefixCount: 2 });
    assert.equal(eni.privateIpAddress, '10.0.1.4');
    assert.deepEqual(eni.ipv4Prefixes, ['10.0.1.16/28', '10.0.1.32/28']);
    const small = f.ec2.createSubnet({ vpcId, cidrBlock: '10.0.3.0/27', availabilityZone: 'us-east-1a' });
    const error = awsErrorOf(() =>
      f.ec2.createNetworkInterface({ subnetId: small.subnetId, ipv4PrefixCount: 1 }),
    );
    assert.equal(error.code, 'InsufficientCidrBlocks');
    assert.equal(f.ec2.getSubnet(small.subnetId)?.availableIpAddressCount, 27);
  });
});
