import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, type VerifyInput } from './evaluate.js';
import type { NodeInfo, PodInfo } from '../steps/ports.js';

const node = (name: string, zone: string, allocatablePods = 20): NodeInfo => ({
  name,
  labels: { 'topology.kubernetes.io/zone': zone, 'node.kubernetes.io/instance-type': 'm5.large' },
  unschedulable: false,
  ready: true,
  allocatablePods,
});
const pod = (name: string, nodeName: string, podIp: string | undefined, phase = 'Running'): PodInfo => ({
  namespace: 'default',
  name,
  nodeName,
  phase,
  podIp,
  hostNetwork: false,
  ownerKinds: ['ReplicaSet'],
  labels: {},
  mirror: false,
  deleting: false,
});

function input(over: Partial<VerifyInput> = {}): VerifyInput {
  return {
    cniEnv: {
      AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true',
      ENI_CONFIG_LABEL_DEF: 'topology.kubernetes.io/zone',
    },
    nodes: [node('n1', 'us-east-1a')],
    pods: [pod('web-1', 'n1', '100.64.0.10')],
    eniConfigs: [{ name: 'us-east-1a', labels: {}, subnet: 'subnet-pod-a', securityGroups: [] }],
    subnets: [
      {
        subnetId: 'subnet-pod-a',
        vpcId: 'v',
        cidr: '100.64.0.0/17',
        zone: 'us-east-1a',
        availableIpAddressCount: 1,
        tags: [],
      },
    ],
    events: new Map(),
    ...over,
  };
}

describe('verify rules', () => {
  it('passes when every pod is in its zone pod subnet', () => {
    const r = evaluate(input());
    assert.equal(r.ok, true, JSON.stringify(r.problems));
    assert.equal(r.podsChecked, 1);
  });

  it('fails a node not rotated: pods on node-subnet addresses and a standard max-pods', () => {
    const r = evaluate(
      input({ nodes: [node('n1', 'us-east-1a', 29)], pods: [pod('web-1', 'n1', '10.0.0.7')] }),
    );
    assert.equal(r.ok, false);
    assert.ok(r.problems.some((p) => p.kind === 'pod' && /10\.0\.0\.7 is outside/.test(p.reason)));
    assert.ok(
      r.problems.some((p) => p.kind === 'node' && /node not rotated: max-pods 29 exceeds 20/.test(p.reason)),
    );
  });

  it('names a zone without an ENIConfig and a pod stuck with the CNI event', () => {
    const events = new Map([
      [
        'default/web-2',
        [
          {
            type: 'Warning',
            reason: 'FailedCreatePodSandBox',
            message: 'failed to assign an IP address to container',
          },
        ],
      ],
    ]);
    const r = evaluate(
      input({
        nodes: [node('n1', 'us-east-1a'), node('n2', 'us-east-1b')],
        pods: [pod('web-1', 'n1', '100.64.0.10'), pod('web-2', 'n2', undefined, 'Pending')],
        events,
      }),
    );
    assert.ok(r.problems.some((p) => p.name === 'n2' && /no ENIConfig 'us-east-1b'/.test(p.reason)));
    assert.ok(
      r.problems.some(
        (p) => p.name === 'default/web-2' && /failed to assign an IP address/.test(p.reason) && p.transient,
      ),
    );
  });

  it('fails everything when custom networking is off, ignoring hostNetwork pods', () => {
    const host = { ...pod('aws-node-x', 'n1', '10.0.0.5'), hostNetwork: true };
    const r = evaluate(input({ cniEnv: {}, pods: [host] }));
    assert.equal(r.ok, false);
    assert.equal(r.podsChecked, 0);
    assert.match(r.problems[0]!.reason, /custom networking is off/);
  });
  it('counts the nodes of a node group being deleted as leaving: transient, so verify waits', () => {
    const old = { ...node('n-old', 'us-east-1a', 29), unschedulable: true };
    old.labels = { ...old.labels, 'eks.amazonaws.com/nodegroup': 'ng-old' };
    const nodes = [node('n1', 'us-east-1a'), old];
    const active = evaluate(input({ nodes }));
    assert.ok(active.problems.some((p) => p.name === 'n-old' && !p.transient));
    for (const state of ['DELETING', 'deleted']) {
      const r = evaluate(input({ nodes, leavingNodegroups: new Map([['ng-old', state]]) }));
      assert.equal(r.ok, false);
      const p = r.problems.find((x) => x.name === 'n-old');
      assert.ok(p?.transient, JSON.stringify(r.problems));
      assert.match(p.reason, new RegExp(`max-pods 29 exceeds 20.*node group ng-old is ${state}`));
    }
  });
});
