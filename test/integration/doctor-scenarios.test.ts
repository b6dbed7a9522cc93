/**
 * `eks-cidr doctor` against every `broken-<check>` scenario and the healthy `applied` one, over the
 * wire: the check fires (and no other, beyond the warnings the healthy cluster already has), the
 * JSON has exactly the documented shape, the exit code follows the errors, and doctor makes no
 * mutating call.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SCENARIO_NAMES } from '../../src/sandbox/scenarios/index.js';
import { cli, startScenario } from './apply-harness.js';

interface Report {
  cluster: string;
  ok: boolean;
  findings: {
    check: string;
    severity: string;
    resource: string;
    message: string;
    evidence: string[];
    fix: string;
  }[];
}

async function runDoctor(scenario: string) {
  const sb = await startScenario(scenario);
  try {
    const before = sb.trail().length;
    const r = await cli(sb, ['doctor', '--cluster', 'demo', '--output', 'json']);
    const calls = sb.trail().slice(before);
    const mutating = calls.filter((e) => !e.readOnly).map((e) => e.action);
    return { ...r, calls: calls.length, mutating };
  } finally {
    await sb.cleanup();
  }
}

async function doctor(scenario: string): Promise<{ report: Report; code: number; mutating: string[] }> {
  const r = await runDoctor(scenario);
  assert.equal(r.stderr, '', r.stderr);
  return { report: JSON.parse(r.stdout) as Report, code: r.code, mutating: r.mutating };
}

/** A finding's identity across scenarios: which check, how bad, about what. */
const key = (f: Report['findings'][number]) => `${f.check} ${f.severity} ${f.resource}`;

function assertShape(report: Report): void {
  assert.deepEqual(Object.keys(report).sort(), ['cluster', 'findings', 'ok']);
  for (const f of report.findings) {
    assert.deepEqual(Object.keys(f).sort(), ['check', 'evidence', 'fix', 'message', 'resource', 'severity']);
    assert.match(f.check, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(['error', 'warning', 'info'].includes(f.severity));
  }
}

/** Scenario -> the checks expected to fire there besides the healthy cluster's warnings. */
const EXPECTED: Record<string, string[]> = {
  'broken-nodes-not-rotated': ['nodes-not-rotated'],
  'broken-eniconfig-missing': ['eniconfig-missing'],
  'broken-eniconfig-subnet-wrong-zone': ['eniconfig-subnet-wrong-zone'],
  'broken-eniconfig-subnet-missing': ['eniconfig-subnet-missing'],
  'broken-eniconfig-selector-mismatch': ['eniconfig-selector-mismatch'],
  'broken-max-pods-exceeds-addresses': ['max-pods-exceeds-addresses'],
  'broken-addon-config-drift': ['addon-config-drift'],
  'broken-pod-subnet-no-egress': ['pod-subnet-no-egress'],
  'broken-pod-security-groups-block-nodes': ['pod-security-groups-block-nodes'],
  'broken-subnet-nearly-full': ['subnet-nearly-full'],
  'broken-prefix-fragmentation': ['prefix-fragmentation'],
  'broken-subnet-discovery-misconfigured': ['subnet-discovery-misconfigured'],
  'broken-pods-stuck-no-address': ['pods-stuck-no-address', 'subnet-nearly-full'],
  'broken-cni-too-old': ['cni-too-old'],
  'broken-ipv6-cluster': ['ipv6-cluster'],
};

describe('eks-cidr doctor on the scenarios', () => {
  /** The healthy cluster's findings (warnings only); a broken scenario adds to them. */
  let healthy = new Set<string>();

  it('has an expectation for every broken-<check> scenario', () => {
    assert.deepEqual(
      SCENARIO_NAMES.filter((n) => n.startsWith('broken-')).sort(),
      Object.keys(EXPECTED).sort(),
    );
  });

  it('applied: no error finding, exit 0, read-only', async () => {
    const { report, code, mutating } = await doctor('applied');
    assertShape(report);
    assert.equal(report.cluster, 'demo');
    assert.deepEqual(
      report.findings.filter((f) => f.severity === 'error'),
      [],
    );
    assert.equal(report.ok, true);
    assert.equal(code, 0);
    assert.deepEqual(mutating, []);
    healthy = new Set(report.findings.map(key));
  });

  for (const [scenario, expected] of Object.entries(EXPECTED)) {
    it(`${scenario}: ${expected.join(', ')} fire(s), nothing else, read-only`, async () => {
      const { report, code, mutating } = await doctor(scenario);
      assertShape(report);
      // The findings the scenario adds to the healthy cluster's come from exactly the expected checks.
      const added = report.findings.filter((f) => !healthy.has(key(f)));
      assert.deepEqual(
        [...new Set(added.map((f) => f.check))].sort(),
        [...expected].sort(),
        JSON.stringify(report.findings, null, 1),
      );
      const errors = report.findings.some((f) => f.severity === 'error');
      assert.equal(report.ok, !errors);
      assert.equal(code, errors ? 1 : 0);
      assert.deepEqual(mutating, []);
    });
  }

  // The other scenarios (exhausted, basic, ..., and one without the cluster): still read-only.
  const others = SCENARIO_NAMES.filter((n) => n !== 'applied' && !Object.hasOwn(EXPECTED, n));
  for (const scenario of others) {
    it(`${scenario}: read-only`, async () => {
      const r = await runDoctor(scenario);
      assert.ok(r.calls > 0, 'doctor called the sandbox');
      assert.deepEqual(r.mutating, []);
      if (r.code === 0 || r.code === 1) assertShape(JSON.parse(r.stdout) as Report);
    });
  }
});
