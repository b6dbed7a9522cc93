/**
 * Every way `eks-cidr plan` refuses, over the wire: exit 2, a message naming the problem and what to
 * do, all problems at once, and not one mutating call in the sandbox trail.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { AssociateVpcCidrBlockCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DeleteAddonCommand, DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { kubeconfigOf, mutatingCalls, runCli, useSandboxEnv, type CliResult } from './plan-harness.js';

interface ErrorDoc {
  error: {
    code: string;
    exitCode: number;
    message: string;
    hint?: string;
    details?: { findings?: { code: string; message: string; hint?: string }[] };
  };
}

describe('plan refuses, with exit 2 and no mutating call', () => {
  let sb: TestSandbox;
  let dir: string;

  before(async () => {
    sb = await startTestSandbox({ scenario: 'exhausted' });
    useSandboxEnv(sb);
    dir = mkdtempSync(join(tmpdir(), 'plan-validation-'));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await sb.cleanup();
  });

  /** Runs plan with JSON errors and checks the common promises: exit 2, nothing changed. */
  async function refused(args: string[], env: Record<string, string> = {}): Promise<ErrorDoc['error']> {
    const before = mutatingCalls(sb).length;
    const result: CliResult = await runCli(
      sb,
      ['--output', 'json', 'plan', '--cluster', 'demo', ...args],
      env,
    );
    assert.equal(result.code, 2, `${args.join(' ')}: exit ${result.code}\n${result.stderr}`);
    assert.equal(result.stdout, '');
    assert.equal(mutatingCalls(sb).length, before, 'plan made a mutating call');
    const doc = JSON.parse(result.stderr) as ErrorDoc;
    assert.equal(doc.error.exitCode, 2);
    return doc.error;
  }
  const findingCodes = (e: ErrorDoc['error']) => (e.details?.findings ?? []).map((f) => f.code);

  it('a restricted block, with EC2 message and a hint', async () => {
    const e = await refused(['--cidr', '192.168.0.0/16']);
    assert.equal(e.code, 'E_VALIDATION');
    assert.deepEqual(findingCodes(e), ['InvalidVpc.Range']);
    assert.match(e.message, /The CIDR '192\.168\.0\.0\/16' is restricted/);
    assert.ok(e.details?.findings?.[0]?.hint);
  });

  it('a block of 10.0.0.0/16 when the VPC is in 10.0.0.0/15', async () => {
    const e = await refused(['--cidr', '10.0.128.0/17']);
    assert.deepEqual(findingCodes(e), ['InvalidVpc.Range']);
    assert.match(e.message, /The CIDR '10\.0\.128\.0\/17' is restricted/);
  });

  it('subnets that do not fit the block', async () => {
    assert.deepEqual(findingCodes(await refused(['--cidr', '100.64.0.0/26', '--subnet-prefix', '27'])), [
      'E_SUBNET_SPACE',
    ]);
    assert.deepEqual(findingCodes(await refused(['--cidr', '100.64.0.0/20', '--subnet-prefix', '16'])), [
      'E_SUBNET_PREFIX',
    ]);
  });

  it('an unknown zone and a zone with nodes left out, reported together', async () => {
    const e = await refused(['--zones', 'us-east-1a,us-west-2a']);
    assert.deepEqual(findingCodes(e), ['E_ZONE_UNKNOWN', 'E_ZONE_NOT_COVERED']);
    assert.match(e.message, /Value \(us-west-2a\) for parameter availabilityZone is invalid/);
    assert.match(e.message, /us-east-1b, us-east-1c/);
  });

  it('a security group outside the VPC', async () => {
    const e = await refused(['--security-groups', 'sg-0123456789abcdef0']);
    assert.deepEqual(findingCodes(e), ['InvalidGroup.NotFound']);
  });

  it('capacity loss below the floor', async () => {
    const e = await refused(['--min-max-pods', '25']);
    assert.deepEqual(findingCodes(e), ['E_CAPACITY_LOSS']);
    assert.match(e.message, /demo-nodes \(m5\.large\) would drop from \d+ to 20 pods per node/);
    assert.match(e.details?.findings?.[0]?.hint ?? '', /--allow-capacity-loss/);
    const allowed = await runCli(sb, [
      'plan',
      '--cluster',
      'demo',
      '--min-max-pods',
      '25',
      '--allow-capacity-loss',
    ]);
    assert.equal(allowed.code, 0, allowed.stderr);
  });

  it('several problems at once, in text too', async () => {
    const result = await runCli(sb, [
      'plan',
      '--cluster',
      'demo',
      '--cidr',
      '192.168.0.0/16',
      '--security-groups',
      'sg-0123456789abcdef0',
    ]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /fails validation \(2 problems\)/);
    assert.match(result.stderr, /\[InvalidVpc\.Range\]/);
    assert.match(result.stderr, /\[InvalidGroup\.NotFound\]/);
  });

  it('bad flags and a bad config file name the field', async () => {
    const e = await refused(['--cidr', '100.64.0.1/16', '--subnet-prefix', 'big']);
    assert.equal(e.code, 'E_INVALID_REQUEST');
    assert.match(e.message, /--cidr: .*host bits/);
    assert.match(e.message, /--subnet-prefix/);
    const file = join(dir, 'request.yaml');
    writeFileSync(file, 'cidr: auto\nzones: [Mars]\nsubnetPrefx: 19\n');
    const c = await refused(['--config', file]);
    assert.equal(c.code, 'E_CONFIG_INVALID');
    assert.match(c.message, /request\.yaml: field 'zones\[0\]': 'Mars' is not an availability zone name/);
    assert.match(c.message, /subnetPrefx/);
  });

  it('an unknown cluster', async () => {
    const e = await refused(['--cluster', 'nope']);
    assert.equal(e.code, 'E_CLUSTER_NOT_FOUND');
  });

  it('a kube context that points at another cluster', async () => {
    const config = parse(readFileSync(kubeconfigOf(sb), 'utf8')) as {
      clusters: { name: string; cluster: Record<string, unknown> }[];
      contexts: { name: string; context: { cluster: string; user: string } }[];
      users: { name: string }[];
      'current-context': string;
    };
    const user = config.users[0]?.name ?? 'demo';
    config.clusters.push({ name: 'prod', cluster: { server: 'https://127.0.0.1:1/k8s/prod' } });
    config.contexts.push({ name: 'prod', context: { cluster: 'prod', user } });
    const withProd = join(dir, 'with-prod.yaml');
    writeFileSync(withProd, stringify(config));
    const e = await refused(['--context', 'prod', '--kubeconfig', withProd]);
    assert.equal(e.code, 'E_KUBE_CONTEXT_MISMATCH');
    assert.match(
      e.message,
      /Context 'prod' points at https:\/\/127\.0\.0\.1:1\/k8s\/prod, not at cluster 'demo'/,
    );

    const onlyProd = join(dir, 'only-prod.yaml');
    writeFileSync(
      onlyProd,
      stringify({
        ...config,
        clusters: config.clusters.filter((c) => c.name === 'prod'),
        contexts: config.contexts.filter((c) => c.name === 'prod'),
        'current-context': 'prod',
      }),
    );
    const f = await refused([], { KUBECONFIG: onlyProd });
    assert.equal(f.code, 'E_KUBE_CONTEXT_MISMATCH');
    assert.match(f.hint ?? '', /aws eks update-kubeconfig --name demo/);
    // The right context by name works.
    const ok = await runCli(sb, ['plan', '--cluster', 'demo', '--kubeconfig', withProd, '--context', 'demo']);
    assert.equal(ok.code, 0, ok.stderr);
  });

  describe('after changes made by someone else', () => {
    it('the VPC CIDR quota', async () => {
      const ec2 = new EC2Client(sb.clientConfig);
      const eks = new EKSClient(sb.clientConfig);
      try {
        const { cluster } = await eks.send(new DescribeClusterCommand({ name: 'demo' }));
        const vpcId = cluster?.resourcesVpcConfig?.vpcId ?? '';
        for (const block of ['10.1.0.0/16', '10.2.0.0/16', '10.3.0.0/16', '10.4.0.0/16']) {
          await ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpcId, CidrBlock: block }));
        }
        const e = await refused([]);
        assert.deepEqual(findingCodes(e), ['CidrLimitExceeded']);
        assert.match(e.message, /has met its maximum number of allowed CIDRs: 5/);
      } finally {
        ec2.destroy();
        eks.destroy();
      }
    });

    it('no VPC CNI', async () => {
      const eks = new EKSClient(sb.clientConfig);
      try {
        await eks.send(new DeleteAddonCommand({ clusterName: 'demo', addonName: 'vpc-cni' }));
      } finally {
        eks.destroy();
      }
      const k8s = await import('@kubernetes/client-node');
      const kc = new k8s.KubeConfig();
      kc.loadFromFile(kubeconfigOf(sb));
      await kc
        .makeApiClient(k8s.AppsV1Api)
        .deleteNamespacedDaemonSet({ name: 'aws-node', namespace: 'kube-system' })
        .catch(() => undefined);
      const e = await refused([]);
      assert.ok(findingCodes(e).includes('E_CNI_NOT_FOUND'), e.message);
    });
  });
});
