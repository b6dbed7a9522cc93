import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../core/clock.js';
import { SeededIds } from '../core/ids.js';
import { Ec2Model } from '../services/ec2/model.js';
import { eksKubePort } from '../services/eks/kube-port.js';
import { EksModel } from '../services/eks/model.js';
import { KubeClusters } from '../services/kube/clusters.js';
import { applyScenario, isScenarioName, SCENARIO_NAMES } from './index.js';
import type { ScenarioName, ScenarioWorld } from './index.js';
import { FREE_ADDRESSES_PER_NODE_SUBNET, WEB_REPLICAS } from './exhausted.js';
import { REPLACEMENT_NODEGROUP } from './applied.js';

function world(name: ScenarioName): ScenarioWorld {
  const clock = new ManualClock();
  const ids = new SeededIds({ seed: 1, counter: 0 });
  const base = { clock, ids, region: 'us-east-1', accountId: '000000000000' };
  const ec2 = new Ec2Model({
    ...base,
    timing: { cidrAssociate: 2000, instanceBoot: 2000, instanceTerminate: 2000 },
  });
  const kube = new KubeClusters(base);
  const eks = new EksModel(
    { ...base, timing: {} },
    ec2,
    eksKubePort(kube, {
      endpointFor: (c) => `https://127.0.0.1:1/k8s/${c}`,
      caData: () => 'Q0E=',
    }),
  );
  const w: ScenarioWorld = { env: base, ec2, eks, kube };
  applyScenario(name, w);
  return w;
}

function awsNodeEnv(w: ScenarioWorld): Record<string, string> {
  const ds = w.kube
    .get('demo')!
    .get({ group: 'apps', version: 'v1', resource: 'daemonsets' }, 'kube-system', 'aws-node') as unknown as {
    spec: {
      template: { spec: { containers: { name: string; env?: { name: string; value?: string }[] }[] } };
    };
  };
  const container = ds.spec.template.spec.containers.find((c) => c.name === 'aws-node')!;
  return Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value ?? '']));
}

describe('scenarios', () => {
  it('names the four scenarios', () => {
    assert.deepEqual(SCENARIO_NAMES, ['empty', 'basic', 'exhausted', 'exhausted-old-cni', 'applied']);
    assert.equal(isScenarioName('exhausted'), true);
    assert.equal(isScenarioName('nope'), false);
  });

  it('empty has no resources', () => {
    const w = world('empty');
    assert.deepEqual(w.eks.listClusters(), []);
    assert.deepEqual(w.ec2.describeVpcs(), []);
  });

  it('basic: an ACTIVE cluster demo with an ACTIVE node group of three m5.large nodes, one per zone', () => {
    const w = world('basic');
    const cluster = w.eks.describeCluster('demo');
    assert.equal(cluster.status, 'ACTIVE');
    assert.equal(cluster.version, '1.31');
    const vpc = w.ec2.getVpc(cluster.resourcesVpcConfig.vpcId);
    assert.equal(vpc?.cidrBlock, '10.0.0.0/16');
    const ng = w.eks.describeNodegroup('demo', 'demo-nodes');
    assert.equal(ng.status, 'ACTIVE');
    assert.equal(ng.launchTemplate?.name, 'demo-nodes');
    const instances = ng.instances.map((i) => w.ec2.getInstance(i.instanceId)!);
    assert.deepEqual(
      instances.map((i) => [i.instanceType, i.availabilityZone, i.state]),
      [
        ['m5.large', 'us-east-1a', 'running'],
        ['m5.large', 'us-east-1b', 'running'],
        ['m5.large', 'us-east-1c', 'running'],
      ],
    );
    assert.deepEqual(w.eks.listAddons('demo'), ['coredns', 'kube-proxy', 'vpc-cni']);
    assert.equal(w.eks.describeAddon('demo', 'vpc-cni').status, 'ACTIVE');
    const nats = w.ec2.describeNatGateways();
    assert.equal(nats.length, 1);
    for (const subnetId of cluster.resourcesVpcConfig.subnetIds) {
      const table = w.ec2.routeTableForSubnet(subnetId);
      assert.ok(
        table?.routes.some(
          (r) => r.destinationCidrBlock === '0.0.0.0/0' && r.natGatewayId === nats[0]?.natGatewayId,
        ),
      );
    }
  });

  it('exhausted: node subnets nearly full and a web deployment waiting for addresses', () => {
    const w = world('exhausted');
    const cluster = w.eks.describeCluster('demo');
    for (const subnetId of cluster.resourcesVpcConfig.subnetIds) {
      const subnet = w.ec2.getSubnet(subnetId)!;
      assert.equal(subnet.cidrBlock.endsWith('/24'), true);
      assert.equal(subnet.availableIpAddressCount, FREE_ADDRESSES_PER_NODE_SUBNET);
    }
    const web = w.kube
      .get('demo')!
      .get({ group: 'apps', version: 'v1', resource: 'deployments' }, 'default', 'web') as unknown as {
      spec: { replicas: number };
    };
    assert.equal(web.spec.replicas, WEB_REPLICAS);
  });

  it('is deterministic: the same seed builds the same world', () => {
    const a = world('exhausted');
    const b = world('exhausted');
    assert.deepEqual(a.ec2.snapshot(), b.ec2.snapshot());
    assert.deepEqual(a.eks.snapshot(), b.eks.snapshot());
  });

  it('applied: pod subnets, custom networking via the add-on, ENIConfigs, and the replacement node group', () => {
    const w = world('applied');
    const cluster = w.eks.describeCluster('demo');
    const vpc = w.ec2.getVpc(cluster.resourcesVpcConfig.vpcId)!;
    assert.ok(vpc.cidrAssociations.some((a) => a.cidrBlock === '100.64.0.0/16' && a.state === 'associated'));
    assert.deepEqual(w.eks.listNodegroups('demo'), [REPLACEMENT_NODEGROUP]);
    assert.equal(w.eks.describeNodegroup('demo', REPLACEMENT_NODEGROUP).status, 'ACTIVE');
    const env = awsNodeEnv(w);
    assert.equal(env['AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG'], 'true');
    assert.equal(env['ENI_CONFIG_LABEL_DEF'], 'topology.kubernetes.io/zone');
    const eniconfigs = w.kube
      .get('demo')!
      .list({ group: 'crd.k8s.amazonaws.com', version: 'v1alpha1', resource: 'eniconfigs' });
    assert.deepEqual(
      eniconfigs.items.map((o) => o.metadata.name),
      ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    );
  });
});
