import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AssociateVpcCidrBlockCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteVpcCommand,
  DescribeRouteTablesCommand,
  DescribeVpcsCommand,
  DisassociateVpcCidrBlockCommand,
} from '@aws-sdk/client-ec2';
import { sdkError, startEc2Target, type Ec2Target } from './ec2-harness.js';

describe('EC2 over the wire: VPCs and CIDR blocks (SDK v3)', () => {
  let t: Ec2Target;
  let vpcId: string;
  before(async () => {
    t = await startEc2Target({ cidrAssociate: 5000 });
    const created = await t.ec2.send(
      new CreateVpcCommand({
        CidrBlock: '10.0.0.0/16',
        TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'demo' }] }],
      }),
    );
    vpcId = created.Vpc?.VpcId ?? '';
  });
  after(() => t.close());

  it('finds the VPC by tag:Name with its primary association', async () => {
    const out = await t.ec2.send(
      new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: ['demo'] }] }),
    );
    assert.equal(out.Vpcs?.length, 1);
    const vpc = out.Vpcs?.[0];
    assert.equal(vpc?.VpcId, vpcId);
    assert.equal(vpc?.CidrBlock, '10.0.0.0/16');
    assert.equal(vpc?.State, 'available');
    assert.equal(vpc?.IsDefault, false);
    assert.deepEqual(vpc?.Tags, [{ Key: 'Name', Value: 'demo' }]);
    assert.equal(vpc?.CidrBlockAssociationSet?.[0]?.CidrBlockState?.State, 'associated');
  });

  it('associates 100.64.0.0/16: associating, then associated once the delay has passed', async () => {
    const out = await t.ec2.send(
      new AssociateVpcCidrBlockCommand({ VpcId: vpcId, CidrBlock: '100.64.0.0/16' }),
    );
    assert.equal(out.VpcId, vpcId);
    assert.equal(out.CidrBlockAssociation?.CidrBlock, '100.64.0.0/16');
    assert.equal(out.CidrBlockAssociation?.CidrBlockState?.State, 'associating');
    assert.match(out.CidrBlockAssociation?.AssociationId ?? '', /^vpc-cidr-assoc-/);
    const before = await t.ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }));
    assert.equal(before.Vpcs?.[0]?.CidrBlockAssociationSet?.[1]?.CidrBlockState?.State, 'associating');
    const subnetTooEarly = await sdkError(
      t.ec2.send(
        new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '100.64.0.0/19', AvailabilityZone: 'us-east-1a' }),
      ),
    );
    assert.equal(subnetTooEarly.name, 'InvalidSubnet.Range');
    t.advance(5000);
    const later = await t.ec2.send(
      new DescribeVpcsCommand({
        Filters: [{ Name: 'cidr-block-association.cidr-block', Values: ['100.64.0.0/16'] }],
      }),
    );
    assert.equal(later.Vpcs?.[0]?.CidrBlockAssociationSet?.[1]?.CidrBlockState?.State, 'associated');
    const tables = await t.ec2.send(
      new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }),
    );
    const locals = tables.RouteTables?.[0]?.Routes?.filter((r) => r.GatewayId === 'local').map(
      (r) => r.DestinationCidrBlock,
    );
    assert.deepEqual(locals, ['10.0.0.0/16', '100.64.0.0/16']);
    assert.equal(tables.RouteTables?.[0]?.Associations?.[0]?.Main, true);
  });

  const refusals: [string, string, string, RegExp][] = [
    ['an RFC 1918 block of another range', '192.168.0.0/16', 'InvalidVpc.Range', /is restricted/],
    ['an overlapping block', '100.64.0.0/17', 'InvalidVpc.Range', /conflicts/],
    ['a block larger than /16', '100.64.0.0/15', 'InvalidVpc.Range', /is invalid/],
    ['a malformed block', '100.64.0/16', 'InvalidParameterValue', /not a valid CIDR block/],
  ];
  for (const [what, cidr, code, message] of refusals) {
    it(`refuses ${what} with HTTP 400 ${code}`, async () => {
      const error = await sdkError(
        t.ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpcId, CidrBlock: cidr })),
      );
      assert.equal(error.name, code);
      assert.match(error.message, message);
      assert.equal(error.status, 400);
    });
  }

  it('refuses the sixth block with CidrLimitExceeded and an unknown VPC with InvalidVpcID.NotFound', async () => {
    for (const cidr of ['100.65.0.0/16', '100.66.0.0/16', '100.67.0.0/16']) {
      await t.ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpcId, CidrBlock: cidr }));
    }
    const limit = await sdkError(
      t.ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpcId, CidrBlock: '100.68.0.0/16' })),
    );
    assert.equal(limit.name, 'CidrLimitExceeded');
    assert.equal(limit.message, `This network '${vpcId}' has met its maximum number of allowed CIDRs: 5`);
    const unknown = await sdkError(
      t.ec2.send(
        new AssociateVpcCidrBlockCommand({ VpcId: 'vpc-0123456789abcdef0', CidrBlock: '100.64.0.0/16' }),
      ),
    );
    assert.equal(unknown.name, 'InvalidVpcID.NotFound');
    assert.equal(unknown.message, "The vpc ID 'vpc-0123456789abcdef0' does not exist");
  });

  it('disassociates: never the primary, not while a subnet uses the block', async () => {
    t.advance(5000);
    const vpc = (await t.ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs?.[0];
    const primary = vpc?.CidrBlockAssociationSet?.[0]?.AssociationId;
    const secondary = vpc?.CidrBlockAssociationSet?.find(
      (a) => a.CidrBlock === '100.64.0.0/16',
    )?.AssociationId;
    assert.equal(
      (await sdkError(t.ec2.send(new DisassociateVpcCidrBlockCommand({ AssociationId: primary })))).name,
      'OperationNotPermitted',
    );
    await t.ec2.send(
      new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '100.64.0.0/19', AvailabilityZone: 'us-east-1a' }),
    );
    const inUse = await sdkError(
      t.ec2.send(new DisassociateVpcCidrBlockCommand({ AssociationId: secondary })),
    );
    assert.equal(inUse.name, 'InvalidCidrBlock.InUse');
    const other = vpc?.CidrBlockAssociationSet?.find((a) => a.CidrBlock === '100.65.0.0/16')?.AssociationId;
    const out = await t.ec2.send(new DisassociateVpcCidrBlockCommand({ AssociationId: other }));
    assert.equal(out.CidrBlockAssociation?.CidrBlockState?.State, 'disassociating');
    const deleteVpc = await sdkError(t.ec2.send(new DeleteVpcCommand({ VpcId: vpcId })));
    assert.equal(deleteVpc.name, 'DependencyViolation');
  });
  it('refuses special-purpose ranges with InvalidVpc.Range (the rule the tool checks, from aws-facts)', async () => {
    for (const cidr of ['224.0.0.0/16', '127.0.0.0/16', '0.0.0.0/16', '240.0.0.0/16', '255.255.0.0/16']) {
      const create = await sdkError(t.ec2.send(new CreateVpcCommand({ CidrBlock: cidr })));
      assert.equal(create.name, 'InvalidVpc.Range', cidr);
      assert.equal(create.status, 400);
      assert.match(create.message, /no VPC can use it/);
      const associate = await sdkError(
        t.ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpcId, CidrBlock: cidr })),
      );
      assert.equal(associate.name, 'InvalidVpc.Range', cidr);
      assert.match(associate.message, new RegExp(`The CIDR '${cidr.replace(/\./g, '\\.')}' overlaps`));
    }
    const linkLocal = await sdkError(
      t.ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpcId, CidrBlock: '169.254.0.0/16' })),
    );
    assert.match(linkLocal.message, /The CIDR '169\.254\.0\.0\/16' is restricted/);
  });
});
