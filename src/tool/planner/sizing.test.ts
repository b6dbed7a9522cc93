import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterSnapshot } from '../discover/snapshot.js';
import { isUserError } from '../../shared/errors.js';
import { planFromSnapshot } from './derive.js';
import { NODES_PER_MANAGED_NODEGROUP, sizeNodegroup } from './sizing.js';
import { exhaustedSnapshot, request } from './test-fixtures.js';
import type { StepOf } from './types.js';

const CUSTOM = { networking: 'custom-networking', prefixDelegation: false } as const;

/** The exhausted fixture with `total` demand pods (one web pod per node is already there). */
function withDemand(total: number): ClusterSnapshot {
  const s = exhaustedSnapshot();
  const nodes = s.kube.nodes;
  for (let i = nodes.length; i < total; i++) {
    s.kube.pods.push({
      namespace: 'default',
      name: `app-${i}`,
      nodeName: nodes[i % nodes.length]!.name,
      podIP: `10.0.${i % nodes.length}.${100 + i}`,
      hostNetwork: false,
      phase: 'Running',
      ownerKind: 'ReplicaSet',
    });
  }
  return s;
}

const base = { capacityHeadroomPercent: 10, nodeCounts: {}, allowCapacityLoss: false };

describe('sizeNodegroup (m5.large under custom networking: 18 pods per node beside aws-node)', () => {
  const cases: {
    name: string;
    demand: number;
    req?: Partial<typeof base> & { maxNodes?: number };
    desired: number;
    maxSize: number;
    source: string;
    codes: string[];
  }[] = [
    {
      name: 'small demand keeps the current size',
      demand: 3,
      desired: 3,
      maxSize: 6,
      source: 'current',
      codes: [],
    },
    // 54 pods + 10% = 60 -> 4 nodes
    {
      name: 'demand + headroom raises the size',
      demand: 54,
      desired: 4,
      maxSize: 6,
      source: 'demand',
      codes: ['I_SIZE_RAISED'],
    },
    {
      name: 'no headroom: 54 pods fit 3 nodes',
      demand: 54,
      req: { capacityHeadroomPercent: 0 },
      desired: 3,
      maxSize: 6,
      source: 'current',
      codes: [],
    },
    // 100 + 10% = 110 -> 7 nodes, above maxSize 6
    {
      name: 'maxSize is raised when needed',
      demand: 100,
      desired: 7,
      maxSize: 7,
      source: 'demand',
      codes: ['I_MAX_SIZE_RAISED', 'I_SIZE_RAISED'],
    },
    {
      name: '--node-count overrides',
      demand: 3,
      req: { nodeCounts: { 'ng-1': 2 } },
      desired: 2,
      maxSize: 6,
      source: 'node-count',
      codes: [],
    },
    {
      name: '--node-count below the demand is refused',
      demand: 100,
      req: { nodeCounts: { 'ng-1': 3 } },
      desired: 3,
      maxSize: 6,
      source: 'node-count',
      codes: ['E_CAPACITY_SHORT'],
    },
    {
      name: '--max-nodes below the need is refused',
      demand: 100,
      req: { maxNodes: 5 },
      desired: 5,
      maxSize: 6,
      source: 'demand',
      codes: ['E_CAPACITY_SHORT', 'I_SIZE_RAISED'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const s = withDemand(c.demand);
      const sizing = sizeNodegroup(s, { ...base, ...c.req }, s.nodegroups[0]!, { maxPods: 20, mode: CUSTOM });
      assert.equal(sizing.demand, c.demand);
      assert.equal(sizing.perNode, 18);
      assert.equal(sizing.desiredSize, c.desired);
      assert.equal(sizing.maxSize, c.maxSize);
      assert.equal(sizing.source, c.source);
      assert.deepEqual(sizing.findings.map((f) => f.code).sort(), [...c.codes].sort());
      for (const f of sizing.findings.filter((f) => f.code === 'E_CAPACITY_SHORT'))
        assert.equal(f.severity, 'error');
    });
  }

  it('--allow-capacity-loss turns a refusal into a warning', () => {
    const s = withDemand(100);
    const sizing = sizeNodegroup(s, { ...base, maxNodes: 5, allowCapacityLoss: true }, s.nodegroups[0]!, {
      maxPods: 20,
      mode: CUSTOM,
    });
    const short = sizing.findings.find((f) => f.code === 'E_CAPACITY_SHORT');
    assert.equal(short?.severity, 'warning');
    assert.equal(sizing.desiredSize, 5);
  });

  it("EKS's nodes-per-group quota bounds the size", () => {
    const s = withDemand(20 * NODES_PER_MANAGED_NODEGROUP);
    const sizing = sizeNodegroup(s, base, s.nodegroups[0]!, { maxPods: 20, mode: CUSTOM });
    assert.equal(sizing.desiredSize, NODES_PER_MANAGED_NODEGROUP);
    assert.match(
      sizing.findings.find((f) => f.code === 'E_CAPACITY_SHORT')?.message ?? '',
      /quota of 450 nodes/,
    );
  });

  it('Pending pods with no node count toward the group', () => {
    const s = withDemand(54);
    for (let i = 0; i < 10; i++)
      s.kube.pods.push({ namespace: 'default', name: `pending-${i}`, hostNetwork: false, phase: 'Pending' });
    const sizing = sizeNodegroup(s, base, s.nodegroups[0]!, { maxPods: 20, mode: CUSTOM });
    assert.equal(sizing.demand, 64);
    assert.equal(sizing.desiredSize, 4); // 64 + 10% = 71 -> 4 nodes of 18
  });
});

describe('sizing in the plan', () => {
  it('the replacement gets the sized scaling and the plan says so', () => {
    const plan = planFromSnapshot(withDemand(100), request({ rotation: 'replace' }));
    const create = plan.steps.find((s) => s.kind === 'create-nodegroup') as StepOf<'create-nodegroup'>;
    assert.deepEqual(create.desired.scaling, { minSize: 3, maxSize: 7, desiredSize: 7 });
    assert.ok(plan.warnings.some((w) => w.code === 'I_MAX_SIZE_RAISED' && /maxSize 6 -> 7/.test(w.message)));
    assert.equal(plan.capacity?.totals.nodesAfter, 7);
    assert.ok((plan.capacity?.totals.headroom ?? 0) >= 10);
  });

  it('a refusal is a validation error (exit 2) with the numbers', () => {
    assert.throws(
      () => planFromSnapshot(withDemand(100), request({ maxNodes: '4' })),
      (err: unknown) => {
        assert.ok(isUserError(err));
        assert.equal(err.exitCode, 2);
        assert.match(
          err.message,
          /needs 7 node\(s\) for 100 pod\(s\) \+ 10% headroom \(110\) at 18 pod\(s\) per node, but --max-nodes 4 allows 4: 4 node\(s\) run 72 pod\(s\), 28 short/,
        );
        return true;
      },
    );
  });

  it('--allow-capacity-loss plans anyway and warns', () => {
    const plan = planFromSnapshot(withDemand(100), request({ maxNodes: '4', allowCapacityLoss: true }));
    assert.ok(plan.warnings.some((w) => w.code === 'E_CAPACITY_SHORT' && w.severity === 'warning'));
  });
});
