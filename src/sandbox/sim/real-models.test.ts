/**
 * The simulation over the sandbox's real models (EC2, EKS, Kubernetes store) through the adapters:
 * the same behaviour the fakes show, with the real rules (status subresource, graceful deletion,
 * EC2's address accounting, node groups launching instances).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../core/clock.js';
import { SeededIds } from '../core/ids.js';
import { Ec2Model } from '../services/ec2/model.js';
import { EksModel } from '../services/eks/model.js';
import type { EksKubePort } from '../services/eks/ports.js';
import { KubeClusters } from '../services/kube/clusters.js';
import { createSimulation } from './adapters.js';
import { DAEMONSETS, DEPLOYMENTS, EVENTS, NODES, PODS, type Node, type Pod } from './kube-types.js';
import { deployment } from './testing/seed.js';

function realWorld(options: { fill?: boolean } = {}) {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const ids = new SeededIds({ seed: 11, counter: 0 });
  const timing = { cidrAssociate: 0, instanceBoot: 1000, instanceTerminate: 1000, nodeReady: 0, podStart: 0 };
  const env = { clock, ids, region: 'us-east-1', accountId: '123456789012', timing };
  const ec2 = new Ec2Model(env);
  const vpc = ec2.createVpc({ cidrBlock: '10.0.0.0/16' });
  const subnets = ['a', 'b'].map(
    (z, i) =>
      ec2.createSubnet({
        vpcId: vpc.vpcId,
        cidrBlock: `10.0.${i + 1}.0/${options.fill ? 28 : 24}`,
        availabilityZone: `us-east-1${z}`,
      }).subnetId,
  );
  const kube = new KubeClusters(env);
  const kubePort: EksKubePort = {
    endpointFor: (c) => `https://127.0.0.1:9443/k8s/${c}`,
    caData: () => '',
    ensure: (c) => void kube.ensure(c),
    remove: (c) => kube.remove(c),
    store: (c) => kube.get(c),
  };
  const eks = new EksModel({ ...env, timing: {} }, ec2, kubePort);
  eks.createCluster({
    name: 'demo',
    roleArn: 'arn:aws:iam::123456789012:role/eks',
    resourcesVpcConfig: { subnetIds: subnets },
  });
  clock.advance(60_000);
  eks.tick();
  const sim = createSimulation(env, ec2, eks, kube);
  const tick = (n = 3) => {
    for (let i = 0; i < n; i++) {
      clock.advance(2_000);
      ec2.tick();
      eks.tick();
      sim.tick();
    }
  };
  const store = kube.get('demo')!;
  return { clock, ec2, eks, kube, sim, tick, store, subnets };
}

describe('Simulation over the real models', () => {
  it('registers nodes for a managed node group and runs pods with VPC addresses', () => {
    const w = realWorld();
    w.eks.createNodegroup({
      clusterName: 'demo',
      nodegroupName: 'ng-1',
      subnets: w.subnets,
      nodeRole: 'arn:aws:iam::123456789012:role/node',
      instanceTypes: ['m5.large'],
      scalingConfig: { minSize: 2, maxSize: 2, desiredSize: 2 },
      labels: { team: 'web' },
    });
    w.store.create(DEPLOYMENTS, deployment('nginx', 4));
    w.tick(6);
    const errors = [...w.sim.lastResults.values()].flatMap((r) => r.errors);
    assert.deepEqual(errors, []);
    const nodes = w.store.list(NODES).items as unknown as Node[];
    assert.equal(nodes.length, 2);
    for (const n of nodes) {
      assert.equal(n.status?.allocatable?.pods, '29');
      assert.equal(n.metadata.labels?.['eks.amazonaws.com/nodegroup'], 'ng-1');
      assert.equal(n.metadata.labels?.team, 'web');
      assert.match(n.metadata.labels?.['topology.k8s.aws/zone-id'] ?? '', /^use1-az\d$/);
      assert.equal(n.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
    }
    const pods = w.store.list(PODS).items as unknown as Pod[];
    const nginx = pods.filter((p) => p.metadata.name?.startsWith('nginx-'));
    assert.equal(nginx.length, 4);
    for (const p of nginx) {
      assert.equal(p.status?.phase, 'Running', JSON.stringify(p.status));
      assert.match(p.status?.podIP ?? '', /^10\.0\.[12]\./);
    }
    const awsNode = pods.filter((p) => p.metadata.name?.startsWith('aws-node-'));
    assert.equal(awsNode.length, 2);
    const ds = w.store.get(DAEMONSETS, 'kube-system', 'aws-node') as { status?: { numberReady?: number } };
    assert.equal(ds.status?.numberReady, 2);
    const enis = w.ec2.describeNetworkInterfaces().filter((e) => e.description.startsWith('aws-K8S-i-'));
    assert.ok(enis.length >= 2);
    assert.ok(enis.every((e) => e.tags.some((t) => t.key === 'node.k8s.amazonaws.com/instance_id')));
  });

  it('finishes graceful pod deletion and removes nodes of a deleted node group', () => {
    const w = realWorld();
    w.eks.createNodegroup({
      clusterName: 'demo',
      nodegroupName: 'ng-1',
      subnets: w.subnets,
      nodeRole: 'arn:aws:iam::123456789012:role/node',
      instanceTypes: ['m5.large'],
      scalingConfig: { minSize: 1, maxSize: 1, desiredSize: 1 },
    });
    w.tick(4);
    const pod = (w.store.list(PODS).items as unknown as Pod[]).find((p) =>
      p.metadata.name?.startsWith('coredns-'),
    )!;
    assert.ok(pod.spec.nodeName);
    const result = w.store.delete(PODS, 'kube-system', pod.metadata.name!);
    assert.equal(result.finished, false, 'a bound pod terminates gracefully');
    w.tick(1);
    assert.equal(w.store.tryGet(PODS, 'kube-system', pod.metadata.name!), undefined);
    w.eks.deleteNodegroup('demo', 'ng-1');
    w.tick(10);
    assert.equal(w.store.list(NODES).items.length, 0);
    assert.equal(
      w.ec2.describeNetworkInterfaces().filter((e) => e.description.startsWith('aws-K8S-')).length,
      0,
    );
  });

  it('reports FailedCreatePodSandBox when the subnets run out of addresses', () => {
    const w = realWorld({ fill: true }); // /28 subnets: 11 usable addresses each
    w.eks.createNodegroup({
      clusterName: 'demo',
      nodegroupName: 'ng-1',
      subnets: [w.subnets[0]!],
      nodeRole: 'arn:aws:iam::123456789012:role/node',
      instanceTypes: ['m5.large'],
      scalingConfig: { minSize: 1, maxSize: 1, desiredSize: 1 },
    });
    w.store.create(DEPLOYMENTS, deployment('nginx', 12));
    w.tick(6);
    const stuck = (w.store.list(PODS).items as unknown as Pod[]).filter(
      (p) => p.spec.nodeName && !p.status?.podIP,
    );
    assert.ok(stuck.length > 0);
    const events = (w.store.list(EVENTS).items as unknown as { reason: string; message: string }[]).filter(
      (e) => e.reason === 'FailedCreatePodSandBox',
    );
    assert.ok(events.length > 0);
    assert.match(events[0]!.message, /failed to assign an IP address to container/);
    assert.equal(w.ec2.getSubnet(w.subnets[0]!)!.availableIpAddressCount, 0);
  });
});
