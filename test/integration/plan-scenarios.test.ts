/**
 * `eks-cidr plan` over the wire: the exhausted scenario (a full plan), the applied scenario (only
 * no-ops), a partly applied cluster (only the missing steps), and auto CIDR around existing blocks.
 * Plan makes no mutating call in any of them.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssociateVpcCidrBlockCommand,
  CreateRouteCommand,
  CreateSubnetCommand,
  DescribeRouteTablesCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { DescribeClusterCommand, EKSClient, UpdateAddonCommand } from '@aws-sdk/client-eks';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { plan } from '../../src/tool/index.js';
import type { Plan } from '../../src/tool/index.js';
import { kubeconfigOf, mutatingCalls, runCli, useSandboxEnv } from './plan-harness.js';

const execFileAsync = promisify(execFile);
const pending = (p: Plan) => p.steps.filter((s) => s.action !== 'no-op').map((s) => s.id);

async function planOn(sb: TestSandbox, extra: Partial<Parameters<typeof plan>[0]> = {}): Promise<Plan> {
  return plan({
    cluster: 'demo',
    region: sb.sandbox.region,
    endpoint: sb.endpoint,
    kubeconfig: kubeconfigOf(sb),
    env: {},
    mode: 'custom-networking',
    ...extra,
  });
}

describe('plan on the exhausted scenario', () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startTestSandbox({ scenario: 'exhausted' });
    useSandboxEnv(sb);
  });
  after(() => sb.cleanup());

  it('plans the whole procedure, with capacity before and after, and changes nothing', async () => {
    const before = mutatingCalls(sb).length;
    const p = await planOn(sb);
    assert.equal(p.request.cidr, '100.64.0.0/16');
    assert.equal(p.request.subnetPrefix, 18);
    assert.deepEqual(p.request.zones, ['us-east-1a', 'us-east-1b', 'us-east-1c']);
    const ids = pending(p);
    for (const id of [
      'vpc-cidr',
      'subnet:us-east-1a',
      'subnet:us-east-1b',
      'subnet:us-east-1c',
      'eniconfig:us-east-1a',
      'cni',
    ]) {
      assert.ok(ids.includes(id), `${id} missing from ${ids.join(', ')}`);
    }
    const cni = p.steps.find((s) => s.id === 'cni');
    assert.equal(cni?.kind === 'configure-cni' && cni.target.mode, 'managed-addon');
    for (const zone of p.summary.zones) {
      // 12 free; with the simulated data plane each node's ipamd holds 9 of them (its primary ENI's).
      assert.equal(zone.podAddressesBefore, (p.summary.nodegroups[0]?.nodes ?? 0) > 0 ? 3 : 12);
      assert.equal(zone.podAddressesAfter, 16379);
    }
    assert.equal(p.summary.nodegroups[0]?.nodegroup, 'demo-nodes');
    assert.deepEqual(p.summary.nodegroups[0]?.instanceTypes, ['m5.large']);
    // The simulation's nodes give pods node-subnet addresses: the node group has a launch template, so
    // auto rolls it in place (it keeps its name); --rotation replace replaces, drains and deletes it.
    assert.equal(p.summary.nodegroups[0]?.nodes, 3);
    assert.ok(ids.includes('roll:demo-nodes'), ids.join(', '));
    assert.ok(!ids.some((id) => /^(nodegroup|drain|delete-nodegroup):/.test(id)), ids.join(', '));
    const replaced = pending(await planOn(sb, { rotation: 'replace' }));
    assert.ok(replaced.includes('nodegroup:demo-nodes-eks-cidr'));
    assert.ok(replaced.includes('drain:demo-nodes'));
    assert.ok(replaced.includes('delete-nodegroup:demo-nodes'));
    assert.equal(p.summary.nodegroups[0]?.maxPodsBefore, 29);
    assert.equal(p.summary.nodegroups[0]?.maxPodsAfter, 20);
    assert.equal(mutatingCalls(sb).length, before);
  });

  it('prints the diff as text and the documented JSON', async () => {
    const text = await runCli(sb, ['plan', '--cluster', 'demo']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^\+ vpc-cidr +associate 100\.64\.0\.0\/16/m);
    assert.match(text.stdout, /Pod addresses per zone/);
    const json = await runCli(sb, ['--output', 'json', 'plan', '--cluster', 'demo']);
    assert.equal(json.code, 0, json.stderr);
    const doc = JSON.parse(json.stdout) as Plan;
    assert.equal(doc.schemaVersion, 1);
    assert.equal(doc.cluster, 'demo');
    assert.ok(doc.steps.length >= 11);
    assert.equal(mutatingCalls(sb).length, 0);
  });
  it('runs as its own process with only the environment pointing at the sandbox', async () => {
    const bin = fileURLToPath(new URL('../../../bin/eks-cidr.js', import.meta.url));
    const { stdout } = await execFileAsync(
      process.execPath,
      [bin, '--output', 'json', 'plan', '--cluster', 'demo', '--mode', 'custom-networking'],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          ...sb.env,
          KUBECONFIG: kubeconfigOf(sb),
        },
      },
    );
    const doc = JSON.parse(stdout) as Plan;
    assert.equal(doc.request.cidr, '100.64.0.0/16');
    assert.ok(doc.steps.some((st) => st.id === 'roll:demo-nodes'));
    const failed = await execFileAsync(
      process.execPath,
      [bin, 'plan', '--cluster', 'demo', '--cidr', '172.16.0.0/16'],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          ...sb.env,
          KUBECONFIG: kubeconfigOf(sb),
        },
      },
    ).then(
      () => assert.fail('expected exit 2'),
      (err: { code?: number; stderr?: string }) => err,
    );
    assert.equal(failed.code, 2);
    assert.match(failed.stderr ?? '', /InvalidVpc\.Range/);
    assert.equal(mutatingCalls(sb).length, 0);
  });
});

describe('plan on the applied scenario', () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startTestSandbox({ scenario: 'applied' });
    useSandboxEnv(sb);
  });
  after(() => sb.cleanup());

  it('finds everything in place: only no-ops, with the values apply used', async () => {
    const p = await planOn(sb);
    assert.deepEqual(pending(p), []);
    assert.equal(p.request.cidr, '100.64.0.0/16');
    assert.equal(p.request.cidrSource, 'existing');
    assert.equal(p.request.subnetPrefix, 19);
    assert.ok(p.steps.some((s) => s.id === 'nodegroup:demo-nodes-eks-cidr'));
    const cli = await runCli(sb, ['plan', '--cluster', 'demo']);
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stdout, /Nothing to do/);
  });
});

describe('plan on a partly applied cluster and around existing blocks', () => {
  let sb: TestSandbox;
  let ec2: EC2Client;
  let vpcId: string;
  before(async () => {
    sb = await startTestSandbox({ scenario: 'exhausted' });
    useSandboxEnv(sb);
    ec2 = new EC2Client(sb.clientConfig);
    const eks = new EKSClient(sb.clientConfig);
    const { cluster } = await eks.send(new DescribeClusterCommand({ name: 'demo' }));
    eks.destroy();
    vpcId = cluster?.resourcesVpcConfig?.vpcId ?? '';
  });
  after(async () => {
    ec2.destroy();
    await sb.cleanup();
  });

  it('plans only the steps still missing after an interrupted apply', async () => {
    await ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpcId, CidrBlock: '100.64.0.0/16' }));
    await ec2.send(
      new CreateSubnetCommand({
        VpcId: vpcId,
        CidrBlock: '100.64.0.0/18',
        AvailabilityZone: 'us-east-1a',
        TagSpecifications: [
          {
            ResourceType: 'subnet',
            Tags: [
              { Key: 'Name', Value: 'eks-cidr-us-east-1a' },
              { Key: 'eks-cidr.io/cluster', Value: 'demo' },
              { Key: 'eks-cidr.io/managed-by', Value: 'eks-cidr' },
            ],
          },
        ],
      }),
    );
    const p = await planOn(sb);
    assert.equal(p.request.cidr, '100.64.0.0/16');
    assert.equal(p.request.cidrSource, 'existing');
    const ids = pending(p);
    assert.ok(!ids.includes('vpc-cidr'));
    assert.ok(!ids.includes('subnet:us-east-1a'));
    assert.ok(ids.includes('route-table:us-east-1a'));
    assert.ok(ids.includes('subnet:us-east-1b') && ids.includes('subnet:us-east-1c'));
    assert.deepEqual(p.request.zoneSubnets, {
      'us-east-1a': '100.64.0.0/18',
      'us-east-1b': '100.64.64.0/18',
      'us-east-1c': '100.64.128.0/18',
    });
  });
  it('with custom networking already on, still rotates node groups whose pods use node-subnet addresses', async () => {
    const eks = new EKSClient(sb.clientConfig);
    try {
      await eks.send(
        new UpdateAddonCommand({
          clusterName: 'demo',
          addonName: 'vpc-cni',
          configurationValues: JSON.stringify({
            env: {
              AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true',
              ENI_CONFIG_LABEL_DEF: 'topology.kubernetes.io/zone',
            },
          }),
        }),
      );
    } finally {
      eks.destroy();
    }
    const p = await planOn(sb);
    assert.equal(p.steps.find((s) => s.id === 'cni')?.action, 'no-op');
    assert.ok(pending(p).includes('roll:demo-nodes'), pending(p).join(', '));
  });
});

describe('auto CIDR around existing 100.64 blocks and routes', () => {
  let sb: TestSandbox;
  let ec2: EC2Client;
  let vpcId: string;
  before(async () => {
    sb = await startTestSandbox({ scenario: 'exhausted' });
    useSandboxEnv(sb);
    ec2 = new EC2Client(sb.clientConfig);
    const eks = new EKSClient(sb.clientConfig);
    const { cluster } = await eks.send(new DescribeClusterCommand({ name: 'demo' }));
    eks.destroy();
    vpcId = cluster?.resourcesVpcConfig?.vpcId ?? '';
  });
  after(async () => {
    ec2.destroy();
    await sb.cleanup();
  });

  it('skips a foreign 100.64 block and a route destination, and refuses a block under a route', async () => {
    // Someone else's block with a subnet in it, and a route to 100.65.0.0/16 through the NAT gateway.
    await ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpcId, CidrBlock: '100.64.0.0/16' }));
    await ec2.send(
      new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '100.64.0.0/24', AvailabilityZone: 'us-east-1a' }),
    );
    const tables = await ec2.send(
      new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }),
    );
    const withNat = tables.RouteTables?.find((t) => t.Routes?.some((r) => r.NatGatewayId));
    const nat = withNat?.Routes?.find((r) => r.NatGatewayId)?.NatGatewayId;
    assert.ok(withNat?.RouteTableId && nat);
    await ec2.send(
      new CreateRouteCommand({
        RouteTableId: withNat.RouteTableId,
        DestinationCidrBlock: '100.65.0.0/16',
        NatGatewayId: nat,
      }),
    );
    const mutationsBefore = mutatingCalls(sb).length;

    const p = await planOn(sb);
    assert.equal(p.request.cidr, '100.66.0.0/16');
    assert.equal(p.request.cidrSource, 'auto');
    assert.equal(pending(p)[0], 'vpc-cidr');

    const cli = await runCli(sb, [
      '--output',
      'json',
      'plan',
      '--cluster',
      'demo',
      '--cidr',
      '100.65.0.0/16',
    ]);
    assert.equal(cli.code, 2);
    const error = (
      JSON.parse(cli.stderr) as {
        error: { code: string; details: { findings: { code: string; message: string }[] } };
      }
    ).error;
    assert.equal(error.code, 'E_VALIDATION');
    assert.equal(error.details.findings[0]?.code, 'InvalidVpc.Range');
    assert.match(error.details.findings[0]?.message ?? '', /route/);
    assert.equal(mutatingCalls(sb).length, mutationsBefore);
  });
});
