import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RollNodegroupStep } from '../planner/types.js';
import type { StepContext } from './context.js';
import { rollNodegroup } from './roll-nodegroup.js';
import { FakeState, fakePorts } from './testing/fake-ports.js';
import { fakeStepContext } from './testing/step-context.js';

function rollStep(over: Partial<RollNodegroupStep['desired']> = {}): RollNodegroupStep {
  return {
    id: 'roll:ng-1',
    kind: 'roll-nodegroup',
    action: 'update',
    reason: 'roll',
    dependsOn: [],
    target: { clusterName: 'demo', nodegroupName: 'ng-1' },
    desired: {
      launchTemplate: { id: 'lt-1', name: 'ng-1-lt', version: '1' },
      maxPods: { via: 'eks-default', maxPods: 20 },
      amiFamily: 'AL2023',
      scaling: { minSize: 3, maxSize: 6, desiredSize: 3 },
      force: false,
      maxUnavailable: '1',
      ...over,
    },
  };
}

function context(state: FakeState): StepContext {
  return fakeStepContext(fakePorts(state));
}

function seed(): FakeState {
  const state = new FakeState();
  state.nodegroups.set('ng-1', {
    name: 'ng-1',
    status: 'ACTIVE',
    instanceTypes: ['m5.large'],
    subnets: [],
    desiredSize: 3,
    scaling: { minSize: 3, maxSize: 6, desiredSize: 3 },
    launchTemplate: { id: 'lt-1', version: '1' },
    tags: {},
    labels: {},
  });
  state.launchTemplates.push({ launchTemplateId: 'lt-1', version: 1, userData: '' });
  for (let i = 0; i < 5; i++)
    state.nodes.push({
      name: `node-${i}`,
      labels: { 'eks.amazonaws.com/nodegroup': 'ng-1' },
      unschedulable: false,
      ready: true,
    });
  return state;
}

describe('roll-nodegroup', () => {
  it('makes a launch template version with max-pods and rolls the group onto it, keeping its name', async () => {
    const state = seed();
    const out = await rollNodegroup.execute(rollStep(), context(state));
    assert.deepEqual(state.mutations, ['CreateLaunchTemplateVersion lt-1', 'UpdateNodegroupVersion ng-1 2']);
    const v2 = state.launchTemplates.find((v) => v.version === 2);
    assert.match(Buffer.from(v2?.userData ?? '', 'base64').toString(), /maxPods: 20/);
    assert.deepEqual(out, { nodegroupName: 'ng-1', launchTemplateVersion: '2', lowestReady: '' });
    assert.ok(!state.mutations.some((m) => /CreateNodegroup|DeleteNodegroup/.test(m)));
    // destroy finds the group and the version to go back to from this description.
    assert.equal(v2?.description, 'eks-cidr: max-pods 20 for ng-1 (from version 1)');
  });

  it('rolls back onto the version destroy names, making no new version', async () => {
    const state = seed();
    await rollNodegroup.execute(rollStep(), context(state));
    state.mutations.length = 0;
    const back = rollStep({
      launchTemplate: { id: 'lt-1', name: 'ng-1-lt', version: '2' },
      maxPods: { via: 'eks-default', maxPods: 29 },
      toVersion: '1',
    });
    assert.match(rollNodegroup.describe(back), /back to launch template version 1/);
    const out = await rollNodegroup.execute(back, context(state));
    assert.deepEqual(state.mutations, ['UpdateNodegroupVersion ng-1 1']);
    assert.equal(out?.launchTemplateVersion, '1');
    // Again (a re-run): the group runs version 1 already, nothing to roll.
    await rollNodegroup.execute(back, context(state));
    assert.deepEqual(state.mutations, ['UpdateNodegroupVersion ng-1 1']);
  });

  it('raises the size first when the plan says so, and passes force', async () => {
    const state = seed();
    await rollNodegroup.execute(
      rollStep({ scaling: { minSize: 3, maxSize: 8, desiredSize: 5 }, force: true }),
      context(state),
    );
    assert.deepEqual(state.mutations, [
      'UpdateNodegroupConfig ng-1 3/8/5',
      'CreateLaunchTemplateVersion lt-1',
      'UpdateNodegroupVersion ng-1 2 force',
    ]);
  });

  it('a failed update stops apply with EKS errors and what to do', async () => {
    const state = seed();
    state.nextUpdateStatus = 'Failed';
    await assert.rejects(
      rollNodegroup.execute(rollStep(), context(state)),
      (err: Error & { code?: string; hint?: string }) => {
        assert.equal(err.code, 'E_ROLLING_UPDATE_FAILED');
        assert.match(err.message, /PodEvictionFailure/);
        assert.match(err.hint ?? '', /--force/);
        return true;
      },
    );
  });

  it('re-run after the roll: the version already sets max-pods, no second update', async () => {
    const state = seed();
    await rollNodegroup.execute(rollStep(), context(state));
    const before = state.mutations.length;
    await rollNodegroup.execute(rollStep(), context(state));
    assert.equal(state.mutations.length, before);
  });

  it('an update in flight from an interrupted run is waited for, not started again', async () => {
    const state = seed();
    state.nodegroups.get('ng-1')!.status = 'UPDATING';
    state.updates.set('u-1', {
      id: 'u-1',
      status: 'InProgress',
      type: 'VersionUpdate',
      errors: [],
      params: {},
    });
    const ctx = context(state);
    const describe = ctx.ports.eks.describeNodegroupUpdate.bind(ctx.ports.eks);
    let polls = 0;
    ctx.ports.eks.describeNodegroupUpdate = async (c, n, id) => {
      const u = await describe(c, n, id);
      if (++polls > 2) {
        state.nodegroups.get('ng-1')!.status = 'ACTIVE';
        return { ...u, status: 'Successful' };
      }
      return u;
    };
    await rollNodegroup.execute(rollStep(), ctx);
    assert.deepEqual(state.mutations, []);
  });
});
