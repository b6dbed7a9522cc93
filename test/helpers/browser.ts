/**
 * A real browser for the HTML report's tests: Debian's `chromium` (`$EKS_CIDR_CHROMIUM`, else
 * `/usr/bin/chromium`) driven by playwright-core through `executablePath` (Playwright's own
 * browser downloads are not used). Without it the browser tests skip with a visible notice, or fail
 * when `EKS_CIDR_REQUIRE_BROWSER=1` (CI installs chromium and sets it), as the real-client tests do.
 */
import { spawnSync } from 'node:child_process';
import type { Browser } from 'playwright-core';

export const REQUIRE_BROWSER = process.env.EKS_CIDR_REQUIRE_BROWSER === '1';

export function findChromium(): string | undefined {
  const candidate = process.env.EKS_CIDR_CHROMIUM || '/usr/bin/chromium';
  const r = spawnSync(candidate, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return r.status === 0 && /chrom/i.test(`${r.stdout}${r.stderr}`) ? candidate : undefined;
}

export const CHROMIUM = findChromium();

function skipReason(): false | string {
  if (CHROMIUM || REQUIRE_BROWSER) return false;
  const reason =
    'chromium not found (apt-get install chromium, or set EKS_CIDR_CHROMIUM); browser tests skipped';
  process.stderr.write(`NOTICE: ${reason}\n`);
  return reason;
}

/** The `skip` option for a suite that needs the browser. */
export const SKIP_BROWSER = skipReason();

export async function launchChromium(): Promise<Browser> {
  if (!CHROMIUM)
    throw new Error(
      'chromium not found (set EKS_CIDR_CHROMIUM or apt-get install chromium); EKS_CIDR_REQUIRE_BROWSER=1 requires it',
    );
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, timeout: 120_000 });
}
