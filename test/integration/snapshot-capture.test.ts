/**
 * `eks-cidr snapshot` against a sandbox as the "real" cluster: read-only (no mutating call in the
 * trail), the documented versioned format, and nothing secret: env values, secrets, container args,
 * commands, volumes and annotations seeded in the source appear nowhere in the file.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppsV1Api, CoreV1Api, KubeConfig, PolicyV1Api } from '@kubernetes/client-node';
import { parseSnapshotFile, type SnapshotFile } from '../../src/shared/snapshot/schema.js';
import type { TestSandbox } from '../helpers/sandbox.js';
import { cli, startScenario } from './apply-harness.js';

/** Values that must never reach a snapshot file. */
const SECRETS = {
  envValue: 'env-value-4f1c2b9e',
  secretData: 'secret-data-77ad03e1',
  arg: '--token=arg-value-9c3e5d21',
  command: 'command-value-1b2e4f6a',
  annotation: 'annotation-value-5e8a7c44',
  nodeAnnotation: 'node-annotation-value-3d9b1f07',
  volume: 'volume-name-6c2d8e19',
  image: 'registry.example.com/private/image-8f3a6b20',
};

describe('eks-cidr snapshot', () => {
  let sb: TestSandbox;
  let dir: string;
  let file: SnapshotFile;
  let text: string;
  let mutatingDuringSnapshot: string[];

  before(async () => {
    sb = await startScenario('exhausted');
    dir = mkdtempSync(join(tmpdir(), 'eks-cidr-snapshot-'));
    const kc = new KubeConfig();
    kc.loadFromFile(sb.sandbox.paths!.kubeconfig);
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespacedSecret({
      namespace: 'default',
      body: { metadata: { name: 'db' }, stringData: { password: SECRETS.secretData } },
    });
    const labels = { app: 'api' };
    await kc.makeApiClient(AppsV1Api).createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'api', annotations: { 'example.com/owner': SECRETS.annotation } },
        spec: {
          replicas: 2,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels, annotations: { 'example.com/config': SECRETS.annotation } },
            spec: {
              nodeSelector: { 'kubernetes.io/os': 'linux' },
              tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'api', effect: 'NoSchedule' }],
              containers: [
                {
                  name: 'api',
                  image: SECRETS.image,
                  command: [SECRETS.command],
                  args: [SECRETS.arg],
                  env: [
                    { name: 'PLAIN', value: SECRETS.envValue },
                    {
                      name: 'PASSWORD',
                      valueFrom: { secretKeyRef: { name: 'db', key: 'password' } },
                    },
                  ],
                  volumeMounts: [{ name: SECRETS.volume, mountPath: '/secrets' }],
                  resources: { requests: { cpu: '250m', memory: '64Mi' } },
                },
              ],
              volumes: [{ name: SECRETS.volume, secret: { secretName: 'db' } }],
            },
          },
        },
      },
    });
    await kc.makeApiClient(PolicyV1Api).createNamespacedPodDisruptionBudget({
      namespace: 'default',
      body: { metadata: { name: 'api' }, spec: { minAvailable: 1, selector: { matchLabels: labels } } },
    });
    const node = (await core.listNode()).items[0]!;
    await core.patchNode({
      name: node.metadata!.name!,
      body: [
        {
          op: 'add',
          path: '/metadata/annotations',
          value: {
            ...node.metadata!.annotations,
            'example.com/inventory': SECRETS.nodeAnnotation,
            'k8s.amazonaws.com/eniConfig': 'us-east-1a',
          },
        },
      ],
    });
    const out = join(dir, 'snapshot.json');
    const before = sb.trail().length;
    const r = await cli(sb, ['snapshot', '--cluster', 'demo', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Snapshot of cluster demo \(us-east-1\): 6 subnets, 1 node groups, 3 nodes/);
    mutatingDuringSnapshot = sb
      .trail()
      .slice(before)
      .filter((e) => !e.readOnly)
      .map((e) => `${e.service} ${e.action}`);
    text = readFileSync(out, 'utf8');
    file = parseSnapshotFile(JSON.parse(text));
  });

  after(async () => {
    await sb.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes only read calls', () => {
    assert.deepEqual(mutatingDuringSnapshot, []);
  });

  it('contains no env value, secret, arg, command, volume, image or non-CNI annotation', () => {
    for (const [what, value] of Object.entries(SECRETS)) {
      assert.equal(text.includes(value), false, `${what} '${value}' leaked into the snapshot`);
    }
    assert.equal(/"env"\s*:\s*\{[^}]*PLAIN/.test(text), false);
    assert.equal(text.includes('PASSWORD'), false);
  });

  it('keeps the CNI annotation and what the scheduler reads', () => {
    const annotated = file.kube.nodes.find((n) => Object.keys(n.annotations).length > 0);
    assert.deepEqual(annotated?.annotations, { 'k8s.amazonaws.com/eniConfig': 'us-east-1a' });
    const api = file.kube.workloads.find((w) => w.kind === 'Deployment' && w.name === 'api');
    assert.ok(api, 'the api deployment is captured');
    assert.equal(api.replicas, 2);
    assert.deepEqual(api.selector, { matchLabels: { app: 'api' } });
    assert.deepEqual(api.template.containers, [
      { name: 'api', requests: { cpu: '250m', memory: '64Mi' }, limits: {} },
    ]);
    assert.deepEqual(api.template.nodeSelector, { 'kubernetes.io/os': 'linux' });
    assert.equal(api.template.tolerations?.[0]?.['key'], 'dedicated');
    assert.deepEqual(
      file.kube.podDisruptionBudgets.filter((p) => p.name === 'api'),
      [{ namespace: 'default', name: 'api', selector: { matchLabels: { app: 'api' } }, minAvailable: 1 }],
    );
    assert.ok(file.kube.workloads.some((w) => w.kind === 'DaemonSet' && w.name === 'aws-node'));
  });

  it('captures the network and how full it is', () => {
    assert.equal(file.format, 'eks-cidr.snapshot');
    assert.equal(file.version, 1);
    assert.equal(file.cluster.name, 'demo');
    assert.equal(file.subnets.length, 6);
    for (const id of file.cluster.subnetIds) {
      const subnet = file.subnets.find((s) => s.subnetId === id)!;
      const use = file.addressUse.subnets.find((u) => u.subnetId === id)!;
      // A /24 has 251 usable addresses: every one not free is on an ENI of the summary.
      assert.equal(subnet.availableIpAddressCount, 251 - use.addresses - 16 * use.prefixes);
      assert.ok(subnet.availableIpAddressCount < 20, 'the exhausted node subnets are nearly full');
      assert.ok(use.addresses > use.clusterAddresses, 'other tenants hold addresses in the node subnets');
      assert.ok(use.clusterAddresses > 0);
    }
    assert.equal(file.addressUse.instances.length, 3);
    for (const inst of file.addressUse.instances) {
      assert.equal(inst.networkInterfaces[0]?.deviceIndex, 0);
      assert.ok(file.kube.nodes.some((n) => n.instanceId === inst.instanceId));
    }
    assert.ok(file.securityGroups.some((g) => g.groupId === file.cluster.clusterSecurityGroupId));
    assert.deepEqual(file.addons.map((a) => a.name).sort(), ['coredns', 'kube-proxy', 'vpc-cni']);
    assert.equal(file.nodegroups[0]?.launchTemplate?.id.startsWith('lt-'), true);
    const web = file.kube.pods.filter((p) => p.labels['app'] === 'web');
    assert.equal(web.length, 45);
    assert.ok(web.some((p) => !p.hasAddress) && web.some((p) => p.hasAddress));
    assert.ok(web.every((p) => p.owner?.kind === 'ReplicaSet'));
    const node = file.kube.nodes[0]!;
    assert.equal(node.capacity['pods'], '29');
    assert.ok(node.conditions.some((c) => c.type === 'Ready' && c.status === 'True'));
  });

  it('--anonymize replaces the account, ids and names consistently', async () => {
    const r = await cli(sb, ['snapshot', '--cluster', 'demo', '--anonymize']);
    assert.equal(r.code, 0, r.stderr);
    const anon = parseSnapshotFile(JSON.parse(r.stdout));
    assert.equal(anon.anonymized, true);
    for (const real of [
      file.cluster.name,
      file.vpc.vpcId,
      file.cluster.clusterSecurityGroupId!,
      ...file.cluster.subnetIds,
      file.nodegroups[0]!.name,
      file.nodegroups[0]!.launchTemplate!.id,
      file.addressUse.instances[0]!.instanceId,
    ]) {
      assert.equal(r.stdout.includes(`"${real}"`), false, `${real} is still in the anonymized file`);
    }
    // Consistent: the cluster's subnets are still the VPC's subnets, the node group's subnets, and
    // the node group's nodes still name it.
    const subnetIds = new Set(anon.subnets.map((s) => s.subnetId));
    for (const id of anon.cluster.subnetIds) assert.ok(subnetIds.has(id));
    for (const id of anon.nodegroups[0]!.subnets) assert.ok(subnetIds.has(id));
    assert.equal(anon.cluster.vpcId, anon.vpc.vpcId);
    assert.ok(anon.kube.nodes.every((n) => n.nodegroup === anon.nodegroups[0]!.name));
    assert.deepEqual(
      anon.subnets.map((s) => [s.cidr, s.zone, s.availableIpAddressCount]),
      file.subnets.map((s) => [s.cidr, s.zone, s.availableIpAddressCount]),
    );
  });
});
