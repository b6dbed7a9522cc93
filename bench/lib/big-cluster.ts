/**
 * A very large EKS cluster for the scale bench, built in-process through the models' public methods
 * with instant timing: a VPC whose three secondary /16 blocks are one node subnet per zone, cluster
 * `demo`, N instances (m5.16xlarge: 15 ENIs of 50 addresses, so 30 pods fit on the primary ENI), and for each instance the Node object and
 * its pods as the simulation leaves them once settled: ipamd's secondary addresses on the primary ENI
 * (and a second ENI when one holds too few), every pod bound to its node, Running, with its pod IP.
 *
 * Why not let the simulation do it: the scheduler and ipamd write at most 1,500 objects per tick and
 * list every pod per pass, so 150,000 pods would take hundreds of ticks. The instances carry no
 * `eks:cluster-name` tag, so the simulation leaves these nodes and pods alone (it tracks only the
 * nodes it registered), yet still runs its per-tick passes over the cluster's objects.
 */
import type { Sandbox } from '../../src/sandbox/index.js';
import { scenarioWorld, settle } from '../../src/sandbox/scenarios/index.js';

export const CLUSTER = 'demo';
const INSTANCE_TYPE = 'm5.16xlarge';
const ADDRESSES_PER_ENI = 50;
const NODE_BLOCKS = ['10.1.0.0/16', '10.2.0.0/16', '10.3.0.0/16'];
const POD = { group: '', version: 'v1', resource: 'pods' };
const NODE = { group: '', version: 'v1', resource: 'nodes' };

export interface BigCluster {
  nodeNames: string[];
  instanceIds: string[];
  pods: number;
}

const pad = (n: number) => String(n).padStart(5, '0');

export function buildBigCluster(sandbox: Sandbox, nodes: number, podsPerNode: number): BigCluster {
  const world = scenarioWorld(sandbox.world);
  const { ec2, eks, env } = world;
  const vpc = ec2.createVpc({ cidrBlock: '10.0.0.0/16', tags: [{ key: 'Name', value: 'scale' }] });
  for (const cidrBlock of NODE_BLOCKS) ec2.associateVpcCidrBlock({ vpcId: vpc.vpcId, cidrBlock });
  settle(world, 1_000);
  const zones = ['a', 'b', 'c'].map((z) => `${env.region}${z}`);
  const subnetIds = NODE_BLOCKS.map(
    (cidrBlock, i) =>
      ec2.createSubnet({
        vpcId: vpc.vpcId,
        cidrBlock,
        availabilityZone: zones[i] ?? '',
        tags: [{ key: `kubernetes.io/cluster/${CLUSTER}`, value: 'shared' }],
      }).subnetId,
  );
  eks.createCluster({
    name: CLUSTER,
    roleArn: `arn:aws:iam::${env.accountId}:role/scale-cluster`,
    resourcesVpcConfig: { subnetIds },
  });
  settle(world, 10_000, 5_000);
  const store = world.kube.get(CLUSTER);
  if (!store) throw new Error(`The cluster ${CLUSTER} has no Kubernetes store.`);

  const nodeNames: string[] = [];
  const instanceIds: string[] = [];
  const batch = 100;
  for (let launched = 0; launched < nodes; launched += batch) {
    const z = (launched / batch) % zones.length;
    const subnetId = subnetIds[z] ?? '';
    const { instances } = ec2.runInstancesBatch(
      { subnetId, instanceType: INSTANCE_TYPE, tags: [{ key: 'Name', value: 'scale-node' }] },
      Math.min(batch, nodes - launched),
    );
    for (const instance of instances) {
      const n = nodeNames.length;
      const podIps = ipamdAddresses(
        sandbox,
        instance.primaryNetworkInterfaceId,
        instance.instanceId,
        subnetId,
        podsPerNode,
      );
      const zone = zones[z] ?? '';
      const name = instance.privateDnsName;
      createNode(store, name, zone, instance.instanceId, instance.privateIpAddress);
      for (let k = 0; k < podsPerNode; k++) {
        store.create(POD, {
          metadata: {
            name: `web-${pad(n)}-${pad(k)}`,
            namespace: 'default',
            labels: { app: 'web' },
          },
          spec: {
            nodeName: name,
            containers: [{ name: 'web', image: 'public.ecr.aws/nginx/nginx:1.27' }],
          },
          status: {
            phase: 'Running',
            hostIP: instance.privateIpAddress,
            podIP: podIps[k] ?? '',
            podIPs: [{ ip: podIps[k] ?? '' }],
            conditions: [{ type: 'Ready', status: 'True' }],
          },
        });
      }
      nodeNames.push(name);
      instanceIds.push(instance.instanceId);
    }
  }
  return { nodeNames, instanceIds, pods: nodes * podsPerNode };
}

/** Secondary addresses for `count` pods, as ipamd takes them: fill the primary ENI, then attach more. */
function ipamdAddresses(
  sandbox: Sandbox,
  primaryEni: string,
  instanceId: string,
  subnetId: string,
  count: number,
): string[] {
  const { ec2 } = sandbox.world;
  const perEni = ADDRESSES_PER_ENI - 1;
  const ips = ec2.assignPrivateIpAddresses(primaryEni, Math.min(count, perEni));
  for (let device = 1; ips.length < count; device++) {
    const eni = ec2.createNetworkInterface({
      subnetId,
      description: 'aws-K8S-' + instanceId,
      tags: [{ key: 'node.k8s.amazonaws.com/instance_id', value: instanceId }],
    });
    ec2.attachNetworkInterface(eni.networkInterfaceId, instanceId, device);
    ips.push(...ec2.assignPrivateIpAddresses(eni.networkInterfaceId, Math.min(count - ips.length, perEni)));
  }
  return ips;
}

function createNode(
  store: NonNullable<ReturnType<Sandbox['world']['kube']['get']>>,
  name: string,
  zone: string,
  instanceId: string,
  ip: string,
): void {
  store.create(NODE, {
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'node.kubernetes.io/instance-type': INSTANCE_TYPE,
        'topology.kubernetes.io/zone': zone,
      },
    },
    spec: { providerID: `aws:///${zone}/${instanceId}` },
    status: {
      capacity: { pods: '250', cpu: '64', memory: '256Gi' },
      allocatable: { pods: '250', cpu: '63770m', memory: '248Gi' },
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'Hostname', address: name },
      ],
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
    },
  });
}
