/**
 * Security group rules with the AWS CLI v2 (botocore's model parses every element, so a misnamed
 * one shows up as a missing field): authorize ingress and egress, describe-security-group-rules,
 * the IpPermissions of describe-security-groups, revoke by rule id and by permission, and the EKS
 * cluster security group's default rules.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aws, SKIP_AWS_CLI } from '../helpers/real-clients.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

interface Rule {
  SecurityGroupRuleId: string;
  GroupId: string;
  IsEgress: boolean;
  IpProtocol: string;
  FromPort?: number;
  ToPort?: number;
  CidrIpv4?: string;
  ReferencedGroupInfo?: { GroupId: string };
  Description?: string;
}

interface Group {
  GroupId: string;
  GroupName: string;
  IpPermissions: {
    IpProtocol: string;
    FromPort?: number;
    ToPort?: number;
    IpRanges: { CidrIp: string }[];
    UserIdGroupPairs: { GroupId: string; Description?: string }[];
  }[];
  IpPermissionsEgress: { IpProtocol: string; IpRanges: { CidrIp: string }[] }[];
}

describe('AWS CLI v2: security group rules', { skip: SKIP_AWS_CLI }, () => {
  let sb: TestSandbox;
  let vpcId = '';
  const target = () => ({
    endpoint: sb.endpoint,
    region: 'us-east-1',
    credentials: sb.clientConfig.credentials,
  });
  async function ec2<T>(args: string[]): Promise<T> {
    const r = await aws(target(), ['ec2', ...args]);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.trim() === '' ? ({} as T) : r.json<T>();
  }
  async function group(name: string): Promise<string> {
    return (
      await ec2<{ GroupId: string }>([
        'create-security-group',
        '--group-name',
        name,
        '--description',
        name,
        '--vpc-id',
        vpcId,
      ])
    ).GroupId;
  }
  const rulesOf = async (groupId: string) =>
    (
      await ec2<{ SecurityGroupRules: Rule[] }>([
        'describe-security-group-rules',
        '--filters',
        `Name=group-id,Values=${groupId}`,
      ])
    ).SecurityGroupRules;

  before(async () => {
    sb = await startTestSandbox();
    vpcId = (await ec2<{ Vpc: { VpcId: string } }>(['create-vpc', '--cidr-block', '10.0.0.0/16'])).Vpc.VpcId;
  });
  after(async () => {
    await sb.cleanup();
  });

  it('authorizes DNS from the nodes into the pods, and both describe calls show it', async () => {
    const nodes = await group('nodes');
    const pods = await group('pods');
    const out = await ec2<{ Return: boolean; SecurityGroupRules: Rule[] }>([
      'authorize-security-group-ingress',
      '--group-id',
      pods,
      '--ip-permissions',
      `IpProtocol=udp,FromPort=53,ToPort=53,UserIdGroupPairs=[{GroupId=${nodes},Description=dns}]`,
      'IpProtocol=tcp,FromPort=53,ToPort=53,IpRanges=[{CidrIp=10.0.0.0/16}]',
    ]);
    assert.equal(out.Return, true);
    assert.deepEqual(
      out.SecurityGroupRules.map((r) => [r.IsEgress, r.IpProtocol, r.FromPort, r.ToPort]),
      [
        [false, 'udp', 53, 53],
        [false, 'tcp', 53, 53],
      ],
    );
    const rules = await rulesOf(pods);
    assert.ok(rules.every((r) => /^sgr-[0-9a-f]+$/.test(r.SecurityGroupRuleId) && r.GroupId === pods));
    const dns = rules.find((r) => r.ReferencedGroupInfo?.GroupId === nodes);
    assert.deepEqual([dns?.IpProtocol, dns?.FromPort, dns?.Description], ['udp', 53, 'dns']);
    assert.ok(rules.some((r) => r.CidrIpv4 === '10.0.0.0/16' && r.IpProtocol === 'tcp'));
    assert.ok(rules.some((r) => r.IsEgress && r.CidrIpv4 === '0.0.0.0/0' && r.IpProtocol === '-1'));

    const described = (
      await ec2<{ SecurityGroups: Group[] }>(['describe-security-groups', '--group-ids', pods])
    ).SecurityGroups[0]!;
    const udp = described.IpPermissions.find((p) => p.IpProtocol === 'udp');
    assert.deepEqual(
      udp?.UserIdGroupPairs.map((p) => [p.GroupId, p.Description]),
      [[nodes, 'dns']],
    );
    assert.deepEqual(
      described.IpPermissions.find((p) => p.IpProtocol === 'tcp')?.IpRanges.map((r) => r.CidrIp),
      ['10.0.0.0/16'],
    );
    assert.deepEqual(
      described.IpPermissionsEgress[0]?.IpRanges.map((r) => r.CidrIp),
      ['0.0.0.0/0'],
    );

    // Revoke by rule id: the rule is gone from both views.
    const revoked = await ec2<{ Return: boolean }>([
      'revoke-security-group-ingress',
      '--group-id',
      pods,
      '--security-group-rule-ids',
      dns!.SecurityGroupRuleId,
    ]);
    assert.equal(revoked.Return, true);
    assert.ok(!(await rulesOf(pods)).some((r) => r.SecurityGroupRuleId === dns!.SecurityGroupRuleId));
  });

  it('authorizes and revokes egress by permission; a duplicate is refused with its AWS code', async () => {
    const g = await group('egress');
    await ec2([
      'authorize-security-group-egress',
      '--group-id',
      g,
      '--ip-permissions',
      'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=10.1.0.0/16}]',
    ]);
    assert.ok(
      (await rulesOf(g)).some((r) => r.IsEgress && r.CidrIpv4 === '10.1.0.0/16' && r.FromPort === 443),
    );
    const dup = await aws(target(), [
      'ec2',
      'authorize-security-group-egress',
      '--group-id',
      g,
      '--ip-permissions',
      'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=10.1.0.0/16}]',
    ]);
    assert.notEqual(dup.code, 0);
    assert.match(dup.stderr, /InvalidPermission\.Duplicate/);
    await ec2([
      'revoke-security-group-egress',
      '--group-id',
      g,
      '--ip-permissions',
      'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=10.1.0.0/16}]',
    ]);
    assert.ok(!(await rulesOf(g)).some((r) => r.CidrIpv4 === '10.1.0.0/16'));
  });
});

describe('AWS CLI v2: the EKS cluster security group', { skip: SKIP_AWS_CLI }, () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startTestSandbox({ scenario: 'basic' });
  });
  after(async () => {
    await sb.cleanup();
  });

  it('has EKS default rules: everything from its own members in, everything out', async () => {
    const target = { endpoint: sb.endpoint, region: 'us-east-1', credentials: sb.clientConfig.credentials };
    const cluster = await aws(target, ['eks', 'describe-cluster', '--name', 'demo']);
    assert.equal(cluster.code, 0, cluster.stderr);
    const groupId = cluster.json<{ cluster: { resourcesVpcConfig: { clusterSecurityGroupId: string } } }>()
      .cluster.resourcesVpcConfig.clusterSecurityGroupId;
    assert.match(groupId, /^sg-/);
    const r = await aws(target, [
      'ec2',
      'describe-security-group-rules',
      '--filters',
      `Name=group-id,Values=${groupId}`,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const rules = r.json<{ SecurityGroupRules: Rule[] }>().SecurityGroupRules;
    assert.deepEqual(
      rules
        .map((x) => [x.IsEgress, x.IpProtocol, x.CidrIpv4 ?? x.ReferencedGroupInfo?.GroupId])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      [
        [false, '-1', groupId],
        [true, '-1', '0.0.0.0/0'],
      ],
    );
  });
});
