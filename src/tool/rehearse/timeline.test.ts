import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TimedEvent } from '../engine/progress/events.js';
import type { Plan } from '../planner/types.js';
import { lowestAvailability, timeline, waves, type Availability } from './timeline.js';

const step = (id: string, dependsOn: string[], action = 'create') =>
  ({ id, kind: 'create-subnet', action, reason: '', dependsOn, target: {}, desired: {} }) as unknown;

const plan = {
  steps: [
    step('vpc-cidr', []),
    step('subnet:a', ['vpc-cidr']),
    step('subnet:b', ['vpc-cidr']),
    step('crd', [], 'no-op'),
    step('eniconfig:a', ['subnet:a', 'crd']),
    step('drain', ['eniconfig:a', 'subnet:b']),
  ],
} as unknown as Plan;

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();

describe('rehearsal timeline', () => {
  it('puts each step one wave after the latest step it depends on', () => {
    assert.deepEqual(Object.fromEntries(waves(plan)), {
      'vpc-cidr': 1,
      'subnet:a': 2,
      'subnet:b': 2,
      crd: 1,
      'eniconfig:a': 3,
      drain: 4,
    });
  });

  it("times each step from apply's events, and says which failed and which never ran", () => {
    const events = [
      { type: 'step-start', id: 'vpc-cidr', description: '', time: at(10) },
      { type: 'step-done', id: 'vpc-cidr', time: at(12) },
      { type: 'step-no-op', id: 'crd', reason: 'present', time: at(10) },
      { type: 'step-start', id: 'subnet:a', description: '', time: at(12) },
      { type: 'step-failed', id: 'subnet:a', code: 'E_X', message: 'refused', time: at(13) },
      { type: 'step-skipped', id: 'eniconfig:a', reason: 'a dependency failed', time: at(13) },
    ] as TimedEvent[];
    const t = timeline(plan, events);
    const byId = Object.fromEntries(t.map((s) => [s.id, s]));
    assert.deepEqual(
      [byId['vpc-cidr']?.outcome, byId['vpc-cidr']?.startSeconds, byId['vpc-cidr']?.durationSeconds],
      ['done', 0, 2],
    );
    assert.deepEqual([byId['subnet:a']?.outcome, byId['subnet:a']?.message], ['failed', 'E_X: refused']);
    assert.equal(byId['crd']?.outcome, 'no-op');
    assert.equal(byId['eniconfig:a']?.outcome, 'skipped');
    assert.equal(byId['subnet:b']?.outcome, 'not run');
  });

  it('keeps the lowest availability each workload reached', () => {
    const seen = new Map<string, Availability>();
    lowestAvailability(seen, [{ workload: 'Deployment default/web', desired: 10, available: 10 }]);
    lowestAvailability(seen, [{ workload: 'Deployment default/web', desired: 10, available: 7 }]);
    lowestAvailability(seen, [
      { workload: 'Deployment default/web', desired: 10, available: 9 },
      { workload: 'DaemonSet kube-system/aws-node', desired: 0, available: 0 },
    ]);
    assert.deepEqual(seen.get('Deployment default/web'), {
      workload: 'Deployment default/web',
      desired: 10,
      lowest: 7,
      lowestRatio: 0.7,
    });
    assert.equal(seen.get('DaemonSet kube-system/aws-node')?.lowestRatio, 1);
  });
});
