import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { selfManagedNotices } from './apply-format.js';
import { fixturePlan } from '../../steps/testing/plan-fixture.js';

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
