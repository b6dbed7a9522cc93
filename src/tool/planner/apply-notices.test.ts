import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rotationSummary, selfManagedNotices } from './apply-notices.js';
import { fixturePlan } from '../steps/testing/plan-fixture.js';

describe('selfManagedNotices', () => {
  it('says exactly what to do for nodes apply cannot replace, and nothing otherwise', () => {
    const plan = fixturePlan();
    assert.deepEqual(selfManagedNotices(plan), []);
    plan.warnings.push({
      severity: 'warning',
      code: 'W_SELF_MANAGED_NODES',
      message: '2 self-managed node(s) (a, b) cannot be replaced by eks-cidr.',
    });
    const [notice] = selfManagedNotices(plan);
    assert.match(notice!, /cannot be replaced/);
    assert.match(notice!, /--use-max-pods false --kubelet-extra-args '--max-pods=N'/);
    assert.match(notice!, /spec\.kubelet\.config\.maxPods/);
    assert.match(notice!, /us-east-1a: 100\.64\.0\.0\/17/);
    assert.match(notice!, /kubectl drain --ignore-daemonsets/);
    assert.match(notice!, /eks-cidr verify --cluster demo/);
  });
});

describe('rotationSummary', () => {
  it('tells how each node group was drained and the lowest Ready count seen, for changed steps only', () => {
    const plan = fixturePlan();
    const drain = plan.steps.find((s) => s.kind === 'drain-nodegroup')!;
    assert.deepEqual(rotationSummary(plan, new Map()), []);
    const lines = rotationSummary(
      plan,
      new Map([[drain.id, { drained: '2', waves: '1', lowestReady: 'web=2,db=1' }]]),
    );
    assert.match(lines[0]!, /^node group ng-1: 2 node\(s\) drained in 1 wave\(s\)/);
    assert.equal(lines[1], '  lowest Ready pods seen per workload: web 2, db 1');
  });
});
