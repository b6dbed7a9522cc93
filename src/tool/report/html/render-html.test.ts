import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClusterSnapshot } from '../../discover/snapshot.js';
import { runDoctor } from '../../doctor/run-doctor.js';
import { buildAddressMap } from '../address-map.js';
import { buildCapacity } from '../capacity.js';
import { renderReportHtml, type HtmlReportData } from './render-html.js';
import { largeVpcSnapshot } from './test-vpc.js';

function data(snapshot: ClusterSnapshot): HtmlReportData {
  return {
    cluster: snapshot.cluster.name,
    region: snapshot.region,
    generatedAt: '2026-01-01T00:00:00.000Z',
    map: buildAddressMap(snapshot),
    capacity: buildCapacity(snapshot),
    findings: runDoctor(snapshot).findings,
  };
}

/** Every `<g class="subnet ...">`: its data-cidr and the first line of its title. */
function subnetGroups(html: string): { cidr: string; title: string }[] {
  return [...html.matchAll(/<g class="subnet [^"]*" data-cidr="([^"]*)"[^>]*><title>([^<]*)<\/title>/g)].map(
    (m) => ({ cidr: m[1]!, title: m[2]! }),
  );
}

describe('report --html page', () => {
  it('draws one element per subnet, its title starting with its CIDR and giving zone, size, used, free', () => {
    const snapshot = largeVpcSnapshot(20);
    const html = renderReportHtml(data(snapshot));
    const groups = subnetGroups(html);
    assert.equal(groups.length, snapshot.subnets.length);
    assert.deepEqual(groups.map((g) => g.cidr).sort(), snapshot.subnets.map((s) => s.cidr).sort());
    for (const g of groups) assert.ok(g.title.startsWith(`${g.cidr} (`), g.title);
    const node = groups.find((g) => g.cidr === '10.0.1.0/24')!;
    assert.match(node.title, /node subnet/);
    assert.match(node.title, /zone: us-east-1a\nsize: 256 \(251 usable\)\nused: 51\nfree: 200/);
  });

  it('draws to scale: a /24 in a /16 is 1/16 of a 4,096-address row, in its row', () => {
    const html = renderReportHtml(data(largeVpcSnapshot(0)));
    const m =
      /data-cidr="10\.0\.3\.0\/24"[^>]*><title>[^<]*<\/title><rect class="area" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/.exec(
        html,
      );
    assert.ok(m);
    // 10.0.3.0 is 768 addresses into the first row: x = 110 + 768/4096*1000.
    assert.deepEqual(m.slice(1).map(Number), [110 + 187.5, 0, 62.5, 22]);
    const pod =
      /data-cidr="100\.64\.32\.0\/19"[^>]*><title>[^<]*<\/title><rect class="area" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/.exec(
        html,
      );
    // A /19 is two whole rows; 100.64.32.0 is 8,192 addresses in: row 2.
    assert.deepEqual(pod!.slice(1).map(Number), [110, 2 * 22, 1000, 44]);
  });

  it('is self-contained: one inline script, no external reference', () => {
    const html = renderReportHtml(data(largeVpcSnapshot(5)));
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.doesNotMatch(html, /\b(src|href)\s*=/i);
    assert.doesNotMatch(html, /url\(|@import|https?:\/\//i);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  });

  it('escapes every text from AWS and Kubernetes', () => {
    const snapshot = largeVpcSnapshot(1);
    snapshot.cluster.name = 'demo<b>';
    snapshot.subnets[snapshot.subnets.length - 1]!.tags = [
      { key: 'Name', value: '<script>alert("x")</script>' },
    ];
    snapshot.subnets[snapshot.subnets.length - 1]!.zone = 'us-east-1a" onmouseover="x';
    const page = data(snapshot);
    page.findings.push({
      check: 'subnet-nearly-full',
      severity: 'warning',
      resource: 'subnet/<i>',
      message: 'a & b <img src=x onerror=alert(1)>',
      evidence: ["it's <here>"],
      fix: '</td></tr></table><script>x</script>',
    });
    const html = renderReportHtml(page);
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.doesNotMatch(html, /<img|<b>|<i>|onmouseover="x/);
    assert.match(html, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/);
    assert.match(html, /a &amp; b &lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(html, /it&#39;s &lt;here&gt;/);
    assert.match(html, /eks-cidr report: demo&lt;b&gt;/);
  });

  it("shows each zone's capacity numbers as the capacity view has them", () => {
    const snapshot = largeVpcSnapshot(0);
    snapshot.subnets.find((s) => s.subnetId === 'subnet-pod1')!.availableIpAddressCount = 7;
    const page = data(snapshot);
    const html = renderReportHtml(page);
    for (const z of page.capacity.zones) {
      const start = html.indexOf(`<div class="zone" data-zone="${z.zone}"`);
      assert.ok(start >= 0, z.zone);
      const part = html.slice(start, html.indexOf('</div></div>', start) + 1000);
      const field = (name: string) => Number(new RegExp(`data-field="${name}">(\\d+)<`).exec(part)?.[1]);
      assert.deepEqual(
        [field('addressesFree'), field('slotsFree'), field('demand'), field('fit')],
        [z.addressesFree, z.slotsFree, z.demand, z.fit],
      );
    }
    assert.match(
      html,
      /data-zone="us-east-1b"[\s\S]*?<strong data-field="fit">7<\/strong> more pod\(s\) fit \(limited by pod addresses\)/,
    );
  });

  it('lists the doctor findings, errors first, or says there are none', () => {
    const healthy = renderReportHtml(data(largeVpcSnapshot(0)));
    assert.match(healthy, /doctor found nothing to report/);
    const snapshot = largeVpcSnapshot(0);
    snapshot.kube.eniConfigs.pop();
    const html = renderReportHtml(data(snapshot));
    assert.match(
      html,
      /<tr class="sev-error"><td class="sev">error<\/td><td><code>eniconfig-missing<\/code>/,
    );
    assert.match(html, /doctor: 1 error\(s\)/);
  });

  it('holds 1,000 subnets: one element each, and every one in the subnet table', () => {
    const snapshot = largeVpcSnapshot(1000);
    const html = renderReportHtml(data(snapshot));
    assert.equal(subnetGroups(html).length, 1006);
    assert.equal(html.match(/<svg class="block"/g)?.length, 6);
    assert.equal(html.match(/<tr><td>\d+\.\d+\.\d+\.\d+\/\d+<\/td>/g)?.length, 1006);
  });
});
