import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeEngineClock } from '../engine/clock.js';
import { FakeState, fakePorts } from '../steps/testing/fake-ports.js';
import type { NodeInfo, PodInfo } from '../steps/ports.js';
import { runVerify, SCHEDULER_GRACE_MS, SMOKE_NAME } from './run-verify.js';

const TOO_MANY = '0/2 nodes are available: 2 Too many pods.';

const ZONE = 'us-east-1a';

function node(name: string): NodeInfo {
  return {
    name,
    labels: { 'topology.kubernetes.io/zone': ZONE, 'node.kubernetes.io/instance-type': 'm5.large' },
    unschedulable: false,
    ready: true,
    allocatablePods: 20,
  };
}

function smokePod(name: string, extra: Partial<PodInfo> = {}): PodInfo {
  return {
    namespace: 'default',
    name: `${SMOKE_NAME}-${name}`,
    phase: 'Pending',
    hostNetwork: false,
    ownerKinds: ['ReplicaSet'],
    labels: { app: SMOKE_NAME },
    mirror: false,
    deleting: false,
    ...extra,
  };
}

/** Two smoke pods run; the third has no node. `judgedAfterMs`: when the scheduler refuses it. */
function world(judgedAfterMs: number | undefined) {
  const state = new FakeState();
  // A healthy custom-networking cluster: only the smoke pods' scheduling is in question.
  state.nodes = [node('n1'), node('n2')];
  state.daemonSetEnv = {
    AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true',
    ENI_CONFIG_LABEL_DEF: 'topology.kubernetes.io/zone',
  };
  state.eniConfigs.set(ZONE, { name: ZONE, labels: {}, subnet: 'subnet-pod-a', securityGroups: [] });
  state.subnets = [
    {
      subnetId: 'subnet-pod-a',
      vpcId: 'vpc-1',
      cidr: '100.64.0.0/17',
      zone: ZONE,
      availableIpAddressCount: 100,
      tags: [],
    },
  ];
  const clock = new FakeEngineClock();
  const start = clock.now();
  const ports = fakePorts(state);
  const listPods = ports.kube.listPods.bind(ports.kube);
  ports.kube.listPods = async (o) => {
    const judged = judgedAfterMs !== undefined && clock.now() - start >= judgedAfterMs;
    state.pods = [
      smokePod('a', { phase: 'Running', nodeName: 'n1', ready: true, podIp: '100.64.0.5' }),
      smokePod('b', { phase: 'Running', nodeName: 'n2', ready: true, podIp: '100.64.0.6' }),
      smokePod('c', judged ? { unschedulable: TOO_MANY } : {}),
    ];
    return listPods(o);
  };
  return { ports, clock, start };
}

/** verify --smoke with 3 replicas, --wait 3 s, polling every 500 ms. */
const verify = (ports: ReturnType<typeof fakePorts>, clock: FakeEngineClock) =>
  runVerify({ ports, vpcId: 'vpc-1', clock, waitMs: 3000, pollMs: 500, smoke: { replicas: 3 } });

describe('runVerify: smoke pods without a node', () => {
  it('a pod the scheduler refused is E_NO_CAPACITY with the scheduler words', async () => {
    const { ports, clock } = world(0);
    const report = await verify(ports, clock);
    assert.equal(report.ok, false);
    const capacity = report.problems.filter((p) => p.code === 'E_NO_CAPACITY');
    assert.equal(capacity.length, 1, JSON.stringify(report.problems));
    assert.match(capacity[0]!.reason, /^1 of 3 smoke-test pod\(s\) stayed Pending/);
    assert.match(capacity[0]!.reason, /Too many pods/);
    assert.ok(!report.problems.some((p) => /still waiting for the scheduler/.test(p.reason)));
  });

  it('a pod not yet judged at --wait gets a grace for the verdict, then is E_NO_CAPACITY', async () => {
    const { ports, clock, start } = world(5000);
    const report = await verify(ports, clock);
    const capacity = report.problems.filter((p) => p.code === 'E_NO_CAPACITY');
    assert.equal(capacity.length, 1, JSON.stringify(report.problems));
    assert.match(capacity[0]!.reason, /the scheduler says: "0\/2 nodes are available/);
    assert.ok(clock.now() - start >= 5000 && clock.now() - start < 3000 + SCHEDULER_GRACE_MS);
  });

  it('a pod never judged is not called a capacity problem', async () => {
    const { ports, clock, start } = world(undefined);
    const report = await verify(ports, clock);
    assert.equal(report.ok, false);
    assert.ok(!report.problems.some((p) => p.code === 'E_NO_CAPACITY'), JSON.stringify(report.problems));
    const waiting = report.problems.filter((p) => /still waiting for the scheduler/.test(p.reason));
    assert.equal(waiting.length, 1, JSON.stringify(report.problems));
    assert.match(waiting[0]!.reason, /^1 of 3 smoke-test pod\(s\)/);
    // --wait, then at most the grace, not forever.
    assert.ok(clock.now() - start >= 3000 && clock.now() - start <= 3000 + 3000 + 500);
  });
});
