/**
 * The fault matrix: every combination of throttling, 500s, added latency and eventual consistency
 * (each off or on: 16 cells), one apply per cell on scenario basic, each cell's faults drawn from its
 * own seeded stream. Every apply succeeds in one run and leaves the same end state as the run without
 * faults, with no resource created twice.
 *
 * Throttling and 500s come in bursts of at most 4 failures in a row per action (`maxConsecutive`),
 * under the retry policy's 8 sends per call: the matrix tests that the policy absorbs what it is
 * designed to absorb; a call that fails for ever is retry-policy.test.ts's case.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import type { FaultConfigInput } from '../../src/sandbox/server/faults.js';
import { scenarioTemplate } from '../integration/apply-harness.js';
import { CREATES, startApply, successesByKind } from './apply-process.js';
import { endState, type EndState } from './end-state.js';
import { report } from './figures.js';
import { rng } from './rng.js';

const ARGS = ['--mode', 'custom-networking', '--rotation', 'replace'];

/** Each dimension off, or on at the level the original fault run used. */
const DIMENSIONS: { name: string; on: FaultConfigInput }[] = [
  { name: 'throttling 30%', on: { throttleRate: 0.3 } },
  { name: '500s 5%', on: { errorRate: 0.05 } },
  { name: 'latency 150 ms', on: { latencyMs: 150 } },
  { name: 'consistency 3 s', on: { consistencyDelayMs: 3_000 } },
];

interface Cell {
  index: number;
  name: string;
  faults: FaultConfigInput;
}

function cells(): Cell[] {
  return Array.from({ length: 2 ** DIMENSIONS.length }, (_, index) => {
    const on = DIMENSIONS.filter((_, d) => index & (1 << d));
    return {
      index,
      name: on.map((d) => d.name).join(' + ') || 'no faults',
      faults: Object.assign({ maxConsecutive: 4 }, ...on.map((d) => d.on)) as FaultConfigInput,
    };
  });
}

const NO_FAULTS = { throttleRate: 0, errorRate: 0, latencyMs: 0, consistencyDelayMs: 0 };

/** Cells run this many at a time, each against its own sandbox. */
const PARALLEL = 4;

describe('reliability: the fault matrix', () => {
  it('throttling x 500s x latency x eventual consistency: every apply converges to the same end state', async (t) => {
    const template = await scenarioTemplate('basic');
    const all = cells();
    const failures: string[] = [];
    let converged = 0;
    let throttled = 0;
    let errors = 0;
    let calls = 0;
    try {
      const reference = await template.start();
      let expected: EndState;
      let referenceCounts: Map<string, number>;
      try {
        const run = await startApply(reference, ARGS).exit;
        assert.equal(run.code, 0, run.stderr);
        expected = await endState(reference);
        referenceCounts = successesByKind(reference.trail());
      } finally {
        await reference.cleanup();
      }
      const queue = [...all];
      await Promise.all(
        Array.from({ length: PARALLEL }, async () => {
          for (let cell = queue.shift(); cell; cell = queue.shift()) {
            const sb = await template.start({ faults: cell.faults, random: rng(100 + cell.index) });
            try {
              const run = await startApply(sb, ARGS).exit;
              const trail = sb.trail();
              calls += trail.length;
              throttled += trail.filter((e) => /Throttl|RequestLimitExceeded/.test(e.errorCode ?? '')).length;
              errors += trail.filter((e) => e.httpStatus >= 500).length;
              assert.equal(run.code, 0, `${cell.name}: ${run.stderr}`);
              // The end state is read with the faults off (the sandbox re-reads faults.json).
              writeFileSync(sb.sandbox.paths!.faults, JSON.stringify(NO_FAULTS));
              assert.deepEqual(await endState(sb), expected, `${cell.name}: the end state differs`);
              for (const [kind, n] of successesByKind(trail)) {
                const without = referenceCounts.get(kind) ?? 0;
                if (CREATES.test(kind))
                  assert.ok(
                    n <= without,
                    `${cell.name}: ${kind} succeeded ${n} times, ${without} without faults`,
                  );
              }
              converged++;
            } catch (err) {
              failures.push(err instanceof Error ? err.message : String(err));
            } finally {
              await sb.cleanup();
            }
          }
        }),
      );
    } finally {
      template.dispose();
      report(t, 'fault matrix', {
        cells: all.length,
        converged,
        'calls answered': calls,
        throttled,
        '5xx': errors,
      });
    }
    assert.deepEqual(failures, []);
    assert.equal(converged, all.length);
  });
});
