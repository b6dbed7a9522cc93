/**
 * Twins at scale: the `large` scenario (built through the simulation, starting exhausted) plays the
 * real cluster. Its snapshot costs the same calls at 4x the nodes except one `list pods` per page of
 * 500; its twin reproduces it (no difference, the same free addresses per subnet, the same plan); and
 * a rehearsal on it leaves no mutating call on the source and a verified twin. The 2,000-node figures
 * are in bench/twin.bench.ts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SnapshotFile } from '../../src/shared/snapshot/schema.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { cli, startScenario } from './apply-harness.js';
import { freeCounts, mutatingSince, snapshotWithCalls, stepsOf, type PlanJson } from './twin-harness.js';

const PODS_PER_NODE = 25;

const large = (nodes: number) =>
  startScenario('large', { scenarioOptions: { nodes, podsPerNode: PODS_PER_NODE } });

describe("twins of the 'large' scenario", () => {
  it('snapshot calls grow with pages of pods, not with nodes', async () => {
    const small = await large(6);
    let a: Awaited<ReturnType<typeof snapshotWithCalls>>;
    try {
      a = await snapshotWithCalls(small);
    } finally {
      await small.cleanup();
    }
    const big = await large(24);
    try {
      const b = await snapshotWithCalls(big);
      assert.equal(b.file.kube.nodes.length, 24);
      assert.ok(b.file.kube.pods.length > 500, `${b.file.kube.pods.length} pods`);
      const pages = (f: SnapshotFile) => Math.ceil(f.kube.pods.length / 500);
      assert.equal(a.calls['kubernetes list pods'], pages(a.file));
      assert.equal(b.calls['kubernetes list pods'], pages(b.file));
      const { ['kubernetes list pods']: _a, ...restA } = a.calls;
      const { ['kubernetes list pods']: _b, ...restB } = b.calls;
      assert.deepEqual(restB, restA);
    } finally {
      await big.cleanup();
    }
  });

  it('a twin reproduces it, plans alike, and rehearses with only read calls on the source', async () => {
    const source = await large(12);
    let twin: TestSandbox | undefined;
    try {
      const { file } = await snapshotWithCalls(source);
      const sourcePlan = JSON.parse(
        (await cli(source, ['plan', '--cluster', 'demo', '--output', 'json'])).stdout,
      ) as PlanJson;
      const sourceFree = await freeCounts(source);
      twin = await startTestSandbox({ twin: file });
      // The twin's scheduler places pods afresh, so on an exhausted cluster a few more or fewer may
      // find an address than on the source; that is reported (docs/snapshot.md), nothing else is.
      assert.deepEqual(
        twin.sandbox.twinReport?.notes
          .filter((n) => n.severity !== 'info')
          .filter((n) => !/pods run with an address in the twin/.test(n.message)),
        [],
      );
      assert.deepEqual(await freeCounts(twin), sourceFree);
      Object.assign(process.env, twin.env);
      const twinPlan = JSON.parse(
        (await cli(twin, ['plan', '--cluster', 'demo', '--output', 'json'])).stdout,
      ) as PlanJson;
      assert.ok(sourcePlan.steps.length > 0);
      assert.deepEqual(stepsOf(twinPlan), stepsOf(sourcePlan));
      await twin.cleanup();
      twin = undefined;

      Object.assign(process.env, source.env);
      const before = source.trail().length;
      const r = await cli(source, [
        'rehearse',
        '--cluster',
        'demo',
        '--output',
        'json',
        '--twin-ipamd-cooldown',
        '2',
      ]);
      assert.deepEqual(mutatingSince(source, before), []);
      assert.equal(r.code, 0, r.stderr + r.stdout.slice(-2000));
      const out = JSON.parse(r.stdout) as { verdict: { ok: boolean }; verify: { exitCode: number } };
      assert.equal(out.verdict.ok, true);
      assert.equal(out.verify.exitCode, 0);
    } finally {
      await twin?.cleanup();
      await source.cleanup();
    }
  });
});
