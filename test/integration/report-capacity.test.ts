/**
 * `report`'s capacity view over the wire: per zone and node group, figures that agree with the
 * subnet table of the same report and with doctor's stuck pods, in JSON and text, read-only.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CapacityView } from '../../src/tool/report/capacity.js';
import { cli, startScenario } from './apply-harness.js';

interface ReportJson {
  subnets: { subnetId: string; cidr: string; zone: string; role: string; free: number }[];
  capacity: CapacityView;
}

async function reportAndDoctor(scenario: string) {
  const sb = await startScenario(scenario);
  try {
    const before = sb.trail().length;
    const json = await cli(sb, ['report', '--cluster', 'demo', '--output', 'json']);
    assert.equal(json.code, 0, json.stderr);
    const text = await cli(sb, ['report', '--cluster', 'demo']);
    const mutating = sb
      .trail()
      .slice(before)
      .filter((e) => !e.readOnly);
    const doctor = await cli(sb, ['doctor', '--cluster', 'demo', '--output', 'json']);
    return {
      report: JSON.parse(json.stdout) as ReportJson,
      text: text.stdout,
      mutating,
      doctor: JSON.parse(doctor.stdout) as { findings: { check: string; message: string }[] },
    };
  } finally {
    await sb.cleanup();
  }
}

function assertConsistent(report: ReportJson): void {
  for (const z of report.capacity.zones) {
    // The subnets serving the zone's pods are the report's pod-serving subnets of that zone.
    const free = report.subnets
      .filter((s) => z.podSubnets.includes(s.subnetId))
      .reduce((sum, s) => sum + s.free, 0);
    assert.equal(z.subnetAddressesFree, free, z.zone);
    assert.ok(z.podSubnets.every((id) => report.subnets.find((s) => s.subnetId === id)?.zone === z.zone));
    assert.equal(z.fit, Math.min(z.addressesFree, z.slotsFree));
  }
  const c = report.capacity;
  assert.equal(
    c.fit,
    c.zones.reduce((sum, z) => sum + z.fit, 0),
  );
  for (const key of ['nodes', 'podSlots', 'slotsFree', 'stuck', 'podsOnNodes'] as const)
    assert.equal(
      c.nodegroups.reduce((sum, g) => sum + g[key], 0),
      c.zones.reduce((sum, z) => sum + z[key], 0),
      key,
    );
}

describe('report: capacity view', () => {
  it("exhausted: addresses are the limit in every zone, the stuck pods are doctor's, warnings point to doctor and plan", async () => {
    const { report, text, mutating, doctor } = await reportAndDoctor('exhausted');
    assertConsistent(report);
    const c = report.capacity;
    assert.equal(c.mode.networking, 'standard');
    assert.equal(c.zones.length, 3);
    for (const z of c.zones) {
      assert.equal(z.limitedBy, 'pod-addresses');
      assert.ok(
        report.subnets.filter((s) => z.podSubnets.includes(s.subnetId)).every((s) => s.role === 'node'),
      );
    }
    const doctorStuck = doctor.findings
      .filter((f) => f.check === 'pods-stuck-no-address')
      .reduce((sum, f) => sum + Number(/^(\d+) pod\(s\)/.exec(f.message)?.[1] ?? 0), 0);
    assert.ok(doctorStuck > 0);
    assert.equal(c.stuck, doctorStuck);
    assert.ok(c.warnings.some((w) => w.includes('eks-cidr plan --cluster demo')));
    assert.ok(c.warnings.some((w) => w.includes('eks-cidr doctor --cluster demo')));
    assert.match(text, /capacity \(standard, prefix delegation off\):/);
    assert.match(text, new RegExp(`${c.fit} more pod\\(s\\) fit; ${c.stuck} stuck for an address`));
    assert.deepEqual(mutating, []);
  });

  it('applied: the pod subnets serve each zone and nothing is stuck', async () => {
    const { report, mutating } = await reportAndDoctor('applied');
    assertConsistent(report);
    const c = report.capacity;
    assert.equal(c.mode.networking, 'custom-networking');
    assert.equal(c.stuck, 0);
    for (const z of c.zones) {
      assert.deepEqual(
        z.podSubnets,
        report.subnets.filter((s) => s.zone === z.zone && s.role === 'pod').map((s) => s.subnetId),
      );
      assert.ok(z.addressesFree > 8000);
    }
    assert.deepEqual(mutating, []);
  });

  it('prefix delegation: free /28 prefixes per zone, none in the fragmented subnet', async () => {
    const { report } = await reportAndDoctor('broken-prefix-fragmentation');
    assertConsistent(report);
    const c = report.capacity;
    assert.equal(c.mode.prefixDelegation, true);
    const prefixes = c.zones.map((z) => z.prefixesFree);
    assert.ok(prefixes.every((p) => typeof p === 'number'));
    assert.ok(prefixes.includes(0), JSON.stringify(prefixes));
    assert.ok(prefixes.some((p) => (p ?? 0) > 0));
  });
});

describe('report --html', () => {
  it('writes one self-contained page with every subnet of the VPC; a path in a missing folder is refused first (exit 2)', async () => {
    const sb = await startScenario('applied');
    const dir = mkdtempSync(join(tmpdir(), 'eks-cidr-html-'));
    try {
      const before = sb.trail().length;
      const bad = await cli(sb, ['report', '--cluster', 'demo', '--html', join(dir, 'no', 'such', 'r.html')]);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /E_REPORT_HTML_PATH/);
      assert.equal(sb.trail().length, before, 'nothing was called');

      const file = join(dir, 'report.html');
      const r = await cli(sb, ['report', '--cluster', 'demo', '--html', file]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /HTML report written to .*report\.html \(\d+ bytes\)/);
      const html = readFileSync(file, 'utf8');
      const json = await cli(sb, ['report', '--cluster', 'demo', '--output', 'json']);
      const report = JSON.parse(json.stdout) as ReportJson;
      const drawn = [...html.matchAll(/<g class="subnet [^"]*" data-cidr="([^"]+)"/g)].map((m) => m[1]);
      for (const s of report.subnets) assert.ok(drawn.includes(s.cidr), `${s.cidr} drawn`);
      for (const z of report.capacity.zones)
        assert.match(html, new RegExp(`data-zone="${z.zone}"[\\s\\S]*?data-field="fit">${z.fit}<`));
      assert.equal(html.match(/<script/g)?.length, 1);
      assert.doesNotMatch(html, /https?:\/\//);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await sb.cleanup();
    }
  });
});
