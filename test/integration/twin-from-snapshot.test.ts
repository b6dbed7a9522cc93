/**
 * `sandbox up --from`: a sandbox plays the "real" cluster (scenarios `exhausted`, `applied` and
 * broken ones), `eks-cidr snapshot` captures it, and a second sandbox is built as its twin. The twin
 * reproduces it exactly (no difference reported), every subnet has the same free address count, and
 * `eks-cidr plan` on the twin equals the plan on the source: same step ids, kinds, actions and desired
 * states.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { parseSnapshotFile, type SnapshotFile } from '../../src/shared/snapshot/schema.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { cli, startScenario } from './apply-harness.js';
import { freeCounts, stepsOf, type PlanJson } from './twin-harness.js';

async function run(sb: TestSandbox, args: string[]) {
  Object.assign(process.env, sb.env);
  const r = await cli(sb, args);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

// broken-max-pods-exceeds-addresses: a custom AMI whose user data sets max-pods; broken-addon-config-drift:
// custom networking set on aws-node by hand, not in the add-on's configuration.
for (const scenario of [
  'exhausted',
  'applied',
  'broken-max-pods-exceeds-addresses',
  'broken-addon-config-drift',
]) {
  describe(`a twin of '${scenario}'`, () => {
    it('reproduces it: no difference reported, the same free addresses per subnet, the same plan', async () => {
      const source = await startScenario(scenario);
      let twin: TestSandbox | undefined;
      try {
        const file: SnapshotFile = parseSnapshotFile(
          JSON.parse(await run(source, ['snapshot', '--cluster', 'demo'])),
        );
        const sourcePlan = JSON.parse(
          await run(source, ['plan', '--cluster', 'demo', '--output', 'json']),
        ) as PlanJson;
        const sourceFree = await freeCounts(source);

        twin = await startTestSandbox({ twin: file });
        assert.deepEqual(
          twin.sandbox.twinReport?.notes.filter((n) => n.severity !== 'info'),
          [],
        );
        assert.deepEqual(await freeCounts(twin), sourceFree);
        const twinPlan = JSON.parse(
          await run(twin, ['plan', '--cluster', 'demo', '--output', 'json']),
        ) as PlanJson;
        assert.ok(sourcePlan.steps.length > 0);
        assert.deepEqual(stepsOf(twinPlan), stepsOf(sourcePlan));
        assert.deepEqual(twinPlan.summary, sourcePlan.summary);
        // The twin's own snapshot reads like the source's: same nodes, same pods' placement facts.
        const again = parseSnapshotFile(JSON.parse(await run(twin, ['snapshot', '--cluster', 'demo'])));
        assert.deepEqual(
          again.kube.nodes.map((n) => [n.name, n.instanceId, n.allocatable['pods']]),
          file.kube.nodes.map((n) => [n.name, n.instanceId, n.allocatable['pods']]),
        );
        const running = (f: SnapshotFile) =>
          f.kube.pods.filter((p) => p.phase === 'Running' && !p.hostNetwork && p.hasAddress).length;
        assert.equal(running(again), running(file));
      } finally {
        await twin?.cleanup();
        await source.cleanup();
      }
    });
  });
}

describe("a twin of 'broken-nodes-not-rotated' (custom networking on, nodes not replaced)", () => {
  it('starts those nodes in the mode they started in: the same plan (their rotation) and free addresses', async () => {
    const source = await startScenario('broken-nodes-not-rotated');
    let twin: TestSandbox | undefined;
    try {
      const file = parseSnapshotFile(JSON.parse(await run(source, ['snapshot', '--cluster', 'demo'])));
      const sourcePlan = JSON.parse(
        await run(source, ['plan', '--cluster', 'demo', '--output', 'json']),
      ) as PlanJson;
      const sourceFree = await freeCounts(source);
      twin = await startTestSandbox({ twin: file });
      // Only a difference in how many pods run may be reported (see docs/snapshot.md), nothing else.
      assert.deepEqual(
        twin.sandbox.twinReport?.notes
          .filter((n) => n.severity !== 'info')
          .filter((n) => !/pods run with an address in the twin/.test(n.message)),
        [],
      );
      assert.deepEqual(await freeCounts(twin), sourceFree);
      const twinPlan = JSON.parse(
        await run(twin, ['plan', '--cluster', 'demo', '--output', 'json']),
      ) as PlanJson;
      assert.ok(sourcePlan.steps.some((s) => s.kind === 'roll-nodegroup' || s.kind === 'drain-nodegroup'));
      assert.deepEqual(stepsOf(twinPlan), stepsOf(sourcePlan));
    } finally {
      await twin?.cleanup();
      await source.cleanup();
    }
  });
});

describe('a twin that cannot reproduce its snapshot', () => {
  it('reports an unknown instance type (and the node group it leaves out), not a guess', async () => {
    const source = await startScenario('exhausted');
    let twin: TestSandbox | undefined;
    try {
      const file = parseSnapshotFile(JSON.parse(await run(source, ['snapshot', '--cluster', 'demo'])));
      const lt = file.nodegroups[0]!.launchTemplate!;
      lt.instanceType = 'zz9.mega';
      twin = await startTestSandbox({ twin: file });
      const errors = twin.sandbox.twinReport!.notes.filter((n) => n.severity === 'error');
      assert.ok(
        errors.some(
          (n) =>
            n.resource === 'nodegroup/demo-nodes' && /instance type zz9\.mega is unknown/.test(n.message),
        ),
        JSON.stringify(errors),
      );
      assert.equal(twin.sandbox.twinReport!.exact, false);
    } finally {
      await twin?.cleanup();
      await source.cleanup();
    }
  });

  it('sandbox up --from refuses a file that is not a snapshot, before starting anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eks-cidr-twin-'));
    try {
      const path = join(dir, 'bad.json');
      writeFileSync(path, JSON.stringify({ format: 'eks-cidr.snapshot', version: 7 }));
      let stderr = '';
      const code = await main(['sandbox', 'up', '--state-dir', join(dir, 'state'), '--from', path], {
        stdout: { write: () => true },
        stderr: { write: (s: string) => (stderr += s) },
        env: {},
      });
      assert.equal(code, 2);
      assert.match(stderr, /version 7 is not supported \(this eks-cidr reads version 1\)/);
      assert.match(stderr, /E_SNAPSHOT_INVALID/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
