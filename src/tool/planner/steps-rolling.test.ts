import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planFromSnapshot } from './derive.js';
import { exhaustedSnapshot, request } from './test-fixtures.js';
import type { StepOf } from './types.js';

describe('the rolling strategy in the plan', () => {
  it('rolls the group in place: one roll step, no new group, no drain, no delete', () => {
    const plan = planFromSnapshot(exhaustedSnapshot(), request({ rotation: 'rolling' }));
    const kinds = plan.steps.filter((s) => /nodegroup/.test(s.kind)).map((s) => `${s.action} ${s.id}`);
    assert.deepEqual(kinds, ['update roll:ng-1']);
    const roll = plan.steps.find((s) => s.kind === 'roll-nodegroup') as StepOf<'roll-nodegroup'>;
    assert.equal(roll.target.nodegroupName, 'ng-1');
    assert.deepEqual(roll.dependsOn, ['cni']);
    assert.deepEqual(roll.desired.launchTemplate, { id: 'lt-1', name: 'ng-1-lt', version: '1' });
    assert.equal(roll.desired.maxPods.maxPods, 20);
    assert.equal(roll.desired.force, false);
    assert.equal(roll.desired.maxUnavailable, '1');
    assert.match(roll.reason, /keeps its name/);
  });

  it("says what the user's IaC should carry afterwards", () => {
    const plan = planFromSnapshot(exhaustedSnapshot(), request({ rotation: 'rolling' }));
    const note = plan.warnings.find((w) => w.code === 'I_IAC_DRIFT');
    assert.match(
      note?.message ?? '',
      /launch template ng-1-lt at the version apply creates .*max-pods 20.*minSize 3, maxSize 6, desiredSize 3/,
    );
  });

  it('--force and the group updateConfig reach the step', () => {
    const s = exhaustedSnapshot();
    s.nodegroups[0]!.updateConfig = { maxUnavailablePercentage: 33 };
    const plan = planFromSnapshot(s, request({ rotation: 'rolling', force: true }));
    const roll = plan.steps.find((x) => x.kind === 'roll-nodegroup') as StepOf<'roll-nodegroup'>;
    assert.equal(roll.desired.force, true);
    assert.equal(roll.desired.maxUnavailable, '33%');
  });

  it('the capacity model counts the rolled group as rotated', () => {
    const plan = planFromSnapshot(exhaustedSnapshot(), request({ rotation: 'rolling' }));
    assert.ok(plan.capacity!.rows.every((r) => r.rotate && r.after.maxPods === 20));
  });

  it('refuses --rotation rolling for a group without a launch template', () => {
    const s = exhaustedSnapshot();
    delete s.nodegroups[0]!.launchTemplate;
    assert.throws(
      () => planFromSnapshot(s, request({ rotation: 'rolling' })),
      /E_ROLLING_NEEDS_LAUNCH_TEMPLATE/,
    );
  });

  it('auto rolls a group with a launch template and replaces one without', () => {
    const rolled = planFromSnapshot(exhaustedSnapshot(), request());
    const ids = rolled.steps.filter((s) => /nodegroup/.test(s.kind)).map((s) => `${s.action} ${s.id}`);
    assert.deepEqual(ids, ['update roll:ng-1']);
    const s = exhaustedSnapshot();
    delete s.nodegroups[0]!.launchTemplate;
    const replaced = planFromSnapshot(s, request({ rotation: 'auto' }));
    assert.deepEqual(
      replaced.steps.filter((x) => /nodegroup/.test(x.kind)).map((x) => x.id),
      ['nodegroup:ng-1-eks-cidr', 'drain:ng-1', 'delete-nodegroup:ng-1'],
    );
  });

  it('replace and none keep to today', () => {
    const replace = planFromSnapshot(exhaustedSnapshot(), request({ rotation: 'replace' }));
    assert.ok(replace.steps.some((s) => s.id === 'nodegroup:ng-1-eks-cidr'));
    const none = planFromSnapshot(exhaustedSnapshot(), request({ rotation: 'none' }));
    assert.ok(!none.steps.some((s) => /nodegroup/.test(s.kind)));
  });
});
