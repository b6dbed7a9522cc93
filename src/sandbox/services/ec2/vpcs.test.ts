import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Ec2Model } from './model.js';
import { awsErrorOf, basicNetwork, fixture } from './test-fixture.js';
import type { Ec2State } from './types.js';

describe('EC2 model: VPCs and CIDR blocks', () => {
  it('creates a VPC with its primary block associated, a main route table with a local route, and a default group', () => {
    const f = fixture();
    const vpc = f.ec2.createVpc({ cidrBlock: '10.0.0.0/16' });
    assert.match(vpc.vpcId, /^vpc-[0-9a-f]{17}$/);
    assert.deepEqual(
      vpc.cidrAssociations.map((a) => [a.cidrBlock, a.state]),
      [['10.0.0.0/16', 'associated']],
    );
    const [main] = f.ec2.describeRouteTables({ filters: [{ name: 'association.main', values: ['true'] }] });
    assert.equal(main?.routeTableId, vpc.mainRouteTableId);
    assert.deepEqual(
      main?.routes.map((r) => [r.destinationCidrBlock, r.gatewayId]),
      [['10.0.0.0/16', 'local']],
    );
    const groups = f.ec2.describeSecurityGroups({ filters: [{ name: 'vpc-id', values: [vpc.vpcId] }] });
    assert.deepEqual(
      groups.map((g) => g.groupName),
      ['default'],
    );
  });

  const createVpcErrors: [string, string, RegExp][] = [
    ['10.0.0.0/8', 'InvalidVpc.Range', /The CIDR '10.0.0.0\/8' is invalid/],
    ['10.0.0.0/29', 'InvalidVpc.Range', /is invalid/],
    ['not-a-cidr', 'InvalidParameterValue', /not a valid CIDR block/],
  ];
  for (const [cidr, code, message] of createVpcErrors) {
    it(`CreateVpc ${cidr} fails with ${code}`, () => {
      const error = awsErrorOf(() => fixture().ec2.createVpc({ cidrBlock: cidr }));
      assert.equal(error.code, code);
      assert.match(error.message, message);
      assert.equal(error.httpStatus, 400);
    });
  }

  it('associates a block: associating, then associated after timing.cidrAssociate, with a local route at once', () => {
    const f = fixture();
    const { vpcId } = basicNetwork(f);
    const { association } = f.ec2.associateVpcCidrBlock({ vpcId, cidrBlock: '100.64.0.0/16' });
    assert.equal(association.state, 'associating');
    assert.match(association.associationId, /^vpc-cidr-assoc-[0-9a-f]{17}$/);
    const tables = f.ec2.describeRouteTables({ filters: [{ name: 'vpc-id', values: [vpcId] }] });
    assert.ok(
      tables[0]?.routes.some((r) => r.destinationCidrBlock === '100.64.0.0/16' && r.gatewayId === 'local'),
    );
    f.clock.advance(999);
    assert.equal(f.ec2.getVpc(vpcId)?.cidrAssociations[1]?.state, 'associating');
    f.clock.advance(1);
    assert.equal(f.ec2.getVpc(vpcId)?.cidrAssociations[1]?.state, 'associated');
  });

  const associationErrors: [string, string, string, RegExp][] = [
    ['RFC 1918 class mismatch', '192.168.0.0/16', 'InvalidVpc.Range', /is restricted/],
    ['198.19/16 from a 10/8 VPC', '198.19.0.0/16', 'InvalidVpc.Range', /is restricted/],
    ['link-local', '169.254.0.0/16', 'InvalidVpc.Range', /is restricted|invalid/],
    ['overlap with the primary', '10.0.128.0/17', 'InvalidVpc.Range', /conflicts|restricted/],
    ['too large', '100.64.0.0/10', 'InvalidVpc.Range', /is invalid/],
    ['malformed', '100.64.0.0/33', 'InvalidParameterValue', /not a valid CIDR block/],
  ];
  for (const [what, cidr, code, message] of associationErrors) {
    it(`AssociateVpcCidrBlock refuses ${what} (${code})`, () => {
      const f = fixture();
      const { vpcId } = basicNetwork(f);
      const error = awsErrorOf(() => f.ec2.associateVpcCidrBlock({ vpcId, cidrBlock: cidr }));
      assert.equal(error.code, code);
      assert.match(error.message, message);
    });
  }

  it('refuses a block that covers a route destination', () => {
    const f = fixture();
    const { vpcId } = basicNetwork(f);
    const table = f.ec2.createRouteTable({ vpcId });
    f.ec2.createRoute({
      routeTableId: table.routeTableId,
      destinationCidrBlock: '100.64.5.0/24',
      gatewayId: 'igw-0123456789abcdef0',
    });
    const error = awsErrorOf(() => f.ec2.associateVpcCidrBlock({ vpcId, cidrBlock: '100.64.0.0/16' }));
    assert.equal(error.code, 'InvalidVpc.Range');
  });

  it('enforces the quota of 5 blocks per VPC with CidrLimitExceeded', () => {
    const f = fixture();
    const { vpcId } = basicNetwork(f);
    for (let i = 0; i < 4; i++) f.ec2.associateVpcCidrBlock({ vpcId, cidrBlock: `100.${64 + i}.0.0/16` });
    const error = awsErrorOf(() => f.ec2.associateVpcCidrBlock({ vpcId, cidrBlock: '100.70.0.0/16' }));
    assert.equal(error.code, 'CidrLimitExceeded');
    assert.equal(error.message, `This network '${vpcId}' has met its maximum number of allowed CIDRs: 5`);
  });

  it('refuses an unknown VPC with InvalidVpcID.NotFound', () => {
    const error = awsErrorOf(() =>
      fixture().ec2.associateVpcCidrBlock({ vpcId: 'vpc-0000', cidrBlock: '100.64.0.0/16' }),
    );
    assert.equal(error.code, 'InvalidVpcID.NotFound');
    assert.equal(error.message, "The vpc ID 'vpc-0000' does not exist");
  });

  it('disassociates a secondary block: disassociating, then gone with its local routes', () => {
    const f = fixture();
    const { vpcId } = basicNetwork(f);
    const { association } = f.ec2.associateVpcCidrBlock({ vpcId, cidrBlock: '100.64.0.0/16' });
    f.clock.advance(1000);
    const result = f.ec2.disassociateVpcCidrBlock(association.associationId);
    assert.equal(result.association.state, 'disassociating');
    f.clock.advance(1000);
    assert.equal(f.ec2.getVpc(vpcId)?.cidrAssociations.length, 1);
    const routes =
      f.ec2.describeRouteTables({ filters: [{ name: 'vpc-id', values: [vpcId] }] })[0]?.routes ?? [];
    assert.ok(!routes.some((r) => r.destinationCidrBlock === '100.64.0.0/16'));
  });

  it('DisassociateVpcCidrBlock: primary, in-use, still associating and unknown IDs', () => {
    const f = fixture();
    const { vpcId } = basicNetwork(f);
    const primary = f.ec2.getVpc(vpcId)?.cidrAssociations[0]?.associationId ?? '';
    assert.equal(awsErrorOf(() => f.ec2.disassociateVpcCidrBlock(primary)).code, 'OperationNotPermitted');
    const { association } = f.ec2.associateVpcCidrBlock({ vpcId, cidrBlock: '100.64.0.0/16' });
    assert.equal(
      awsErrorOf(() => f.ec2.disassociateVpcCidrBlock(association.associationId)).code,
      'IncorrectState',
    );
    f.clock.advance(1000);
    f.ec2.createSubnet({ vpcId, cidrBlock: '100.64.0.0/19', availabilityZone: 'us-east-1a' });
    const inUse = awsErrorOf(() => f.ec2.disassociateVpcCidrBlock(association.associationId));
    assert.equal(inUse.code, 'InvalidCidrBlock.InUse');
    assert.equal(inUse.message, `The vpc ${vpcId} currently has a subnet within CIDR block 100.64.0.0/16`);
    assert.equal(
      awsErrorOf(() => f.ec2.disassociateVpcCidrBlock('vpc-cidr-assoc-0000')).code,
      'InvalidVpcCidrBlockAssociationID.NotFound',
    );
  });

  it('DeleteVpc is refused while subnets exist, then removes the main table and default group', () => {
    const f = fixture();
    const { vpcId, subnetA, subnetB } = basicNetwork(f);
    const error = awsErrorOf(() => f.ec2.deleteVpc(vpcId));
    assert.equal(error.code, 'DependencyViolation');
    assert.equal(error.message, `The vpc '${vpcId}' has dependencies and cannot be deleted.`);
    f.ec2.deleteSubnet(subnetA);
    f.ec2.deleteSubnet(subnetB);
    f.ec2.deleteVpc(vpcId);
    assert.deepEqual(f.ec2.describeVpcs(), []);
    assert.deepEqual(f.ec2.describeRouteTables(), []);
    assert.deepEqual(f.ec2.describeSecurityGroups(), []);
  });

  it('filters VPCs by tag:Name, cidr-block-association.cidr-block and wildcards; unknown filters are refused', () => {
    const f = fixture();
    const { vpcId } = basicNetwork(f);
    f.ec2.createVpc({ cidrBlock: '172.16.0.0/16', tags: [{ key: 'Name', value: 'other' }] });
    f.ec2.associateVpcCidrBlock({ vpcId, cidrBlock: '100.64.0.0/16' });
    const ids = (filters: { name: string; values: string[] }[]) =>
      f.ec2.describeVpcs({ filters }).map((v) => v.vpcId);
    assert.deepEqual(ids([{ name: 'tag:Name', values: ['demo'] }]), [vpcId]);
    assert.deepEqual(ids([{ name: 'tag:Name', values: ['de*'] }]), [vpcId]);
    assert.deepEqual(ids([{ name: 'cidr-block-association.cidr-block', values: ['100.64.0.0/16'] }]), [
      vpcId,
    ]);
    assert.equal(ids([{ name: 'tag-key', values: ['Name'] }]).length, 2);
    assert.equal(awsErrorOf(() => ids([{ name: 'bogus', values: ['x'] }])).code, 'InvalidParameterValue');
    assert.equal(
      awsErrorOf(() => f.ec2.describeVpcs({ vpcIds: ['vpc-1', 'vpc-2'] })).message,
      "The vpc IDs 'vpc-1, vpc-2' do not exist",
    );
  });

  it('round-trips through snapshot() and keeps pending transitions', () => {
    const f = fixture();
    const { vpcId } = basicNetwork(f);
    f.ec2.associateVpcCidrBlock({ vpcId, cidrBlock: '100.64.0.0/16' });
    const restored = new Ec2Model(f.env, JSON.parse(JSON.stringify(f.ec2.snapshot())) as Ec2State);
    assert.equal(restored.getVpc(vpcId)?.cidrAssociations[1]?.state, 'associating');
    f.clock.advance(1000);
    assert.equal(restored.getVpc(vpcId)?.cidrAssociations[1]?.state, 'associated');
  });
});
