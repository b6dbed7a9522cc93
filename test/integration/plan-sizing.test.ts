import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestSandbox } from '../helpers/sandbox.js';
import { cli, FAST, mutating, startScenario } from './apply-harness.js';

describe('capacity and sizing on the exhausted scenario', () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startScenario('exhausted');
  });
  after(async () => {
    await sb.cleanup();
  });

  it('plan prints the capacity table with the demand of the web pods', async () => {
    const r = await cli(sb, ['plan', '--cluster', 'demo']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Capacity per node group and zone/);
    assert.match(r.stdout, /demo-nodes\s+us-east-1a\s+1\s+m5\.large\s+29->20\s+27->18/);
    // 45 web replicas and 2 coredns need an address; some are stuck without one today.
    assert.match(
      r.stdout,
      /cluster: pod slots 87 -> 60, pods that can run 81 -> 54, demand 47 \(\d+ stuck for an address, 0 Pending\), headroom 7/,
    );
  });

  it('plan --output json carries the capacity model', async () => {
    const r = await cli(sb, ['plan', '--cluster', 'demo', '--output', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const plan = JSON.parse(r.stdout) as {
      capacity: {
        rows: { nodegroup: string; demand: number }[];
        totals: { demand: number; servableAfter: number };
      };
    };
    assert.equal(plan.capacity.totals.demand, 47);
    assert.equal(plan.capacity.totals.servableAfter, 54);
    assert.equal(plan.capacity.rows.length, 3);
  });

  it('a sizing refusal exits 2 with the numbers and makes no mutating call', async () => {
    const before = mutating(sb).length;
    const r = await cli(sb, ['apply', '--cluster', 'demo', '--yes', '--max-nodes', '2', ...FAST]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /E_CAPACITY_SHORT/);
    assert.match(
      r.stderr,
      /needs 3 node\(s\) for 47 pod\(s\) \+ 10% headroom \(52\) at 18 pod\(s\) per node, but --max-nodes 2 allows 2/,
    );
    assert.equal(mutating(sb).length, before);
  });

  it('--node-count below the demand is refused too, and --allow-capacity-loss only warns', async () => {
    const refused = await cli(sb, ['plan', '--cluster', 'demo', '--node-count', 'demo-nodes=2']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--node-count demo-nodes=2 runs 36 pod\(s\)/);
    const allowed = await cli(sb, [
      'plan',
      '--cluster',
      'demo',
      '--node-count',
      'demo-nodes=2',
      '--allow-capacity-loss',
    ]);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.match(allowed.stdout, /--allow-capacity-loss: going ahead/);
  });

  it('--node-count naming no node group is refused', async () => {
    const r = await cli(sb, ['plan', '--cluster', 'demo', '--node-count', 'nosuch=4']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /E_UNKNOWN_NODEGROUP/);
  });
});
