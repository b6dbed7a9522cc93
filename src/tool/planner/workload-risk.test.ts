import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterSnapshot, SnapshotPodDisruptionBudget, SnapshotWorkload } from '../discover/snapshot.js';
import { planFromSnapshot } from './derive.js';
import { exhaustedSnapshot, request } from './test-fixtures.js';
import { neverDisrupts, selectorMatches } from './workload-risk.js';

function workload(name: string, replicas: number): SnapshotWorkload {
  return {
    kind: 'Deployment',
    namespace: 'default',
    name,
    replicas,
    selector: { matchLabels: { app: name } },
    template: { labels: { app: name }, containers: [] },
  };
}

function withWorkloads(workloads: SnapshotWorkload[], pdbs: SnapshotPodDisruptionBudget[]): ClusterSnapshot {
  const s = exhaustedSnapshot();
  const node = s.kube.nodes[0]!.name;
  for (const w of workloads)
    s.kube.pods.push({
      namespace: 'default',
      name: `${w.name}-abc`,
      nodeName: node,
      podIP: '10.0.0.77',
      hostNetwork: false,
      phase: 'Running',
      ownerKind: 'ReplicaSet',
      labels: { app: w.name },
    });
  s.kube.workloads = workloads;
  s.kube.podDisruptionBudgets = pdbs;
  return s;
}

const pdb = (name: string, spec: Partial<SnapshotPodDisruptionBudget>): SnapshotPodDisruptionBudget => ({
  namespace: 'default',
  name,
  selector: { matchLabels: { app: name } },
  ...spec,
});

describe('workloads at risk in the plan', () => {
  const risks = (s: ClusterSnapshot, rotation?: string) =>
    planFromSnapshot(s, request(rotation ? { rotation } : {})).warnings.filter(
      (w) => w.code === 'W_WORKLOAD_AT_RISK',
    );

  it('names a single-replica workload and one without a budget', () => {
    const found = risks(
      withWorkloads([workload('solo', 1), workload('many', 4)], [pdb('solo', { maxUnavailable: 1 })]),
    );
    assert.equal(found.length, 2);
    assert.match(found[1]!.message, /Deployment default\/solo \(1 replica\(s\)\) .*a single replica/);
    assert.match(found[0]!.message, /Deployment default\/many .*no PodDisruptionBudget/);
  });

  it('names a budget that never allows a disruption, for rolling too', () => {
    const found = risks(
      withWorkloads([workload('locked', 3)], [pdb('locked', { minAvailable: 3 })]),
      'rolling',
    );
    assert.equal(found.length, 1);
    assert.match(
      found[0]!.message,
      /PodDisruptionBudget default\/locked never allows a disruption \(minAvailable 3 of 3\)/,
    );
  });

  it('a healthy workload, or no rotation, gives no risk', () => {
    assert.equal(risks(withWorkloads([workload('fine', 3)], [pdb('fine', { maxUnavailable: 1 })])).length, 0);
    const s = withWorkloads([workload('solo', 1)], []);
    const none = planFromSnapshot(s, request({ rotation: 'none' })).warnings.filter(
      (w) => w.code === 'W_WORKLOAD_AT_RISK',
    );
    assert.equal(none.length, 0);
  });
});

describe('neverDisrupts and selectorMatches', () => {
  const cases: [Partial<SnapshotPodDisruptionBudget>, number, boolean][] = [
    [{ maxUnavailable: 0 }, 3, true],
    [{ maxUnavailable: '0%' }, 3, true],
    [{ maxUnavailable: 1 }, 3, false],
    [{ minAvailable: '100%' }, 3, true],
    [{ minAvailable: 3 }, 3, true],
    [{ minAvailable: 2 }, 3, false],
    [{ minAvailable: '50%' }, 3, false],
  ];
  for (const [spec, replicas, want] of cases)
    it(`${JSON.stringify(spec)} of ${replicas}`, () =>
      assert.equal(neverDisrupts(pdb('x', spec), replicas), want));
  it('matchExpressions', () => {
    assert.ok(
      selectorMatches(
        { matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] },
        { tier: 'web' },
      ),
    );
    assert.ok(
      !selectorMatches(
        { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['web'] }] },
        { tier: 'web' },
      ),
    );
    assert.ok(!selectorMatches({}, { tier: 'web' }));
  });
});
