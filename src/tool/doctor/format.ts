/** doctor's text output: one block per finding, errors first, then a one-line summary. */
import type { DoctorReport } from './types.js';

export function formatDoctor(
  report: DoctorReport,
  color: (severity: string, text: string) => string = (_s, t) => t,
): string {
  const lines = [`doctor ${report.cluster}`];
  if (report.findings.length === 0) lines.push('', 'No problems found.');
  for (const f of report.findings) {
    lines.push(
      '',
      `${color(f.severity, f.severity.toUpperCase())} ${f.check}  ${f.resource}`,
      `  ${f.message}`,
    );
    for (const e of f.evidence) lines.push(`    - ${e}`);
    lines.push(`  fix: ${f.fix}`);
  }
  const count = (s: string) => report.findings.filter((f) => f.severity === s).length;
  lines.push(
    '',
    `${report.ok ? 'OK' : 'FAILED'}: ${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} info`,
  );
  return lines.join('\n') + '\n';
}
