/**
 * The simulation honours security groups where doctor claims an effect: pods behind ENIConfig groups
 * that do not admit DNS from the nodes cannot resolve names, so verify --smoke's pods (their readiness
 * probe is a lookup) never become Ready and verify fails saying why.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AuthorizeSecurityGroupIngressCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import type { TestSandbox } from '../helpers/sandbox.js';
import { cli, startScenario } from './apply-harness.js';

const SMOKE = [
  'verify',
  '--cluster',
  'demo',
  '--smoke',
  '--wait',
  '15',
  '--poll-interval',
  '200',
  '--output',
  'json',
];

describe('verify --smoke and security groups', () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startScenario('broken-pod-security-groups-block-nodes');
  });
  after(async () => {
    await sb.cleanup();
  });

  it('fails when the pod security groups block DNS: the smoke pods run but never become Ready', async () => {
    const r = await cli(sb, SMOKE);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const report = JSON.parse(r.stdout) as { ok: boolean; problems: { name: string; reason: string }[] };
    assert.equal(report.ok, false);
    assert.ok(
      report.problems.some(
        (p) => p.name === 'default/eks-cidr-smoke' && /DNS lookup .* fails/.test(p.reason),
      ),
      JSON.stringify(report.problems),
    );
  });

  it('passes once the pod group admits the cluster security group', async () => {
    const ec2 = new EC2Client(sb.clientConfig);
    try {
      const groups = (await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups ?? [];
      const pods = groups.find((g) => g.GroupName === 'demo-pods')?.GroupId ?? '';
      const cluster = groups.find((g) => g.GroupName?.startsWith('eks-cluster-sg-demo'))?.GroupId ?? '';
      await ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: pods,
          IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: cluster }, { GroupId: pods }] }],
        }),
      );
    } finally {
      ec2.destroy();
    }
    const r = await cli(sb, SMOKE);
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });
});
