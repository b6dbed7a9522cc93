import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateVpcCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { sdkError, startEc2Target, type Ec2Target } from './ec2-harness.js';

describe('EC2 over the wire: security group rules (SDK v3)', () => {
  let t: Ec2Target;
  let nodes: string;
  let pods: string;
  before(async () => {
    t = await startEc2Target();
    const vpcId = (await t.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc?.VpcId ?? '';
    const group = async (name: string) =>
      (await t.ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: name, VpcId: vpcId })))
        .GroupId ?? '';
    nodes = await group('nodes');
    pods = await group('pods');
  });
  after(() => t.close());

  it('authorizes ingress from a group and a CIDR and shows them in both Describe calls', async () => {
    const out = await t.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: pods,
        IpPermissions: [
          {
            IpProtocol: 'udp',
            FromPort: 53,
            ToPort: 53,
            UserIdGroupPairs: [{ GroupId: nodes, Description: 'DNS from nodes' }],
            IpRanges: [{ CidrIp: '10.0.0.0/16' }],
          },
        ],
      }),
    );
    assert.equal(out.Return, true);
    assert.deepEqual(
      out.SecurityGroupRules?.map((r) => [
        r.IsEgress,
        r.IpProtocol,
        r.FromPort,
        r.CidrIpv4 ?? r.ReferencedGroupInfo?.GroupId,
      ]),
      [
        [false, 'udp', 53, '10.0.0.0/16'],
        [false, 'udp', 53, nodes],
      ],
    );
    const described = await t.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [pods] }));
    const ingress = described.SecurityGroups?.[0]?.IpPermissions;
    assert.deepEqual(ingress?.[0]?.UserIdGroupPairs?.[0]?.GroupId, nodes);
    assert.deepEqual(ingress?.[0]?.UserIdGroupPairs?.[0]?.Description, 'DNS from nodes');
    assert.deepEqual(ingress?.[0]?.IpRanges, [{ CidrIp: '10.0.0.0/16' }]);
    assert.deepEqual(described.SecurityGroups?.[0]?.IpPermissionsEgress?.[0]?.IpProtocol, '-1');
    const rules = await t.ec2.send(
      new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [pods] }] }),
    );
    assert.equal(rules.SecurityGroupRules?.length, 3);
    assert.match(rules.SecurityGroupRules?.[0]?.SecurityGroupRuleId ?? '', /^sgr-/);
  });

  it("answers AWS's error codes: duplicate, unknown peer, bad ports, unknown rule on revoke", async () => {
    const dup = await sdkError(
      t.ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: pods,
          IpProtocol: 'udp',
          FromPort: 53,
          ToPort: 53,
          CidrIp: '10.0.0.0/16',
        }),
      ),
    );
    assert.deepEqual([dup.name, dup.status], ['InvalidPermission.Duplicate', 400]);
    const peer = await sdkError(
      t.ec2.send(
        new AuthorizeSecurityGroupEgressCommand({
          GroupId: pods,
          IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: 'sg-0123456789abcdef0' }] }],
        }),
      ),
    );
    assert.equal(peer.name, 'InvalidGroup.NotFound');
    const ports = await sdkError(
      t.ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: pods,
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 443, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
          ],
        }),
      ),
    );
    assert.equal(ports.name, 'InvalidParameterValue');
    const missing = await sdkError(
      t.ec2.send(
        new RevokeSecurityGroupIngressCommand({
          GroupId: pods,
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
          ],
        }),
      ),
    );
    assert.equal(missing.name, 'InvalidPermission.NotFound');
  });

  it('revokes by rule ID (ingress) and by permission (egress)', async () => {
    const rules = await t.ec2.send(
      new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [pods] }] }),
    );
    const ingressIds = (rules.SecurityGroupRules ?? [])
      .filter((r) => !r.IsEgress)
      .map((r) => r.SecurityGroupRuleId ?? '');
    const revoked = await t.ec2.send(
      new RevokeSecurityGroupIngressCommand({ GroupId: pods, SecurityGroupRuleIds: ingressIds }),
    );
    assert.equal(revoked.RevokedSecurityGroupRules?.length, 2);
    await t.ec2.send(
      new RevokeSecurityGroupEgressCommand({
        GroupId: pods,
        IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      }),
    );
    const after = await t.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [pods] }));
    assert.deepEqual(after.SecurityGroups?.[0]?.IpPermissions, []);
    assert.deepEqual(after.SecurityGroups?.[0]?.IpPermissionsEgress, []);
  });
});
