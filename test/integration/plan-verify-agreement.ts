/**
 * plan and verify agree on every scenario: whatever verify flags, plan either has a step that apply
 * runs to fix it or a warning that says why apply cannot; and after apply (when the plan is not
 * refused) verify passes. On capacity there is no way out through a warning: when the plan's
 * capacity after the change holds the demand and the smoke test's pod per node, `verify --smoke`
 * after apply leaves no pod Pending for want of room (it may still fail for what the smoke pods alone
 * show, such as security groups that block DNS). plan-verify-capacity.test.ts shows the same where
 * the sizing decides it.
 *
 * The scenarios are split across three test files (plan-verify-agreement-{1,2,3}.test.ts), each a
 * third of them, so each file stays well inside the per-file timeout on a loaded machine.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SCENARIO_NAMES } from '../../src/sandbox/scenarios/registry.js';
import type { CapacityTotals } from '../../src/tool/planner/capacity-types.js';
import { cli, FAST, startScenario } from './apply-harness.js';

interface VerifyJson {
  ok: boolean;
  problems: { name: string; reason: string; code?: string }[];
}

/** The scenarios of part `part` (0, 1 or 2) of `parts`. */
export function scenarioPart(part: number, parts = 3): string[] {
  return SCENARIO_NAMES.filter((n) => n !== 'empty').filter((_, i) => i % parts === part);
}

export function planVerifyAgreement(part: number, parts = 3): void {
  describe(`plan and verify agree on every scenario (part ${part + 1} of ${parts})`, () => {
    for (const name of scenarioPart(part, parts)) {
      it(name, async () => {
        const sb = await startScenario(name);
        try {
          const before = await cli(sb, ['verify', '--cluster', 'demo', '--wait', '0']);
          const plan = await cli(sb, ['plan', '--cluster', 'demo']);
          const planJson = await cli(sb, ['plan', '--cluster', 'demo', '--output', 'json']);
          if (plan.code === 2) {
            // Refused before any write: the refusal says why (validation names each problem).
            assert.match(plan.stderr, /E_[A-Z_]+/);
            return;
          }
          assert.equal(plan.code, 0, plan.stderr);
          const nothing = /Nothing to do/.test(plan.stdout);
          const explained = /^\s+! /m.test(plan.stdout);
          if (before.code !== 0)
            assert.ok(
              !nothing || explained,
              `verify fails but plan has nothing to do and no warning:\n${before.stdout}${before.stderr}\n${plan.stdout}`,
            );
          const apply = await cli(sb, ['apply', '--cluster', 'demo', '--yes', ...FAST]);
          assert.equal(apply.code, 0, apply.stderr + apply.stdout);
          // 30 s here and for --smoke: instant timing settles in seconds; a scenario whose problem
          // outlives apply (security groups that block the nodes) waits this out whole.
          const after = await cli(sb, [
            'verify',
            '--cluster',
            'demo',
            '--wait',
            '30',
            '--poll-interval',
            '50',
          ]);
          const totals = (JSON.parse(planJson.stdout) as { capacity?: { totals: CapacityTotals } }).capacity
            ?.totals;
          if (totals && totals.servableAfter >= totals.demand + totals.nodesAfter) {
            const smoke = await cli(sb, [
              'verify',
              '--cluster',
              'demo',
              '--smoke',
              '--wait',
              '30',
              '--poll-interval',
              '50',
              '--output',
              'json',
            ]);
            const problems = (JSON.parse(smoke.stdout) as VerifyJson).problems;
            const unserved = problems.filter(
              (p) => p.code === 'E_NO_CAPACITY' || /not scheduled/.test(p.reason),
            );
            assert.deepEqual(
              unserved,
              [],
              `plan said ${totals.servableAfter} pods fit for a demand of ${totals.demand} (+ ${totals.nodesAfter} smoke pods), but pods stayed Pending`,
            );
          }
          if (after.code !== 0) {
            const again = await cli(sb, ['plan', '--cluster', 'demo']);
            assert.ok(
              /^\s+! /m.test(again.stdout),
              `verify fails after apply and the plan says nothing about why:\n${after.stdout}${after.stderr}\n${again.stdout}`,
            );
          }
        } finally {
          await sb.cleanup();
        }
      });
    }
  });
}
