import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, type VerifyInput } from './evaluate.js';
import { discoveredFor, discoveryProof } from './evaluate-discovery.js';
import type { NodeInfo, PodInfo, SubnetInfo } from '../steps/ports.js';

const node = (name: string, zone: string, internalIp: string): NodeInfo => ({
  name,
  labels: { 'topology.kubernetes.io/zone': zone, 'node.kubernetes.io/instance-type': 'm5.large' },
  unschedulable: false,
  ready: true,
  allocatablePods: 29,
  internalIp,
});
const pod = (
  name: string,
  nodeName: string,
  podIp: string | undefined,
  phase = 'Running',
  app = 'web',
): PodInfo => ({
  namespace: 'default',
  name,
  nodeName,
  phase,
  podIp,
  hostNetwork: false,
  ownerKinds: ['ReplicaSet'],
  labels: { app },
  mirror: false,
  deleting: false,
});
const subnet = (
  subnetId: string,
  cidr: string,
  zone: string,
  tags: Record<string, string> = {},
  free = 100,
): SubnetInfo => ({
  subnetId,
  vpcId: 'vpc-1',
  cidr,
  zone,
  availableIpAddressCount: free,
  tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
});

const ROLE = 'kubernetes.io/role/cni';

function input(over: Partial<VerifyInput> = {}): VerifyInput {
  return {
    cniEnv: { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'false' },
    cluster: 'demo',
    nodes: [node('n1', 'us-east-1a', '10.0.1.5')],
    pods: [pod('web-1', 'n1', '10.0.1.20'), pod('web-2', 'n1', '100.64.0.9')],
    eniConfigs: [],
    subnets: [
      subnet('subnet-node-a', '10.0.1.0/24', 'us-east-1a', {}, 0),
      subnet('subnet-pod-a', '100.64.0.0/18', 'us-east-1a', { [ROLE]: '1' }),
      subnet('subnet-pod-b', '100.64.64.0/18', 'us-east-1b', { [ROLE]: '1' }),
    ],
    events: new Map(),
    ...over,
  };
}

const stuckEvents = new Map([
  [
    'default/web-3',
    [
      {
        type: 'Warning',
        reason: 'FailedCreatePodSandBox',
        message: 'failed to assign an IP address to container',
      },
    ],
  ],
]);

describe('verify rules in subnet-discovery mode', () => {
  it('passes pods in the node subnet or a tagged subnet of the node zone', () => {
    const r = evaluate(input());
    assert.equal(r.mode, 'subnet-discovery');
    assert.equal(r.ok, true, JSON.stringify(r.problems));
    assert.equal(r.podsChecked, 2);
  });

  it('fails a pod in a tagged subnet of another zone', () => {
    const r = evaluate(input({ pods: [pod('web-1', 'n1', '100.64.64.9')] }));
    assert.equal(r.ok, false);
    assert.match(r.problems[0]!.reason, /100\.64\.64\.9 is in subnet-pod-b \(us-east-1b\), neither/);
    assert.equal(r.problems[0]!.transient, false);
  });

  it('names the likely causes of a pod stuck while a tagged subnet in its zone has room', () => {
    const r = evaluate(
      input({
        cniEnv: { ENABLE_SUBNET_DISCOVERY: 'false' },
        cniVersion: 'v1.15.1-eksbuild.1',
        pods: [pod('web-3', 'n1', undefined, 'Pending')],
        events: stuckEvents,
      }),
    );
    assert.equal(r.ok, false);
    assert.ok(r.problems.some((p) => p.kind === 'cluster' && /ENABLE_SUBNET_DISCOVERY=false/.test(p.reason)));
    const stuck = r.problems.find((p) => p.name === 'default/web-3');
    assert.ok(stuck?.transient);
    assert.match(stuck.reason, /subnet-pod-a \(100 free\) in us-east-1a has room/);
    assert.match(stuck.reason, /ENABLE_SUBNET_DISCOVERY is false on aws-node/);
    assert.match(stuck.reason, /older than 1\.18\.0/);
    assert.match(stuck.reason, /ec2:DescribeSubnets/);
  });

  it('names tag 0 and cluster tags for other clusters as causes', () => {
    const zero = evaluate(
      input({
        subnets: [
          subnet('subnet-node-a', '10.0.1.0/24', 'us-east-1a'),
          subnet('subnet-pod-a', '100.64.0.0/18', 'us-east-1a', { [ROLE]: '0' }),
        ],
        pods: [pod('web-3', 'n1', undefined, 'Pending')],
        events: stuckEvents,
      }),
    );
    assert.ok(
      zero.problems.some((p) => p.kind === 'cluster' && /no subnet of us-east-1a is tagged/.test(p.reason)),
    );
    const scoped = subnet('subnet-pod-a', '100.64.0.0/18', 'us-east-1a', {
      [ROLE]: '1',
      'cni.networking.k8s.aws/cluster/other': 'shared',
    });
    assert.equal(discoveredFor(scoped, 'demo'), false);
    assert.equal(discoveredFor(scoped, 'other'), true);
    assert.equal(
      discoveredFor(
        subnet('s', '100.64.0.0/18', 'a', { [ROLE]: '1', 'cni.networking.k8s.aws/cluster/demo': 'shared' }),
        'demo',
      ),
      true,
    );
  });

  it('custom networking on takes precedence over tagged subnets', () => {
    const r = evaluate(input({ cniEnv: { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' } }));
    assert.equal(r.mode, 'custom-networking');
  });

  it('the smoke proof counts only new-subnet pods on nodes that existed before', () => {
    const i = input({
      nodes: [node('n1', 'us-east-1a', '10.0.1.5'), node('n2', 'us-east-1a', '10.0.1.6')],
      pods: [
        pod('s-1', 'n1', '100.64.0.30', 'Running', 'smoke'),
        pod('s-2', 'n1', '10.0.1.31', 'Running', 'smoke'),
        pod('s-3', 'n2', '100.64.0.32', 'Running', 'smoke'),
      ],
    });
    assert.deepEqual(discoveryProof(i, new Set(['n1']), 'smoke'), ['s-1 100.64.0.30 (subnet-pod-a) on n1']);
  });
});

describe('verify with the node subnets tagged 0 (--stop-node-subnet-pods)', () => {
  const stopped = [
    subnet('subnet-node-a', '10.0.1.0/24', 'us-east-1a', { [ROLE]: '0' }, 0),
    subnet('subnet-pod-a', '100.64.0.0/18', 'us-east-1a', { [ROLE]: '1' }),
  ];

  it('fails a pod still addressed from its node subnet: the node started before the tag', () => {
    const r = evaluate(input({ subnets: stopped }));
    assert.equal(r.ok, false);
    const p = r.problems.find((x) => x.name === 'default/web-1');
    assert.match(p!.reason, /tagged kubernetes\.io\/role\/cni=0: the node started before the tag/);
    assert.equal(p!.transient, false);
  });

  it('passes when every pod takes its address from the pod subnet', () => {
    const r = evaluate(input({ subnets: stopped, pods: [pod('web-2', 'n1', '100.64.0.9')] }));
    assert.equal(r.ok, true, JSON.stringify(r.problems));
  });
});
