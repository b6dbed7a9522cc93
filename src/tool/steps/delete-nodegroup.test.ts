import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeEngineClock } from '../engine/clock.js';
import type { DeleteNodegroupStep } from '../planner/types.js';
import type { StepContext } from './context.js';
import { deleteNodegroup } from './delete-nodegroup.js';
import { FakeState, fakePorts } from './testing/fake-ports.js';
import { fakeStepContext } from './testing/step-context.js';

const step = {
  id: 'delete-nodegroup:old',
  kind: 'delete-nodegroup',
  action: 'update',
  reason: 'rotated',
  dependsOn: [],
  target: { clusterName: 'demo', nodegroupName: 'old' },
  desired: { deleted: true },
} as unknown as DeleteNodegroupStep;

function context(state: FakeState, clock: FakeEngineClock, lingerPolls: number): StepContext {
  const ports = fakePorts(state);
  // The fake forgets the Nodes with the node group; Kubernetes removes them later (the node lifecycle
  // controller's next pass): keep them listed until the waiter has polled `lingerPolls` times.
  const lingering = state.nodes.map((n) => ({ ...n }));
  const listNodes = ports.kube.listNodes.bind(ports.kube);
  ports.kube.listNodes = async (selector) => {
    const nodes = await listNodes(selector);
    return nodes.length === 0 && clock.sleeps.length < lingerPolls ? lingering : nodes;
  };
  return fakeStepContext(ports, clock);
}

function seed(): FakeState {
  const state = new FakeState();
  state.nodegroups.set('old', {
    name: 'old',
    status: 'ACTIVE',
    instanceTypes: ['m5.large'],
    subnets: [],
    desiredSize: 1,
    tags: {},
    labels: {},
  });
  state.nodes.push({
    name: 'ip-10-0-1-5.ec2.internal',
    labels: { 'eks.amazonaws.com/nodegroup': 'old' },
    unschedulable: true,
    ready: false,
    allocatablePods: 29,
  });
  return state;
}

describe('delete-nodegroup', () => {
  it('returns only once the node group is gone and its Nodes have left Kubernetes', async () => {
    const state = seed();
    const clock = new FakeEngineClock();
    await deleteNodegroup.execute(step, context(state, clock, 3));
    assert.deepEqual(state.mutations, ['DeleteNodegroup old']);
    assert.equal(state.nodegroups.has('old'), false);
    assert.equal(clock.sleeps.length, 3);
  });

  it('settles an interrupted delete the same way, without a mutating call', async () => {
    const state = seed();
    state.nodegroups.get('old')!.status = 'DELETING';
    const clock = new FakeEngineClock();
    await deleteNodegroup.settle!(step, context(state, clock, 2));
    assert.deepEqual(state.mutations, []);
    assert.equal(clock.sleeps.length, 2);
  });

  it('times out naming the nodes still registered', async () => {
    const state = seed();
    const clock = new FakeEngineClock();
    const ctx = context(state, clock, Infinity);
    ctx.timeouts.nodegroupDeleteMs = 5000;
    await assert.rejects(deleteNodegroup.execute(step, ctx), /1 node\(s\) still registered.*ip-10-0-1-5/);
  });
});
