/**
 * Persistence in O(change): every write is journaled (fsynced) before it is answered, ticks that
 * changed the world too, and a restart replays the journal on the last snapshot to exactly the state
 * the crashed sandbox had.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AssignPrivateIpAddressesCommand,
  AssociateVpcCidrBlockCommand,
  CreateNetworkInterfaceCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { EKSClient, UpdateNodegroupConfigCommand } from '@aws-sdk/client-eks';
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { ManualClock } from '../../src/sandbox/core/clock.js';
import { kubeconfigYaml } from '../../src/sandbox/state/kubeconfig.js';
import { defaultTiming } from '../../src/sandbox/world.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { clusterStaticToken } from '../../src/sandbox/server/auth/kube-tokens.js';

function kubeConfigFor(sb: TestSandbox, cluster: string): KubeConfig {
  const secrets = JSON.parse(readFileSync(join(sb.stateDir, 'kube-tls.json'), 'utf8')) as {
    caCertPem: string;
    token: string;
  };
  const kc = new KubeConfig();
  kc.loadFromString(
    kubeconfigYaml({
      clusters: [{ name: cluster, server: sb.sandbox.kubeEndpoint(cluster) }],
      caCertPem: secrets.caCertPem,
      token: (name) => clusterStaticToken(secrets.token, name),
    }),
  );
  return kc;
}

describe('sandbox journal', () => {
  it('replays a crashed sandbox to exactly the state it had: AWS writes, Kubernetes writes and the simulation', async () => {
    const clock = new ManualClock();
    const first = await startTestSandbox({ clock, timing: defaultTiming, scenario: 'basic' });
    const copy = mkdtempSync(join(tmpdir(), 'eks-cidr-journal-'));
    let second: TestSandbox | undefined;
    try {
      const ec2 = new EC2Client(first.clientConfig);
      const eks = new EKSClient(first.clientConfig);
      const kc = kubeConfigFor(first, 'demo');
      const apps = kc.makeApiClient(AppsV1Api);
      const core = kc.makeApiClient(CoreV1Api);
      const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }))).Vpc?.VpcId ?? '';
      await ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpcId, CidrBlock: '100.64.0.0/16' }));
      clock.advance(2_500);
      const subnet = await ec2.send(
        new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '100.64.0.0/20', AvailabilityZone: 'us-east-1a' }),
      );
      const subnetId = subnet.Subnet?.SubnetId ?? '';
      await ec2.send(
        new CreateTagsCommand({ Resources: [subnetId], Tags: [{ Key: 'Name', Value: 'pods-a' }] }),
      );
      const eni = await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId }));
      await ec2.send(
        new AssignPrivateIpAddressesCommand({
          NetworkInterfaceId: eni.NetworkInterface?.NetworkInterfaceId ?? '',
          SecondaryPrivateIpAddressCount: 5,
        }),
      );
      await core.createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: 'kept' }, data: { k: 'v' } },
      });
      await apps.createNamespacedDeployment({
        namespace: 'default',
        body: {
          metadata: { name: 'web' },
          spec: {
            replicas: 6,
            selector: { matchLabels: { app: 'web' } },
            template: {
              metadata: { labels: { app: 'web' } },
              spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
            },
          },
        },
      });
      await eks.send(
        new UpdateNodegroupConfigCommand({
          clusterName: 'demo',
          nodegroupName: 'demo-nodes',
          scalingConfig: { minSize: 1, maxSize: 5, desiredSize: 4 },
        }),
      );
      // Time passes: nodes boot, pods are scheduled and addressed by the simulation (ticks journaled).
      for (let i = 0; i < 12; i++) {
        clock.advance(1_000);
        await ec2.send(new DescribeVpcsCommand({}));
      }
      await core.deleteNamespacedConfigMap({ name: 'kept', namespace: 'default' });
      ec2.destroy();
      eks.destroy();
      const journal = readFileSync(join(first.stateDir, 'journal.jsonl'), 'utf8').trim().split('\n');
      const kinds = new Set(journal.map((l) => (JSON.parse(l) as { kind: string }).kind));
      assert.deepEqual([...kinds].sort(), ['aws', 'kube', 'tick']);

      // A copy of the directory as a kill -9 leaves it: snapshot + journal, no clean stop.
      cpSync(first.stateDir, copy, { recursive: true, filter: (src) => !src.endsWith('sandbox.json') });
      // As JSON: fields left undefined in memory are absent from any persisted form.
      const asJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v));
      const expected = asJson(first.sandbox.world.snapshot());
      second = await startTestSandbox({ stateDir: copy, clock, timing: defaultTiming });
      assert.equal(second.sandbox.restored, true);
      assert.deepEqual(asJson(second.sandbox.world.snapshot()), expected);
      assert.ok(
        JSON.stringify(expected).includes('"podIP"'),
        'the simulation addressed pods before the crash',
      );
    } finally {
      await second?.cleanup({ keepState: true });
      await first.cleanup();
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('a clean stop leaves a snapshot and an empty journal; flush() snapshots changes made in-process', async () => {
    const first = await startTestSandbox();
    try {
      const ec2 = new EC2Client(first.clientConfig);
      await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
      ec2.destroy();
      assert.equal(readFileSync(join(first.stateDir, 'journal.jsonl'), 'utf8').trim().split('\n').length, 1);
      first.sandbox.flush();
      assert.equal(readFileSync(join(first.stateDir, 'journal.jsonl'), 'utf8'), '');
      const saved = JSON.parse(readFileSync(join(first.stateDir, 'state.json'), 'utf8')) as {
        journalSeq: number;
      };
      assert.equal(saved.journalSeq, 1);
    } finally {
      await first.cleanup();
    }
  });
});
