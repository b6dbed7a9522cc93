/**
 * The figures each reliability test reports: printed as a test diagnostic and appended as one JSON
 * line to $EKS_CIDR_RELIABILITY_FIGURES, which `run-tests.js --only reliability` prints as a
 * summary at the end of the run.
 */
import { appendFileSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { SEED } from './rng.js';

export function report(t: TestContext, area: string, figures: Record<string, number | string>): void {
  const line = `${area}: ${Object.entries(figures)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')} (seed ${SEED})`;
  t.diagnostic(line);
  const file = process.env.EKS_CIDR_RELIABILITY_FIGURES;
  if (file) appendFileSync(file, `${JSON.stringify({ area, figures, seed: SEED })}\n`);
}
