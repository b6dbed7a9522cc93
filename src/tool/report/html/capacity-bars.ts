/**
 * Per-zone capacity bars: free pod addresses, free pod slots and demand (pods on the zone's nodes
 * that need an address), on one logarithmic scale shared by every zone (addresses often outnumber
 * slots a hundredfold), each with its number, and how many more pods fit.
 */
import type { CapacityFigures, CapacityView } from '../capacity.js';
import { escapeHtml, num } from './escape.js';

const BAR = 420;

const BARS: { key: 'addressesFree' | 'slotsFree' | 'demand'; label: string; cls: string }[] = [
  { key: 'addressesFree', label: 'pod addresses free', cls: 'b-addr' },
  { key: 'slotsFree', label: 'pod slots free', cls: 'b-slot' },
  { key: 'demand', label: 'pods needing an address', cls: 'b-demand' },
];

function width(value: number, max: number): number {
  if (value <= 0 || max <= 0) return 0;
  return Math.max(2, Math.round((Math.log10(1 + value) / Math.log10(1 + max)) * BAR));
}

function group(title: string, f: CapacityFigures, max: number, attrs: string): string {
  const bars = BARS.map(
    (b) =>
      `<div class="bar-row"><span class="bar-label">${escapeHtml(b.label)}</span>` +
      `<span class="bar ${b.cls}" style="width:${width(f[b.key], max)}px"></span>` +
      `<span class="bar-num" data-field="${b.key}">${f[b.key]}</span></div>`,
  ).join('');
  const limit = f.limitedBy === 'pod-addresses' ? 'pod addresses' : 'pod slots';
  const extra = [
    f.prefixesFree === undefined ? '' : `${num(f.prefixesFree)} free /28 prefixes; `,
    f.stuck > 0 ? `<span class="bad">${num(f.stuck)} pod(s) stuck for an address</span>; ` : '',
  ].join('');
  return (
    `<div class="zone"${attrs}><h3>${escapeHtml(title)}</h3>${bars}` +
    `<p class="fit"><strong data-field="fit">${f.fit}</strong> more pod(s) fit (limited by ${limit}); ${extra}` +
    `${num(f.nodes)} node(s), ${num(f.podSlots)} slots</p></div>`
  );
}

export function capacityHtml(view: CapacityView): string {
  const max = Math.max(1, ...[...view.zones, ...view.nodegroups].flatMap((z) => BARS.map((b) => z[b.key])));
  const zones = view.zones
    .map((z) =>
      group(
        `zone ${z.zone}`,
        z,
        max,
        ` data-zone="${escapeHtml(z.zone)}" data-subnets="${escapeHtml(z.podSubnets.join(' '))}"`,
      ),
    )
    .join('');
  const groups = view.nodegroups
    .map((g) =>
      group(
        `node group ${g.nodegroup} (${g.zones.join(', ') || 'no nodes'})`,
        g,
        max,
        ` data-nodegroup="${escapeHtml(g.nodegroup)}"`,
      ),
    )
    .join('');
  const warnings = view.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('');
  return (
    `<p class="totals"><strong>${num(view.fit)}</strong> more pod(s) fit; ${num(view.stuck)} stuck for an address; ` +
    `${num(view.pending)} Pending on no node. Mode: ${escapeHtml(view.mode.networking)}, prefix delegation ` +
    `${view.mode.prefixDelegation ? 'on' : 'off'}. Bars: logarithmic scale.</p>` +
    `<div class="zones">${zones}</div>` +
    (groups ? `<h3 class="sub">Node groups</h3><div class="zones">${groups}</div>` : '') +
    (warnings ? `<ul class="warnings">${warnings}</ul>` : '')
  );
}
