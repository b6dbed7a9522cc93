/**
 * Instance families the shared table lacks (m6in, c6in, r7iz...) launch in the sandbox with AWS's
 * limits from its EC2 catalog: node groups of those types get nodes, their kubelet max-pods is the
 * calculator's value for the type, and ipamd's ENIs stay within the type's interface limits.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inStaticTable } from '../../shared/aws-facts/index.js';
import { ManualClock } from '../core/clock.js';
import { SeededIds } from '../core/ids.js';
import { Ec2Model } from '../services/ec2/model.js';
import { EksModel } from '../services/eks/model.js';
import type { EksKubePort } from '../services/eks/ports.js';
import { KubeClusters } from '../services/kube/clusters.js';
import { createSimulation } from './adapters.js';
import { factsFor } from './facts.js';
import { findCatalogInstanceType } from '../services/ec2/instance-type-catalog.js';
import { DEPLOYMENTS, NODES, type Node } from './kube-types.js';
import { deployment } from './testing/seed.js';

const catalogFacts = factsFor(findCatalogInstanceType);

function world() {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const ids = new SeededIds({ seed: 5, counter: 0 });
  const timing = { cidrAssociate: 0, instanceBoot: 1000, instanceTerminate: 1000, nodeReady: 0, podStart: 0 };
  const env = { clock, ids, region: 'us-east-1', accountId: '123456789012', timing };
  const ec2 = new Ec2Model(env);
  const vpc = ec2.createVpc({ cidrBlock: '10.0.0.0/16' });
  const [subnet, other] = ['a', 'b'].map(
    (z, i) =>
      ec2.createSubnet({
        vpcId: vpc.vpcId,
        cidrBlock: `10.0.${i * 16}.0/20`,
        availabilityZone: `us-east-1${z}`,
      }).subnetId,
  ) as [string, string];
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
    resourcesVpcConfig: { subnetIds: [subnet, other] },
  });
  clock.advance(60_000);
  eks.tick();
  const sim = createSimulation(env, ec2, eks, kube);
  const tick = (n: number) => {
    for (let i = 0; i < n; i++) {
      clock.advance(2_000);
      ec2.tick();
      eks.tick();
      sim.tick();
    }
  };
  return { ec2, eks, sim, tick, subnet, store: kube.get('demo')! };
}

describe('sandbox: instance types beyond the shared table', () => {
  it('the simulation reads their limits and max-pods from the EC2 catalog', () => {
    assert.equal(inStaticTable('m6in.large'), false);
    assert.deepEqual(
      { ...catalogFacts.networkLimits('m6in.large') },
      { vcpus: 2, memoryMib: 8192, maxEnis: 3, ipv4PerEni: 10, nitro: true },
    );
    // eni-max-pods.txt: m6in.large 29, c6in.xlarge 58, r7iz.4xlarge 234 (8 x 29 + 2).
    assert.equal(catalogFacts.eniMaxPods('m6in.large'), 29);
    assert.equal(catalogFacts.eniMaxPods('c6in.xlarge'), 58);
    assert.equal(catalogFacts.eniMaxPods('r7iz.4xlarge'), 234);
    // The calculator's caps: 110 at 30 vCPUs or fewer; custom networking one ENI fewer.
    assert.equal(catalogFacts.maxPods({ instanceType: 'r7iz.4xlarge' }), 110);
    assert.equal(catalogFacts.maxPods({ instanceType: 'm6in.large', customNetworking: true }), 20);
  });

  for (const [type, maxPods, maxEnis, ipv4PerEni] of [
    ['m6in.large', '29', 3, 10],
    ['c6in.xlarge', '58', 4, 15],
    ['r7iz.large', '29', 3, 10],
  ] as const) {
    it(`a node group of ${type} launches nodes with max-pods ${maxPods} and ENIs within ${maxEnis} x ${ipv4PerEni}`, () => {
      const w = world();
      w.eks.createNodegroup({
        clusterName: 'demo',
        nodegroupName: 'ng',
        subnets: [w.subnet],
        nodeRole: 'arn:aws:iam::123456789012:role/node',
        instanceTypes: [type],
        scalingConfig: { minSize: 1, maxSize: 1, desiredSize: 1 },
      });
      w.store.create(DEPLOYMENTS, deployment('web', 40));
      w.tick(10);
      const nodes = w.store.list(NODES).items as unknown as Node[];
      assert.equal(nodes.length, 1, 'the node group launched no node');
      assert.equal(nodes[0]!.status?.allocatable?.pods, maxPods);
      assert.equal(nodes[0]!.metadata.labels?.['node.kubernetes.io/instance-type'], type);
      const enis = w.ec2
        .describeNetworkInterfaces()
        .filter((e) => e.attachment?.instanceId !== undefined && e.subnetId === w.subnet);
      assert.ok(enis.length >= 2 && enis.length <= maxEnis, `${enis.length} ENIs`);
      for (const e of enis)
        assert.ok(e.privateIpAddresses.length <= ipv4PerEni, `${e.privateIpAddresses.length} addresses`);
    });
  }
});
