import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { StepContext } from './context.js';
import type { PodInfo } from './ports.js';
import { SURGE_ANNOTATION, restoreSurged, singleReplicasAtRisk, surge } from './surge-single-replicas.js';
import { FakeState, fakePorts } from './testing/fake-ports.js';
import { fakeStepContext } from './testing/step-context.js';

function context(state: FakeState): StepContext {
  return fakeStepContext(fakePorts(state));
}

const pod = (app: string): PodInfo => ({
  namespace: 'default',
  name: `${app}-1`,
  phase: 'Running',
  hostNetwork: false,
  ownerKinds: ['ReplicaSet'],
  owner: `ReplicaSet/${app}-abc`,
  labels: { app },
  mirror: false,
  deleting: false,
});

const deployment = (name: string, replicas: number) => ({
  namespace: 'default',
  name,
  replicas,
  readyReplicas: replicas,
  selector: { app: name },
  annotations: {},
});

describe('surge first for single replicas', () => {
  it('picks single-replica Deployments on the nodes with no budget, surges them, and restores them', async () => {
    const state = new FakeState();
    state.deployments.push(deployment('solo', 1), deployment('web', 3), deployment('guarded', 1));
    state.pdbs.push({
      namespace: 'default',
      name: 'guarded',
      selector: { app: 'guarded' },
      disruptionsAllowed: 0,
    });
    const ctx = context(state);
    const atRisk = await singleReplicasAtRisk(ctx, [pod('solo'), pod('web'), pod('guarded')]);
    assert.deepEqual(
      atRisk.map((d) => d.name),
      ['solo'],
    );
    await surge(ctx, atRisk);
    assert.deepEqual(state.mutations, [
      'create PodDisruptionBudget default/eks-cidr-surge-solo',
      'scale Deployment default/solo 2',
    ]);
    assert.equal(state.deployments[0]!.annotations[SURGE_ANNOTATION], '1');
    await restoreSurged(ctx);
    assert.equal(state.deployments[0]!.replicas, 1);
    assert.equal(state.deployments[0]!.annotations[SURGE_ANNOTATION], undefined);
    assert.ok(!state.pdbs.some((p) => p.name === 'eks-cidr-surge-solo'));
    // Nothing left to restore: a second pass changes nothing.
    const before = state.mutations.length;
    await restoreSurged(ctx);
    assert.equal(state.mutations.length, before);
  });

  it('replicas someone changed during the roll are left as they are', async () => {
    const state = new FakeState();
    state.deployments.push({ ...deployment('solo', 5), annotations: { [SURGE_ANNOTATION]: '1' } });
    await restoreSurged(context(state));
    assert.equal(state.deployments[0]!.replicas, 5);
    assert.equal(state.deployments[0]!.annotations[SURGE_ANNOTATION], undefined);
  });
});
