/**
 * Enhanced subnet discovery over the wire, as the VPC CNI does it: on `exhausted` (vpc-cni 1.19), a
 * subnet of a new block tagged `kubernetes.io/role/cni=1` in each zone lets the stuck pods start on
 * the same nodes with addresses from it, with no node change. A version update of the add-on
 * (UpdateAddon addonVersion) rolls aws-node onto the new image and restarts ipamd on every node: the
 * ENIs stay, and with 1.22 a node subnet tagged `0` stops serving new pods. On `exhausted-old-cni`
 * (1.15) the tag does nothing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AssociateVpcCidrBlockCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSubnetsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  DescribeAddonCommand,
  DescribeAddonVersionsCommand,
  DescribeClusterCommand,
  EKSClient,
  UpdateAddonCommand,
} from '@aws-sdk/client-eks';
import { AppsV1Api, CoreV1Api, KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { contains, parseCidr, parseIPv4 } from '../../src/shared/cidr/index.js';
import { kubeconfigYaml } from '../../src/sandbox/state/kubeconfig.js';
import { ManualClock } from '../../src/sandbox/core/clock.js';
import { instantTiming } from '../../src/sandbox/world.js';
import { SANDBOX_RETRY_MS } from '../../src/sandbox/sim/kubelet.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { clusterStaticToken } from '../../src/sandbox/server/auth/kube-tokens.js';

const BLOCK = '100.64.0.0/16';
const inBlock = (ip: string | undefined) => ip !== undefined && contains(parseCidr(BLOCK), parseIPv4(ip));

async function eventually<T>(probe: () => Promise<T>, check: (value: T) => boolean, tries = 150): Promise<T> {
  let value = await probe();
  for (let i = 0; i < tries && !check(value); i++) {
    await new Promise((r) => setTimeout(r, 20));
    value = await probe();
  }
  return value;
}

function clients(sb: TestSandbox) {
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
  return {
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    ec2: new EC2Client(sb.clientConfig),
    eks: new EKSClient(sb.clientConfig),
  };
}

/** Associates the block and carves one subnet per zone of the node subnets, tagged as given. */
async function carvePodSubnets(ec2: EC2Client, eks: EKSClient, tags: Record<string, string>) {
  const cluster = (await eks.send(new DescribeClusterCommand({ name: 'demo' }))).cluster!;
  const vpcId = cluster.resourcesVpcConfig!.vpcId!;
  const nodeSubnets = (
    await ec2.send(new DescribeSubnetsCommand({ SubnetIds: cluster.resourcesVpcConfig!.subnetIds! }))
  ).Subnets!;
  await ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpcId, CidrBlock: BLOCK }));
  const zones = [...new Set(nodeSubnets.map((s) => s.AvailabilityZone!))].sort();
  const created: string[] = [];
  for (const [i, zone] of zones.entries()) {
    const subnet = (
      await ec2.send(
        new CreateSubnetCommand({
          VpcId: vpcId,
          AvailabilityZone: zone,
          CidrBlock: `100.64.${i * 32}.0/19`,
          TagSpecifications: [
            { ResourceType: 'subnet', Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) },
          ],
        }),
      )
    ).Subnet!;
    created.push(subnet.SubnetId!);
  }
  return { nodeSubnets: nodeSubnets.map((s) => s.SubnetId!), podSubnets: created };
}

const webPods = async (core: CoreV1Api) =>
  (await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=web' })).items;
const running = (pods: V1Pod[]) => pods.filter((p) => p.status?.phase === 'Running');

describe('simulated VPC CNI: enhanced subnet discovery', () => {
  let sb: TestSandbox;
  let c: ReturnType<typeof clients>;
  const clock = new ManualClock(Date.now());
  before(async () => {
    sb = await startTestSandbox({ scenario: 'exhausted', clock });
    c = clients(sb);
  });
  after(async () => {
    c.ec2.destroy();
    c.eks.destroy();
    await sb.cleanup();
  });

  it('gives the stuck pods addresses from the tagged subnets on the same nodes', async () => {
    const before = await webPods(c.core);
    const stuck = before.filter((p) => p.status?.phase !== 'Running');
    assert.ok(stuck.length > 0, 'exhausted has pods waiting for an address');
    const nodesBefore = (await c.core.listNode()).items.map((n) => n.metadata!.name!).sort();

    const { podSubnets } = await carvePodSubnets(c.ec2, c.eks, { 'kubernetes.io/role/cni': '1' });
    // ipamd retries an ENI 120 s after its last InsufficientCidr error, as the real one does.
    clock.advance(121_000);
    const pods = await eventually(
      () => webPods(c.core),
      (l) => running(l).length === l.length,
    );
    assert.equal(running(pods).length, pods.length, 'every web pod runs');
    assert.ok(
      pods.some((p) => inBlock(p.status?.podIP)),
      'some pods have addresses from the new block',
    );
    const nodesAfter = (await c.core.listNode()).items.map((n) => n.metadata!.name!).sort();
    assert.deepEqual(nodesAfter, nodesBefore, 'no node was added or replaced');
    const enis = (
      await c.ec2.send(
        new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'subnet-id', Values: podSubnets }] }),
      )
    ).NetworkInterfaces!;
    assert.ok(enis.length > 0);
    assert.ok(enis.every((e) => e.Description?.startsWith('aws-K8S-i-')));
    const mutatingNodeCalls = sb
      .trail()
      .filter((e) =>
        ['CreateNodegroup', 'DeleteNodegroup', 'TerminateInstances', 'RunInstances'].includes(e.action),
      );
    const scenarioCalls = mutatingNodeCalls.filter((e) => e.action !== 'CreateNodegroup');
    assert.deepEqual(scenarioCalls, []);
  });

  it('lists the add-on versions and rolls aws-node onto a new version', async () => {
    const versions = (
      await c.eks.send(new DescribeAddonVersionsCommand({ addonName: 'vpc-cni' }))
    ).addons![0]!.addonVersions!.map((v) => v.addonVersion!);
    assert.ok(versions.includes('v1.22.3-eksbuild.1'));
    assert.ok(versions.includes('v1.15.1-eksbuild.1'));
    const nodeSubnets = (await c.eks.send(new DescribeClusterCommand({ name: 'demo' }))).cluster!
      .resourcesVpcConfig!.subnetIds!;
    // Tag 0 on the node subnets: with 1.19 the key alone counts, nothing is excluded.
    await c.ec2.send(
      new CreateTagsCommand({
        Resources: nodeSubnets,
        Tags: [{ Key: 'kubernetes.io/role/cni', Value: '0' }],
      }),
    );
    await c.eks.send(
      new UpdateAddonCommand({
        clusterName: 'demo',
        addonName: 'vpc-cni',
        addonVersion: 'v1.22.3-eksbuild.1',
      }),
    );
    const addon = await eventually(
      async () =>
        (await c.eks.send(new DescribeAddonCommand({ clusterName: 'demo', addonName: 'vpc-cni' }))).addon!,
      (a) => a.status === 'ACTIVE',
    );
    assert.equal(addon.addonVersion, 'v1.22.3-eksbuild.1');
    const ds = await eventually(
      () => c.apps.readNamespacedDaemonSet({ name: 'aws-node', namespace: 'kube-system' }),
      (d) =>
        d.status?.updatedNumberScheduled === d.status?.desiredNumberScheduled &&
        (d.status?.numberReady ?? 0) > 0,
    );
    const image = ds.spec!.template.spec!.containers.find((x) => x.name === 'aws-node')!.image!;
    assert.match(image, /amazon-k8s-cni:v1\.22\.3-eksbuild\.1$/);

    // Every node's ipamd restarted with 1.22: its node-subnet ENIs keep their pods' addresses but
    // take no new pods; new pods land in the tagged pod subnets.
    const podsBefore = running(await webPods(c.core));
    const web = await c.apps.readNamespacedDeployment({ name: 'web', namespace: 'default' });
    web.spec!.replicas = 55;
    await c.apps.replaceNamespacedDeployment({ name: 'web', namespace: 'default', body: web });
    const pods = await eventually(
      () => webPods(c.core),
      (l) => l.length === 55 && running(l).length === 55,
    );
    assert.equal(running(pods).length, 55);
    const kept = new Map(podsBefore.map((p) => [p.metadata!.name!, p.status!.podIP!]));
    for (const p of pods) {
      const was = kept.get(p.metadata!.name!);
      if (was) assert.equal(p.status!.podIP, was, 'running pods keep their addresses');
      else assert.ok(inBlock(p.status?.podIP), `${p.metadata!.name} (new) has ${p.status?.podIP}`);
    }
  });
});

describe('simulated VPC CNI: before subnet discovery (exhausted-old-cni)', () => {
  it('runs 1.15 and ignores the tag', async () => {
    const clock = new ManualClock(Date.now());
    const sb = await startTestSandbox({ scenario: 'exhausted-old-cni', clock });
    const c = clients(sb);
    try {
      const ds = await c.apps.readNamespacedDaemonSet({ name: 'aws-node', namespace: 'kube-system' });
      assert.match(ds.spec!.template.spec!.containers[0]!.image!, /:v1\.15\.1-eksbuild\.1$/);
      await carvePodSubnets(c.ec2, c.eks, { 'kubernetes.io/role/cni': '1' });
      // Give ipamd time to try: the pods stay stuck and nothing comes from the new block.
      clock.advance(121_000);
      const pods = await eventually(
        () => webPods(c.core),
        () => false,
        40,
      );
      assert.ok(pods.some((p) => p.status?.phase !== 'Running'));
      assert.ok(!pods.some((p) => inBlock(p.status?.podIP)));
    } finally {
      c.ec2.destroy();
      c.eks.destroy();
      await sb.cleanup();
    }
  });
});

describe('simulated VPC CNI: timers after a scenario build', () => {
  it("holds ipamd's retry and the kubelet's for one period from now, not from the settled instants", async () => {
    // The scenario settles by ticking instants up to a minute ahead of this clock, and the stuck pods'
    // InsufficientCidr and sandbox retries are stamped there. A 1 s cooldown and one kubelet retry
    // (10 s) later, the pods run: the stamps ahead of the clock count as now.
    const clock = new ManualClock(Date.now());
    const sb = await startTestSandbox({
      scenario: 'exhausted',
      clock,
      timing: { ...instantTiming, insufficientCidrCooldown: 1_000 },
    });
    const c = clients(sb);
    try {
      await carvePodSubnets(c.ec2, c.eks, { 'kubernetes.io/role/cni': '1' });
      clock.advance(1_001);
      await webPods(c.core);
      clock.advance(SANDBOX_RETRY_MS);
      const pods = await eventually(
        () => webPods(c.core),
        (l) => running(l).length === l.length,
        40,
      );
      assert.equal(running(pods).length, pods.length, 'every web pod runs, 11 s after the subnets');
    } finally {
      c.ec2.destroy();
      c.eks.destroy();
      await sb.cleanup();
    }
  });
});
