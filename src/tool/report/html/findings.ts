/** The doctor findings as a table, errors first (the order doctor gives them). */
import type { Finding } from '../../doctor/types.js';
import { escapeHtml } from './escape.js';

export function findingsHtml(findings: readonly Finding[]): string {
  if (findings.length === 0) return '<p class="ok">doctor found nothing to report.</p>';
  const rows = findings
    .map(
      (f) =>
        `<tr class="sev-${escapeHtml(f.severity)}"><td class="sev">${escapeHtml(f.severity)}</td>` +
        `<td><code>${escapeHtml(f.check)}</code></td><td><code>${escapeHtml(f.resource)}</code></td>` +
        `<td>${escapeHtml(f.message)}<ul>${f.evidence.map((e) => `<li>${escapeHtml(e)}</li>`).join('')}</ul></td>` +
        `<td>${escapeHtml(f.fix)}</td></tr>`,
    )
    .join('');
  return (
    '<table class="findings"><thead><tr><th>severity</th><th>check</th><th>resource</th><th>finding</th>' +
    `<th>fix</th></tr></thead><tbody>${rows}</tbody></table>`
  );
}
