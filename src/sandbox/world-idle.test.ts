import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from './core/clock.js';
import { applyScenario } from './scenarios/index.js';
import { PDBS } from './services/kube/refs.js';
import { createWorld, defaultTiming } from './world.js';

/** The `basic` world, settled: three nodes, coredns with its PodDisruptionBudget, nothing due. */
function settledBasic() {
  const clock = new ManualClock();
  const world = createWorld({ clock, timing: defaultTiming });
  applyScenario('basic', world);
  for (let i = 0; i < 40; i++) {
    clock.advance(1_000);
    world.tick();
  }
  return { clock, world };
}

describe('an idle world costs nothing per tick', () => {
  it('ticks without listing instances or scanning pods until something changes or falls due', () => {
    const { clock, world } = settledBasic();
    const store = world.kube.get('demo')!;
    let listed = 0;
    let scanned = 0;
    const list = world.ec2.listInstanceSummaries.bind(world.ec2);
    world.ec2.listInstanceSummaries = () => {
      listed++;
      return list();
    };
    const scan = store.scan.bind(store);
    store.scan = (ref, ns) => {
      if (ref.resource === 'pods') scanned++;
      return scan(ref, ns);
    };
    const runs = () => world.sim.lastResults.get('demo')?.passes;
    const before = runs();
    for (let i = 0; i < 20; i++) {
      clock.advance(100);
      assert.equal(world.tick(), false, `idle tick ${i} changed the world`);
    }
    assert.equal(listed, 0, 'an idle tick listed the instances');
    assert.equal(scanned, 0, 'an idle tick scanned the pods (budgets or controllers)');
    assert.equal(runs(), before);

    // A change wakes exactly what it concerns: a terminated instance is noticed by the next tick.
    const [instance] = world.ec2.listInstanceSummaries();
    listed = 0;
    world.ec2.terminateInstances([instance!.instanceId]);
    clock.advance(100);
    world.tick();
    assert.equal(listed, 1);
    // A PDB write makes the budgets dirty; the tick after reconciles them once, then they are clean.
    const pdb = store.scan(PDBS)[0]!;
    store.patch(PDBS, pdb.metadata.namespace, pdb.metadata.name ?? '', 'merge', {
      metadata: { labels: { x: 'y' } },
    });
    scanned = 0;
    clock.advance(100);
    world.tick();
    assert.ok(scanned > 0, 'the budgets were not reconciled after a write');
  });
});
