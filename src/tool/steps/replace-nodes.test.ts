import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeEngineClock } from '../engine/clock.js';
import type { ReplaceNodesStep } from '../planner/types.js';
import type { StepContext } from './context.js';
import { instanceIdOf, replaceNodes } from './replace-nodes.js';
import type { NetworkInterfaceInfo, PodInfo } from './ports.js';
import { FakeState, fakePorts } from './testing/fake-ports.js';
import { fakeStepContext } from './testing/step-context.js';

const step: ReplaceNodesStep = {
  id: 'replace-nodes',
  kind: 'replace-nodes',
  action: 'update',
  reason: 'interfaces in the pod subnets',
  dependsOn: [],
  target: { clusterName: 'demo', subnetIds: ['subnet-pod'] },
  desired: { nodegroups: ['demo-nodes'], nodes: [], timeoutSeconds: 30 },
};

function context(state: FakeState, clock = new FakeEngineClock()): StepContext {
  return fakeStepContext(fakePorts(state), clock);
}

const eni = (id: string, instanceId: string, subnetId = 'subnet-pod'): NetworkInterfaceInfo => ({
  networkInterfaceId: id,
  subnetId,
  status: 'in-use',
  interfaceType: 'interface',
  description: `aws-K8S-${instanceId}`,
  instanceId,
  requesterManaged: false,
});

const pod = (name: string, nodeName: string, over: Partial<PodInfo> = {}): PodInfo => ({
  namespace: 'default',
  name,
  nodeName,
  phase: 'Running',
  hostNetwork: false,
  ownerKinds: [],
  labels: { app: 'web' },
  mirror: false,
  deleting: false,
  ready: true,
  ...over,
});

function seed(): FakeState {
  const state = new FakeState();
  state.nodegroups.set('demo-nodes', {
    name: 'demo-nodes',
    status: 'ACTIVE',
    instanceTypes: ['m5.large'],
    subnets: [],
    desiredSize: 3,
    tags: {},
    labels: {},
  });
  for (const [i, zone] of ['a', 'b', 'c'].entries()) {
    state.nodes.push({
      name: `n${i}`,
      labels: { 'eks.amazonaws.com/nodegroup': 'demo-nodes' },
      unschedulable: false,
      ready: true,
      providerId: `aws:///us-east-1${zone}/i-0${i}`,
    });
  }
  // n0 and n2 hold interfaces in the pod subnet; n1 only in its node subnet; i-09 is not a node.
  state.networkInterfaces = [
    eni('eni-a', 'i-00'),
    eni('eni-b', 'i-01', 'subnet-node'),
    eni('eni-c', 'i-02'),
    eni('eni-x', 'i-09'),
  ];
  state.pods = [
    pod('web-1', 'n0'),
    pod('web-2', 'n2'),
    pod('aws-node-x', 'n0', { ownerKinds: ['DaemonSet'] }),
  ];
  return state;
}

describe('replace-nodes', () => {
  it('reads the instance id from the provider id', () => {
    assert.equal(instanceIdOf({ providerId: 'aws:///us-east-1a/i-0abc123' }), 'i-0abc123');
    assert.equal(instanceIdOf({ providerId: undefined }), undefined);
  });

  it('replaces, one at a time, only the nodes of the named groups holding interfaces in the subnets', async () => {
    const state = seed();
    const out = await replaceNodes.execute(step, context(state));
    assert.deepEqual(state.mutations, [
      'cordon n0',
      'evict default/web-1',
      'TerminateInstances i-00',
      'cordon n2',
      'evict default/web-2',
      'TerminateInstances i-02',
    ]);
    assert.equal(out?.replaced, '2');
    assert.deepEqual(
      state.nodes.map((n) => `${n.name} ${instanceIdOf(n)}`),
      ['n1 i-01', 'n0 i-00000001', 'n2 i-00000002'],
      'the group launched the replacements (same names, new instances); n1 was left alone',
    );
    assert.deepEqual(
      state.networkInterfaces.map((e) => e.networkInterfaceId),
      ['eni-b', 'eni-x'],
      'an instance outside the named groups is not touched',
    );
  });

  it('stops with what blocks the drain when a disruption budget forbids the eviction', async () => {
    const state = seed();
    state.pdbs = [{ namespace: 'default', name: 'web', selector: { app: 'web' }, disruptionsAllowed: 0 }];
    await assert.rejects(replaceNodes.execute(step, context(state)), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'E_DRAIN_BLOCKED');
      assert.match(err.message, /default\/web-1: .*PodDisruptionBudget default\/web allows 0/);
      return true;
    });
    assert.ok(!state.mutations.some((m) => m.startsWith('TerminateInstances')), 'nothing terminated');
  });

  it('refuses to replace a node it launched itself (a CNI reading only the tag key)', async () => {
    const state = seed();
    const ports = fakePorts(state);
    const terminate = ports.ec2.terminateInstances.bind(ports.ec2);
    ports.ec2.terminateInstances = async (ids) => {
      await terminate(ids);
      const fresh = state.nodes.at(-1)!;
      state.networkInterfaces.push(eni('eni-again', instanceIdOf(fresh)!));
    };
    const ctx = { ...context(state), ports };
    await assert.rejects(
      replaceNodes.execute(step, ctx),
      /E_REPLACEMENT_USES_POD_SUBNETS|launched during this destroy/,
    );
  });
});
