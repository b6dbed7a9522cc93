/**
 * `report --html FILE`: one self-contained page (inline CSS, JS and SVG; nothing fetched) built as
 * a pure function of the report's data: the VPC's address space to scale, the capacity per zone and
 * node group, and doctor's findings. Every string from AWS or Kubernetes is escaped.
 */
import type { Finding } from '../../doctor/types.js';
import type { AddressMap, MapSegment } from '../address-map.js';
import type { CapacityView } from '../capacity.js';
import { SCRIPT, STYLE } from './assets.js';
import { capacityHtml } from './capacity-bars.js';
import { escapeHtml, num } from './escape.js';
import { findingsHtml } from './findings.js';
import { blockSvg } from './svg-map.js';

export interface HtmlReportData {
  cluster: string;
  region: string;
  /** ISO time the data was read. */
  generatedAt: string;
  map: AddressMap;
  capacity: CapacityView;
  findings: Finding[];
}

const KINDS: [string, string][] = [
  ['k-node', 'node subnet'],
  ['k-pod', 'pod subnet'],
  ['k-nodepod', 'node and pod subnet'],
  ['k-other', 'other subnet'],
  ['k-free', 'free (no subnet)'],
  ['used', 'darker: share of addresses used'],
];

function subnetRows(map: AddressMap): string {
  const rows = map.blocks.flatMap((b) =>
    b.segments
      .filter((s): s is MapSegment & { subnetId: string } => s.kind !== 'free' && s.subnetId !== undefined)
      .map(
        (s) =>
          `<tr><td>${escapeHtml(s.cidr)}</td><td>${escapeHtml(s.subnetId)}</td><td>${escapeHtml(s.name ?? '')}</td>` +
          `<td>${escapeHtml(s.kind)}</td><td>${escapeHtml(s.zone ?? '')}</td><td>${num(s.usable ?? 0)}</td>` +
          `<td>${num(s.used ?? 0)}</td><td>${num(s.free ?? 0)}</td></tr>`,
      ),
  );
  return (
    '<table class="subnets"><thead><tr><th>CIDR</th><th>subnet</th><th>name</th><th>use</th><th>zone</th>' +
    `<th>usable</th><th>used</th><th>free</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

export function renderReportHtml(data: HtmlReportData): string {
  const errors = data.findings.filter((f) => f.severity === 'error').length;
  const warnings = data.findings.filter((f) => f.severity === 'warning').length;
  const legend = KINDS.map(([cls, label]) => `<span><i class="${cls}"></i>${escapeHtml(label)}</span>`).join(
    '',
  );
  const blocks = data.map.blocks
    .map(
      (b) =>
        `<h3>${escapeHtml(b.cidr)}${b.primary ? ' (primary)' : ''}: ${num(b.size)} addresses, ${escapeHtml(b.state)}, ` +
        `${num(b.segments.filter((s) => s.kind !== 'free').length)} subnet(s)</h3><div class="block-wrap">${blockSvg(b)}</div>`,
    )
    .join('');
  const title = `eks-cidr report: ${data.cluster}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><header><h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(data.region)} · VPC ${escapeHtml(data.map.vpcId)} · ${num(data.map.subnetCount)} subnet(s) · doctor: ${errors} error(s), ${warnings} warning(s) · read ${escapeHtml(data.generatedAt)}</p></header>
<main>
<section id="address-space"><h2>Address space</h2>
<p class="legend">${legend}</p><div id="info">Hover a subnet for its CIDR, zone, size, used and free addresses.</div>
${blocks}
<details><summary>All ${num(data.map.subnetCount)} subnet(s) as a table</summary><p><input id="filter" type="search" placeholder="filter: CIDR, id, zone, use"></p>${subnetRows(data.map)}</details>
</section>
<section id="capacity"><h2>Capacity per zone</h2>${capacityHtml(data.capacity)}</section>
<section id="findings"><h2>Doctor findings</h2>${findingsHtml(data.findings)}</section>
</main><script>${SCRIPT}</script></body></html>
`;
}
