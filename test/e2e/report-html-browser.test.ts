/**
 * `report --html` in a real browser (Debian's chromium through playwright-core): the page of a
 * scenario loads with no console error and no network request, draws one element per subnet of the
 * VPC with its CIDR in its title, shows the zone figures of `report --output json`, answers a hover,
 * and is saved as a screenshot in the test's temp folder. The 1,000-subnet page loads too.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import type { Browser, Page } from 'playwright-core';
import { runDoctor } from '../../src/tool/doctor/run-doctor.js';
import { buildAddressMap } from '../../src/tool/report/address-map.js';
import { buildCapacity, type CapacityView } from '../../src/tool/report/capacity.js';
import { renderReportHtml } from '../../src/tool/report/html/render-html.js';
import { largeVpcSnapshot } from '../../src/tool/report/html/test-vpc.js';
import { launchChromium, SKIP_BROWSER } from '../helpers/browser.js';
import { cli, startScenario } from '../integration/apply-harness.js';

interface Loaded {
  page: Page;
  consoleErrors: string[];
  requests: string[];
}

async function open(browser: Browser, file: string): Promise<Loaded> {
  const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, consoleErrors, requests };
}

/** Every drawn subnet: its data-cidr and its title's text (evaluated in the page). */
function drawnSubnets(page: Page): Promise<{ cidr: string; title: string }[]> {
  return page.evaluate(`Array.from(document.querySelectorAll('svg g.subnet'), (g) => ({
    cidr: g.getAttribute('data-cidr') ?? '',
    title: g.querySelector('title')?.textContent ?? '',
  }))`);
}

/** Each zone's figures as the page shows them. */
function zoneFigures(page: Page): Promise<Record<string, string | number | null>[]> {
  return page.evaluate(`Array.from(document.querySelectorAll('.zone[data-zone]'), (el) => {
    const field = (name) => Number(el.querySelector('[data-field="' + name + '"]')?.textContent);
    return {
      zone: el.getAttribute('data-zone'),
      addressesFree: field('addressesFree'),
      slotsFree: field('slotsFree'),
      demand: field('demand'),
      fit: field('fit'),
    };
  })`);
}

describe('report --html in chromium', { skip: SKIP_BROWSER }, () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'eks-cidr-browser-'));
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('the exhausted cluster: no console error, no request, one element per subnet, the JSON figures', async (t) => {
    const sb = await startScenario('exhausted');
    const file = join(dir, 'exhausted.html');
    let capacity: CapacityView;
    let vpcCidrs: string[];
    try {
      const r = await cli(sb, ['report', '--cluster', 'demo', '--html', file]);
      assert.equal(r.code, 0, r.stderr);
      const json = await cli(sb, ['report', '--cluster', 'demo', '--output', 'json']);
      capacity = (JSON.parse(json.stdout) as { capacity: CapacityView }).capacity;
      // Every subnet of the cluster's VPC, straight from EC2.
      const ec2 = new EC2Client(sb.clientConfig);
      const vpcId = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs?.[0]?.VpcId;
      const subnets = await ec2.send(
        new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId!] }] }),
      );
      vpcCidrs = (subnets.Subnets ?? []).map((s) => s.CidrBlock!).sort();
      ec2.destroy();
    } finally {
      await sb.cleanup();
    }
    assert.ok(vpcCidrs.length >= 3);

    const { page, consoleErrors, requests } = await open(browser, file);
    try {
      assert.deepEqual(consoleErrors, []);
      assert.deepEqual(
        requests.filter((u) => u !== pathToFileURL(file).href),
        [],
        'the page requests nothing',
      );
      const drawn = await drawnSubnets(page);
      assert.deepEqual(drawn.map((d) => d.cidr).sort(), vpcCidrs);
      for (const d of drawn) assert.ok(d.title.startsWith(`${d.cidr} (`), d.title);

      const zones = await zoneFigures(page);
      assert.deepEqual(
        zones,
        capacity.zones.map((z) => ({
          zone: z.zone,
          addressesFree: z.addressesFree,
          slotsFree: z.slotsFree,
          demand: z.demand,
          fit: z.fit,
        })),
      );

      // Hovering a subnet puts its title in the info line (the page's script runs).
      const first = drawn[0]!;
      await page.hover(`svg g.subnet[data-cidr="${first.cidr}"] rect.area`, { force: true });
      assert.equal((await page.textContent('#info'))?.split('\n')[0], first.title.split('\n')[0]);

      const shot = join(dir, 'exhausted.png');
      await page.screenshot({ path: shot, fullPage: true });
      assert.ok(statSync(shot).size > 10_000);
      t.diagnostic(`screenshot: ${shot}`);
      assert.deepEqual(consoleErrors, []);
    } finally {
      await page.close();
    }
  });

  it('a 1,000-subnet VPC: every subnet drawn, no console error', async (t) => {
    const snapshot = largeVpcSnapshot(1000);
    const file = join(dir, 'large.html');
    writeFileSync(
      file,
      renderReportHtml({
        cluster: 'demo',
        region: 'us-east-1',
        generatedAt: new Date(0).toISOString(),
        map: buildAddressMap(snapshot),
        capacity: buildCapacity(snapshot),
        findings: runDoctor(snapshot).findings,
      }),
    );
    const { page, consoleErrors, requests } = await open(browser, file);
    try {
      const drawn = await drawnSubnets(page);
      assert.equal(drawn.length, snapshot.subnets.length);
      assert.deepEqual(drawn.map((d) => d.cidr).sort(), snapshot.subnets.map((s) => s.cidr).sort());
      assert.deepEqual(consoleErrors, []);
      assert.equal(requests.length, 1);
      const shot = join(dir, 'large.png');
      await page.screenshot({ path: shot, fullPage: true });
      t.diagnostic(`screenshot: ${shot}`);
    } finally {
      await page.close();
    }
  });
});
