/**
 * Instance types from AWS: the sandbox answers DescribeInstanceTypes in EC2's shape for every type of
 * the static table (and they agree, through the SDK and the tool's adapter) and for families the table
 * lacks; `max-pods` and `plan` use those answers, and offline the unknown-type error says why.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateNodegroupCommand, DescribeNodegroupCommand, EKSClient } from '@aws-sdk/client-eks';
import { inStaticTable, listInstanceTypes } from '../../src/shared/aws-facts/index.js';
import { extraInstanceTypes } from '../../src/sandbox/services/ec2/instance-type-catalog.js';
import { createAwsClients } from '../../src/tool/adapters/aws.js';
import { describeInstanceTypes } from '../../src/tool/adapters/instance-types.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { runEksCidr } from '../helpers/cli-process.js';

/** eni-max-pods.txt (awslabs/amazon-eks-ami) for the families the static table lacks. */
const ENI_MAX_PODS: Record<string, number> = {
  'm6in.large': 29,
  'c6in.xlarge': 58,
  'r7iz.2xlarge': 58,
  'm5zn.3xlarge': 234,
  'inf2.xlarge': 58,
  'trn1.32xlarge': 247,
  'g6e.xlarge': 58,
  'x2idn.16xlarge': 737,
};

describe('instance types from DescribeInstanceTypes', () => {
  let sb: TestSandbox;
  let home: string;
  before(async () => {
    sb = await startTestSandbox({ scenario: 'basic' });
    home = mkdtempSync(join(tmpdir(), 'eks-cidr-home-'));
  });
  after(async () => {
    await sb.cleanup();
    rmSync(home, { recursive: true, force: true });
  });

  const clients = () =>
    createAwsClients({ region: sb.clientConfig.region, endpoint: sb.endpoint, env: sb.env });

  it('the static table agrees with the sandbox answer for every type it lists, over several pages', async () => {
    Object.assign(process.env, sb.env);
    const aws = clients();
    try {
      const table = listInstanceTypes();
      const calls = () => sb.trail().filter((e) => e.action === 'DescribeInstanceTypes').length;
      const before = calls();
      const described = await describeInstanceTypes(
        aws,
        table.map((t) => t.instanceType),
      );
      assert.ok(calls() - before >= Math.ceil(table.length / 100), 'one page is at most 100 types');
      const byName = new Map(described.map((d) => [d.instanceType, d]));
      assert.equal(byName.size, table.length);
      for (const t of table) assert.deepEqual(byName.get(t.instanceType), t, t.instanceType);
    } finally {
      aws.destroy();
    }
  });

  it('describes families the table lacks with their real limits (eni-max-pods.txt)', async () => {
    const aws = clients();
    try {
      const extra = extraInstanceTypes();
      for (const t of extra) assert.ok(!inStaticTable(t.instanceType), `${t.instanceType} is in the table`);
      const described = await describeInstanceTypes(aws, Object.keys(ENI_MAX_PODS));
      assert.deepEqual(described.map((d) => d.instanceType).sort(), Object.keys(ENI_MAX_PODS).sort());
      for (const d of described)
        assert.equal(d.maxEnis * (d.ipv4PerEni - 1) + 2, ENI_MAX_PODS[d.instanceType], d.instanceType);
      // A name EC2 does not know is simply not described (a filter, not InstanceType.N).
      assert.deepEqual(await describeInstanceTypes(aws, ['m6in.nosuch']), []);
    } finally {
      aws.destroy();
    }
  });

  it('max-pods asks AWS for a type the table lacks, and says where the limits came from', async () => {
    const r = await runEksCidr(['max-pods', '-i', 'm6in.large,m5.large', '-o', 'json'], {
      ...sb.env,
      HOME: home,
    });
    assert.equal(r.code, 0, r.stderr);
    const rows = JSON.parse(r.stdout) as { instanceType: string; maxPods: number; limitsSource: string }[];
    assert.deepEqual(
      rows.map((x) => [x.instanceType, x.maxPods, x.limitsSource]),
      [
        ['m6in.large', 29, 'aws'],
        ['m5.large', 29, 'table'],
      ],
    );
    const text = await runEksCidr(['max-pods', '-i', 'trn1.32xlarge', '--custom-networking'], {
      ...sb.env,
      HOME: home,
    });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /trn1\.32xlarge\s+198\s+custom-networking\s+5\s+50\s+128/);
    assert.match(text.stdout, /limits of trn1\.32xlarge from EC2 DescribeInstanceTypes/);
  });

  it('the unknown-type error says whether AWS was asked', async () => {
    // No credential, profile or endpoint anywhere (the test process's own AWS settings blanked out).
    const none = Object.fromEntries(
      Object.keys(sb.env)
        .filter((k) => k.startsWith('AWS_'))
        .map((k) => [k, '']),
    );
    const offline = await runEksCidr(['max-pods', '-i', 'm6in.large'], { ...none, HOME: home });
    assert.equal(offline.code, 2);
    assert.match(offline.stderr, /unknown instance type 'm6in\.large'/);
    assert.match(offline.stderr, /EC2 was not asked: no AWS credentials, profile or endpoint is configured/);
    const unknown = await runEksCidr(['max-pods', '-i', 'm6in.huge'], { ...sb.env, HOME: home });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Neither the offline table nor EC2 DescribeInstanceTypes .* knows it/);
  });

  it('plan computes max-pods for a node group of a type only AWS knows', async () => {
    Object.assign(process.env, sb.env);
    const eks = new EKSClient(sb.clientConfig);
    try {
      const existing = (
        await eks.send(new DescribeNodegroupCommand({ clusterName: 'demo', nodegroupName: 'demo-nodes' }))
      ).nodegroup!;
      await eks.send(
        new CreateNodegroupCommand({
          clusterName: 'demo',
          nodegroupName: 'inference',
          subnets: existing.subnets,
          nodeRole: existing.nodeRole,
          instanceTypes: ['inf2.xlarge'],
          scalingConfig: { minSize: 0, maxSize: 1, desiredSize: 0 },
        }),
      );
      sb.sandbox.flush();
      const r = await runEksCidr(
        ['plan', '--cluster', 'demo', '-o', 'json', '--kubeconfig', sb.sandbox.paths!.kubeconfig],
        {
          ...sb.env,
          HOME: home,
        },
      );
      assert.equal(r.code, 0, r.stderr);
      const plan = JSON.parse(r.stdout) as {
        warnings: { code: string; message: string }[];
        summary: { nodegroups: { nodegroup: string; maxPodsBefore: number; maxPodsAfter: number }[] };
      };
      assert.ok(
        !plan.warnings.some((w) => w.code === 'W_UNKNOWN_INSTANCE_TYPE'),
        JSON.stringify(plan.warnings),
      );
      const inference = plan.summary.nodegroups.find((n) => n.nodegroup === 'inference');
      // inf2.xlarge: 4 interfaces of 15 addresses: 4 x 14 + 2 = 58 now; after, 3 x 14 + 2 = 44 with
      // custom networking, or still 58 in a mode that keeps the primary interface (subnet discovery).
      assert.equal(inference?.maxPodsBefore, 58);
      assert.ok([44, 58].includes(inference.maxPodsAfter), String(inference.maxPodsAfter));
      assert.ok(sb.trail().some((e) => e.action === 'DescribeInstanceTypes'));
    } finally {
      eks.destroy();
    }
  });
});
