/**
 * kill -9 of apply right after each kind of mutating call it makes has succeeded, then a re-run to
 * completion: the end state equals an uninterrupted run's (no orphan, no duplicate) and nothing was
 * created twice. The crash points are not a hand-written list: they are every kind of mutating call the
 * uninterrupted run made (its first and its last call of that kind), so a new kind of call is covered
 * the day apply starts making it. Three runs cover every kind: custom networking with node groups
 * replaced (tags, CIDR block, subnets, route tables, ENIConfigs, UpdateAddon, launch template,
 * CreateNodegroup, cordon, evictions, DeleteNodegroup, the lease), rolled in place
 * (UpdateNodegroupVersion), and a self-managed aws-node (the DaemonSet patch).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DeleteAddonCommand, EKSClient } from '@aws-sdk/client-eks';
import type { TestSandbox } from '../helpers/sandbox.js';
import { scenarioTemplate } from '../integration/apply-harness.js';
import { endState, type EndState } from './end-state.js';
import { CREATES, kindOf, onEachCall, startApply, succeededWrite, successesByKind } from './apply-process.js';
import { report } from './figures.js';

type Template = Awaited<ReturnType<typeof scenarioTemplate>>;

interface Setup {
  name: string;
  args: string[];
  prepare?: (sb: TestSandbox) => Promise<void>;
  /** Kinds this setup must reach (the ones the brief names; more are found in the run). */
  expectKinds: string[];
}

async function withoutVpcCniAddon(sb: TestSandbox): Promise<void> {
  const eks = new EKSClient(sb.clientConfig);
  try {
    await eks.send(new DeleteAddonCommand({ clusterName: 'demo', addonName: 'vpc-cni', preserve: true }));
  } finally {
    eks.destroy();
  }
}

const SETUPS: Setup[] = [
  {
    name: 'custom networking, node groups replaced',
    args: ['--mode', 'custom-networking', '--rotation', 'replace'],
    expectKinds: [
      'ec2 CreateTags',
      'ec2 AssociateVpcCidrBlock',
      'ec2 CreateSubnet',
      'ec2 AssociateRouteTable',
      'eks UpdateAddon',
      'eks CreateNodegroup',
      'eks DeleteNodegroup',
      'kubernetes create eniconfigs.crd.k8s.amazonaws.com',
    ],
  },
  {
    name: 'custom networking, node groups rolled',
    args: ['--mode', 'custom-networking', '--rotation', 'rolling'],
    expectKinds: ['eks UpdateNodegroupVersion'],
  },
  {
    name: 'self-managed aws-node',
    args: ['--mode', 'custom-networking'],
    prepare: withoutVpcCniAddon,
    expectKinds: ['kubernetes patch daemonsets.apps'],
  },
];

interface Reference {
  setup: Setup;
  expected: EndState;
  counts: Map<string, number>;
}

async function referenceRun(template: Template, setup: Setup): Promise<Reference> {
  const sb = await template.start();
  try {
    await setup.prepare?.(sb);
    const from = sb.trail().length;
    const run = await startApply(sb, setup.args).exit;
    assert.equal(run.code, 0, `${setup.name}: ${run.stderr}`);
    const counts = successesByKind(sb.trail().slice(from));
    for (const kind of setup.expectKinds) assert.ok(counts.has(kind), `${setup.name}: apply made no ${kind}`);
    return { setup, expected: await endState(sb), counts };
  } finally {
    await sb.cleanup();
  }
}

interface Point {
  ref: Reference;
  kind: string;
  nth: number;
}

/** Every kind of call not covered by an earlier setup: its first and (when it repeats) its last. */
function crashPoints(refs: Reference[]): Point[] {
  // Lease renewals depend on how long the run takes (one per 20 s), not on the plan: not a fixed point.
  const covered = new Set<string>(['kubernetes update leases.coordination.k8s.io']);
  const points: Point[] = [];
  for (const ref of refs) {
    for (const [kind, n] of ref.counts) {
      if (covered.has(kind)) continue;
      covered.add(kind);
      points.push({ ref, kind, nth: 1 });
      if (n > 1) points.push({ ref, kind, nth: n });
    }
  }
  return points;
}

/** Kill -9 at the point, re-run to completion, compare with the uninterrupted run. */
async function crashAndResume(template: Template, { ref, kind, nth }: Point): Promise<void> {
  const label = `${ref.setup.name}: after ${kind} #${nth}`;
  const sb = await template.start();
  try {
    await ref.setup.prepare?.(sb);
    const from = sb.trail().length;
    let seen = 0;
    // Hooked in the same tick as the spawn: the child cannot have called anything yet.
    const crashed = startApply(sb, ref.setup.args);
    onEachCall(sb, (e) => {
      if (succeededWrite(e) && kindOf(e) === kind && ++seen === nth) crashed.child.kill('SIGKILL');
    });
    const killed = await crashed.exit;
    assert.equal(killed.signal, 'SIGKILL', `${label}: the run ended before the point (${killed.stderr})`);

    const resumed = await startApply(sb, ref.setup.args).exit;
    assert.equal(resumed.code, 0, `${label}: the re-run failed: ${resumed.stderr}${resumed.stdout}`);
    assert.deepEqual(
      await endState(sb),
      ref.expected,
      `${label}: the end state differs (orphan or duplicate)`,
    );
    for (const [k, n] of successesByKind(sb.trail().slice(from))) {
      const without = ref.counts.get(k) ?? 0;
      if (CREATES.test(k))
        assert.ok(n <= without, `${label}: ${k} succeeded ${n} times, ${without} without the crash`);
    }
  } finally {
    await sb.cleanup();
  }
}

/** Crash points run this many at a time, each against its own sandbox. */
const PARALLEL = 3;

describe('reliability: kill -9 right after each kind of mutating call, then a re-run', () => {
  it('converges to the uninterrupted end state with no orphan or duplicate', async (t) => {
    const template = await scenarioTemplate('basic');
    const failures: string[] = [];
    let points: Point[] = [];
    let converged = 0;
    try {
      const refs = await Promise.all(SETUPS.map((setup) => referenceRun(template, setup)));
      points = crashPoints(refs);
      const queue = [...points];
      await Promise.all(
        Array.from({ length: PARALLEL }, async () => {
          for (let p = queue.shift(); p; p = queue.shift()) {
            try {
              await crashAndResume(template, p);
              converged++;
            } catch (err) {
              failures.push(err instanceof Error ? err.message : String(err));
            }
          }
        }),
      );
    } finally {
      template.dispose();
      report(t, 'crash at each mutating call', {
        'kinds of call': new Set(points.map((p) => p.kind)).size,
        'points tried': points.length,
        converged,
      });
    }
    assert.deepEqual(failures, []);
    assert.equal(converged, points.length);
  });
});
