import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_RULES_PER_DIRECTION, type PermissionInput } from './security-group-rules.js';
import { awsErrorOf, basicNetwork, fixture } from './test-fixture.js';

const udp53 = (peer: { cidrIp?: string; groupId?: string }): PermissionInput => ({
  ipProtocol: 'udp',
  fromPort: 53,
  toPort: 53,
  ipRanges: peer.cidrIp ? [{ cidrIp: peer.cidrIp }] : [],
  groups: peer.groupId ? [{ groupId: peer.groupId }] : [],
});

function groups() {
  const f = fixture();
  const { vpcId } = basicNetwork(f);
  const nodes = f.ec2.createSecurityGroup({ groupName: 'nodes', description: 'nodes', vpcId });
  const pods = f.ec2.createSecurityGroup({ groupName: 'pods', description: 'pods', vpcId });
  return { f, vpcId, nodes: nodes.groupId, pods: pods.groupId };
}

describe('EC2 model: security group rules', () => {
  it('a new group allows all egress and no ingress; the default group admits its own members', () => {
    const { f, vpcId, nodes } = groups();
    const [group] = f.ec2.describeSecurityGroups({ groupIds: [nodes] });
    assert.deepEqual(group?.ipPermissions, []);
    assert.deepEqual(group?.ipPermissionsEgress, [
      { ipProtocol: '-1', ipRanges: [{ cidrIp: '0.0.0.0/0', description: undefined }], groupIds: [] },
    ]);
    const defaultId = f.ec2.getVpc(vpcId)!.defaultSecurityGroupId;
    const rules = f.ec2.describeSecurityGroupRules({ filters: [{ name: 'group-id', values: [defaultId] }] });
    assert.deepEqual(
      rules.map((r) => [r.isEgress, r.ipProtocol, r.fromPort, r.toPort, r.referencedGroupId ?? r.cidrIpv4]),
      [
        [false, '-1', -1, -1, defaultId],
        [true, '-1', -1, -1, '0.0.0.0/0'],
      ],
    );
  });

  it('authorizes one rule per peer, groups them by protocol and ports, normalises protocol names', () => {
    const { f, nodes, pods } = groups();
    const added = f.ec2.authorizeSecurityGroupRules({
      groupId: pods,
      isEgress: false,
      permissions: [
        { ...udp53({ cidrIp: '10.0.0.0/16', groupId: nodes }) },
        { ipProtocol: '6', fromPort: 53, toPort: 53, ipRanges: [], groups: [{ groupId: nodes }] },
      ],
      tags: [{ key: 'Name', value: 'dns' }],
    });
    assert.equal(added.length, 3);
    assert.ok(added.every((r) => /^sgr-[0-9a-f]{17}$/.test(r.ruleId)));
    assert.equal(added[2]?.ipProtocol, 'tcp');
    assert.deepEqual(added[0]?.tags, [{ key: 'Name', value: 'dns' }]);
    const [group] = f.ec2.describeSecurityGroups({ groupIds: [pods] });
    assert.deepEqual(
      group?.ipPermissions.map((p) => [p.ipProtocol, p.fromPort, p.ipRanges.length, p.groupIds.length]),
      [
        ['udp', 53, 1, 1],
        ['tcp', 53, 0, 1],
      ],
    );
  });

  for (const [name, permission, code] of [
    [
      'unknown protocol',
      { ipProtocol: 'sctpx', ipRanges: [{ cidrIp: '0.0.0.0/0' }], groups: [] },
      'InvalidParameterValue',
    ],
    [
      'tcp without ports',
      { ipProtocol: 'tcp', ipRanges: [{ cidrIp: '0.0.0.0/0' }], groups: [] },
      'InvalidParameterValue',
    ],
    [
      'port over 65535',
      { ipProtocol: 'tcp', fromPort: 1, toPort: 70000, ipRanges: [{ cidrIp: '0.0.0.0/0' }], groups: [] },
      'InvalidParameterValue',
    ],
    [
      'from above to',
      { ipProtocol: 'udp', fromPort: 60, toPort: 53, ipRanges: [{ cidrIp: '0.0.0.0/0' }], groups: [] },
      'InvalidParameterValue',
    ],
    [
      'malformed CIDR',
      { ipProtocol: '-1', ipRanges: [{ cidrIp: '10.0.0/16' }], groups: [] },
      'InvalidParameterValue',
    ],
    [
      'unknown peer group',
      { ipProtocol: '-1', ipRanges: [], groups: [{ groupId: 'sg-0123456789abcdef0' }] },
      'InvalidGroup.NotFound',
    ],
    ['no peer', { ipProtocol: '-1', ipRanges: [], groups: [] }, 'MissingParameter'],
  ] as [string, PermissionInput, string][]) {
    it(`refuses ${name} with ${code}, adding nothing`, () => {
      const { f, pods } = groups();
      const error = awsErrorOf(() =>
        f.ec2.authorizeSecurityGroupRules({
          groupId: pods,
          isEgress: false,
          permissions: [udp53({ cidrIp: '10.0.0.0/16' }), permission],
        }),
      );
      assert.equal(error.code, code);
      assert.equal(error.httpStatus, 400);
      assert.deepEqual(f.ec2.describeSecurityGroups({ groupIds: [pods] })[0]?.ipPermissions, []);
    });
  }

  it('refuses a duplicate (InvalidPermission.Duplicate) and the 61st rule of a direction', () => {
    const { f, pods } = groups();
    f.ec2.authorizeSecurityGroupRules({
      groupId: pods,
      isEgress: false,
      permissions: [udp53({ cidrIp: '10.0.0.0/16' })],
    });
    const dup = awsErrorOf(() =>
      f.ec2.authorizeSecurityGroupRules({
        groupId: pods,
        isEgress: false,
        permissions: [udp53({ cidrIp: '10.0.0.0/16' })],
      }),
    );
    assert.equal(dup.code, 'InvalidPermission.Duplicate');
    assert.equal(
      dup.message,
      'the specified rule "peer: 10.0.0.0/16, UDP, from port: 53, to port: 53, ALLOW" already exists',
    );
    const many = Array.from({ length: MAX_RULES_PER_DIRECTION }, (_, i) => ({ cidrIp: `10.1.${i}.0/24` }));
    const limit = awsErrorOf(() =>
      f.ec2.authorizeSecurityGroupRules({
        groupId: pods,
        isEgress: false,
        permissions: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, ipRanges: many, groups: [] }],
      }),
    );
    assert.equal(limit.code, 'RulesPerSecurityGroupLimitExceeded');
  });

  it('revokes by permission or rule ID; an unknown rule revokes nothing (InvalidPermission.NotFound)', () => {
    const { f, nodes, pods } = groups();
    const [a, b] = f.ec2.authorizeSecurityGroupRules({
      groupId: pods,
      isEgress: false,
      permissions: [udp53({ cidrIp: '10.0.0.0/16', groupId: nodes })],
    });
    const missing = awsErrorOf(() =>
      f.ec2.revokeSecurityGroupRules({
        groupId: pods,
        isEgress: false,
        permissions: [udp53({ cidrIp: '10.0.0.0/16' }), udp53({ cidrIp: '10.9.0.0/16' })],
      }),
    );
    assert.equal(missing.code, 'InvalidPermission.NotFound');
    assert.equal(
      f.ec2.describeSecurityGroupRules({ filters: [{ name: 'group-id', values: [pods] }] }).length,
      3,
    );
    f.ec2.revokeSecurityGroupRules({
      groupId: pods,
      isEgress: false,
      permissions: [udp53({ cidrIp: '10.0.0.0/16' })],
    });
    assert.equal(
      awsErrorOf(() => f.ec2.describeSecurityGroupRules({ ruleIds: [a!.ruleId] })).code,
      'InvalidSecurityGroupRuleId.NotFound',
    );
    // An egress rule's ID is unknown to an ingress revoke.
    const egress = f.ec2
      .describeSecurityGroupRules({ filters: [{ name: 'group-id', values: [pods] }] })
      .find((r) => r.isEgress)!;
    assert.equal(
      awsErrorOf(() =>
        f.ec2.revokeSecurityGroupRules({ groupId: pods, isEgress: false, ruleIds: [egress.ruleId] }),
      ).code,
      'InvalidSecurityGroupRuleId.NotFound',
    );
    assert.equal(
      awsErrorOf(() =>
        f.ec2.revokeSecurityGroupRules({ groupId: pods, isEgress: false, ruleIds: ['rule-1'] }),
      ).code,
      'InvalidSecurityGroupRuleId.Malformed',
    );
    f.ec2.revokeSecurityGroupRules({ groupId: pods, isEgress: false, ruleIds: [b!.ruleId] });
    assert.deepEqual(f.ec2.describeSecurityGroups({ groupIds: [pods] })[0]?.ipPermissions, []);
  });

  it('lets a flow through only when the source egress and the destination ingress both match', () => {
    const { f, nodes, pods } = groups();
    const dns = {
      protocol: 'udp',
      port: 53,
      from: { ip: '10.0.1.10', groupIds: [nodes] },
      to: { ip: '100.64.0.9', groupIds: [pods] },
    };
    assert.equal(f.ec2.securityGroupsAllow(dns), false);
    f.ec2.authorizeSecurityGroupRules({
      groupId: pods,
      isEgress: false,
      permissions: [udp53({ groupId: nodes })],
    });
    assert.equal(f.ec2.securityGroupsAllow(dns), true);
    assert.equal(f.ec2.securityGroupsAllow({ ...dns, protocol: 'tcp' }), false);
    assert.equal(f.ec2.securityGroupsAllow({ ...dns, from: { ...dns.from, groupIds: [pods] } }), false);
    f.ec2.revokeSecurityGroupRules({
      groupId: nodes,
      isEgress: true,
      permissions: [{ ipProtocol: '-1', ipRanges: [{ cidrIp: '0.0.0.0/0' }], groups: [] }],
    });
    assert.equal(f.ec2.securityGroupsAllow(dns), false);
  });
});
