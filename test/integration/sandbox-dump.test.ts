/**
 * `eks-cidr sandbox dump`: the current state of a running sandbox (snapshot + journal), read without
 * writing anything in its state directory.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateVpcCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { main } from '../../src/cli/main.js';
import { kubeconfigYaml } from '../../src/sandbox/state/kubeconfig.js';
import { clusterStaticToken } from '../../src/sandbox/server/auth/kube-tokens.js';
import { startTestSandbox } from '../helpers/sandbox.js';

async function eksCidr(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    exit: () => undefined,
  });
  return { code, stdout, stderr };
}

interface Dumped {
  journalSeq: number;
  ec2: { vpcs: Record<string, { cidrBlock: string }> };
  kube: {
    clusters: Record<
      string,
      { objects: Record<string, Record<string, { metadata: { name?: string }; data?: unknown }>> }
    >;
  };
}

describe('sandbox dump', () => {
  it("prints the running sandbox's current state, the journal since the snapshot included, writing nothing", async () => {
    const sb = await startTestSandbox({ scenario: 'basic' });
    try {
      const ec2 = new EC2Client(sb.clientConfig);
      const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.42.0.0/16' }))).Vpc?.VpcId ?? '';
      const secrets = JSON.parse(readFileSync(join(sb.stateDir, 'kube-tls.json'), 'utf8')) as {
        caCertPem: string;
        token: string;
      };
      const kc = new KubeConfig();
      kc.loadFromString(
        kubeconfigYaml({
          clusters: [{ name: 'demo', server: sb.sandbox.kubeEndpoint('demo') }],
          caCertPem: secrets.caCertPem,
          token: (name) => clusterStaticToken(secrets.token, name),
        }),
      );
      await kc.makeApiClient(CoreV1Api).createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: 'dumped' }, data: { k: 'v' } },
      });
      // state.json is the snapshot taken at the start: the two writes are only in the journal.
      const onDisk = readFileSync(join(sb.stateDir, 'state.json'), 'utf8');
      assert.ok(!onDisk.includes(vpcId));
      const files = ['state.json', 'journal.jsonl'].map((f) => statSync(join(sb.stateDir, f)));

      const r = await eksCidr(['sandbox', 'dump', '--state-dir', sb.stateDir]);
      assert.equal(r.code, 0, r.stderr);
      const dumped = JSON.parse(r.stdout) as Dumped;
      assert.equal(dumped.ec2.vpcs[vpcId]?.cidrBlock, '10.42.0.0/16');
      const objects = Object.values(dumped.kube.clusters.demo?.objects ?? {}).flatMap((b) =>
        Object.values(b),
      );
      assert.deepEqual(objects.find((o) => o.metadata.name === 'dumped')?.data, { k: 'v' });
      assert.equal(dumped.journalSeq, sb.sandbox.journal.stats().seq);

      // Nothing in the state directory changed, and the sandbox goes on serving.
      const after = ['state.json', 'journal.jsonl'].map((f) => statSync(join(sb.stateDir, f)));
      assert.deepEqual(
        after.map((s) => [s.size, s.mtimeMs]),
        files.map((s) => [s.size, s.mtimeMs]),
      );
      const vpcs = await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }));
      assert.equal(vpcs.Vpcs?.length, 1);
    } finally {
      await sb.cleanup();
    }
  });

  it('says so when the state directory holds no sandbox state (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eks-cidr-dump-'));
    try {
      const r = await eksCidr(['sandbox', 'dump', '--state-dir', dir]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /holds no sandbox state/);
      assert.match(r.stderr, /E_SANDBOX_NO_STATE/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
