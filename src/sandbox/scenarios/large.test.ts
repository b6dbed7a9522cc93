import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../core/clock.js';
import { UserError } from '../../shared/errors.js';
import { createWorld, defaultTiming } from '../world.js';
import { scenarioWorld } from './from-world.js';
import { largeScenario, largeSize } from './large.js';

interface PodLike {
  metadata: { labels?: Record<string, string> };
  spec: { nodeName?: string };
  status?: { phase?: string; podIP?: string };
}

describe('the large scenario', () => {
  it('is built through the simulation: EKS launches the nodes, kubelets register them, the scheduler and ipamd place and address the pods, and it starts exhausted', () => {
    const world = createWorld({ clock: new ManualClock(), timing: defaultTiming });
    largeScenario(scenarioWorld(world), { nodes: 9, podsPerNode: 12 });
    const store = world.kube.get('demo')!;
    const nodes = store.scan({ group: '', version: 'v1', resource: 'nodes' });
    assert.equal(nodes.length, 9);
    // Every node is an instance the managed node group launched.
    const instances = world.ec2.listInstanceSummaries().filter((i) => i.state === 'running');
    assert.equal(instances.length, 9);
    assert.equal(world.eks.describeNodegroup('demo', 'demo-nodes').scalingConfig?.desiredSize, 9);
    const web = (store.scan({ group: '', version: 'v1', resource: 'pods' }) as unknown as PodLike[]).filter(
      (p) => p.metadata.labels?.app === 'web',
    );
    assert.equal(web.length, 9 * 12);
    assert.ok(
      web.every((p) => p.spec.nodeName),
      'the scheduler bound every web pod',
    );
    const running = web.filter((p) => p.status?.phase === 'Running' && p.status.podIP);
    const waiting = web.filter((p) => !p.status?.podIP);
    assert.ok(running.length >= web.length * 0.7, `only ${running.length} of ${web.length} web pods run`);
    assert.ok(waiting.length > 0, 'the node subnets should be exhausted: some pods wait for an address');
  });

  it("splits its nodes into managed node groups within EKS's nodes-per-group quota, each across the three zones", () => {
    const world = createWorld({ clock: new ManualClock(), timing: defaultTiming });
    // An account quota of 4 nodes per group stands in for EKS's 450 (1,000 nodes: 334, 333, 333).
    largeScenario(scenarioWorld(world), { nodes: 9, podsPerNode: 4, nodesPerNodegroup: 4 });
    const groups = ['demo-nodes', 'demo-nodes-2', 'demo-nodes-3'].map((n) =>
      world.eks.describeNodegroup('demo', n),
    );
    assert.deepEqual(world.eks.listNodegroups('demo').sort(), ['demo-nodes', 'demo-nodes-2', 'demo-nodes-3']);
    for (const ng of groups) {
      assert.deepEqual(ng.scalingConfig, { minSize: 3, maxSize: 4, desiredSize: 3 });
      assert.equal(ng.subnets?.length, 3);
    }
    const store = world.kube.get('demo')!;
    const nodes = store.scan({ group: '', version: 'v1', resource: 'nodes' }) as unknown as {
      metadata: { labels?: Record<string, string> };
    }[];
    const perGroup = new Map<string, Set<string>>();
    for (const n of nodes) {
      const g = n.metadata.labels?.['eks.amazonaws.com/nodegroup'] ?? '';
      const zone = n.metadata.labels?.['topology.kubernetes.io/zone'] ?? '';
      perGroup.set(g, (perGroup.get(g) ?? new Set()).add(zone));
    }
    assert.equal(nodes.length, 9);
    assert.deepEqual([...perGroup].map(([g, zones]) => [g, zones.size]).sort(), [
      ['demo-nodes', 3],
      ['demo-nodes-2', 3],
      ['demo-nodes-3', 3],
    ]);
  });

  it('refuses sizes its node subnets cannot hold, before building anything', () => {
    assert.deepEqual(largeSize({}), { nodes: 2000, podsPerNode: 30 });
    assert.throws(() => largeSize({ nodes: 6000, podsPerNode: 30 }), UserError);
    assert.throws(() => largeSize({ nodes: 2, podsPerNode: 30 }), UserError);
  });
});
