/**
 * `report --html` at scale: building the page (address map, capacity view, doctor, HTML) for a VPC
 * of 100 and 1,000 extra subnets, and the time Debian's chromium takes to load and paint it
 * (playwright-core, executablePath; skipped with a note when chromium is missing). Prints figures;
 * asserts nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { runDoctor } from '../src/tool/doctor/run-doctor.js';
import { buildAddressMap } from '../src/tool/report/address-map.js';
import { buildCapacity } from '../src/tool/report/capacity.js';
import { renderReportHtml } from '../src/tool/report/html/render-html.js';
import { largeVpcSnapshot } from '../src/tool/report/html/test-vpc.js';
import { measure, median, ms, printTable, report } from './harness.js';

const SIZES = [100, 1000];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

function page(extra: number): string {
  const snapshot = largeVpcSnapshot(extra);
  return renderReportHtml({
    cluster: 'demo',
    region: 'us-east-1',
    generatedAt: new Date(0).toISOString(),
    map: buildAddressMap(snapshot),
    capacity: buildCapacity(snapshot),
    findings: runDoctor(snapshot).findings,
  });
}

report(
  'report --html: building the page (snapshot to HTML string: address map, capacity, doctor, render)',
  SIZES.map((n) => measure(`${n + 6} subnets`, () => page(n), 1000, { bytes: Buffer.byteLength(page(n)) })),
);

const chromium = process.env.EKS_CIDR_CHROMIUM || '/usr/bin/chromium';
if (spawnSync(chromium, ['--version']).status !== 0) {
  console.log(`\nchromium not found at ${chromium}: render times skipped (set EKS_CIDR_CHROMIUM)`);
} else {
  const { chromium: driver } = await import('playwright-core');
  const browser = await driver.launch({ executablePath: chromium, headless: true });
  const dir = mkdtempSync(join(tmpdir(), 'eks-cidr-bench-html-'));
  const rows: (string | number)[][] = [];
  try {
    for (const n of SIZES) {
      const file = join(dir, `vpc-${n}.html`);
      writeFileSync(file, page(n));
      const wall: number[] = [];
      const load: number[] = [];
      const paint: number[] = [];
      for (let i = 0; i < ROUNDS + 1; i++) {
        const tab = await browser.newPage({ viewport: { width: 1300, height: 900 } });
        const start = performance.now();
        await tab.goto(pathToFileURL(file).href, { waitUntil: 'load' });
        // One more frame: the page has been laid out and painted.
        await tab.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
        const took = performance.now() - start;
        const timing = await tab.evaluate<{ load: number; paint: number }>(`(() => {
          const nav = performance.getEntriesByType('navigation')[0];
          const fcp = performance.getEntriesByName('first-contentful-paint')[0];
          return { load: nav ? nav.loadEventEnd : NaN, paint: fcp ? fcp.startTime : NaN };
        })()`);
        await tab.close();
        if (i === 0) continue; // the first load warms the browser up
        wall.push(took);
        load.push(timing.load);
        paint.push(timing.paint);
      }
      rows.push([`${n + 6} subnets`, ROUNDS, ms(median(paint)), ms(median(load)), ms(median(wall))]);
    }
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
  printTable(
    'report --html in chromium (median of BENCH_ROUNDS loads of the file, after one warm-up)',
    ['page', 'runs', 'first contentful paint', 'load event end', 'goto + 2 frames (wall)'],
    rows,
  );
}
