/** The capacity view as text: one table per zone and per node group, then the totals and warnings. */
import type { CapacityFigures, CapacityView } from './capacity.js';

const HEAD = [
  'NODES',
  'POD-SLOTS',
  'SLOTS-FREE',
  'ADDRESSES-FREE',
  'PREFIXES-FREE',
  'STUCK',
  'MORE-PODS-FIT',
];

function cells(f: CapacityFigures): string[] {
  return [
    String(f.nodes),
    String(f.podSlots),
    String(f.slotsFree),
    String(f.addressesFree),
    f.prefixesFree === undefined ? '-' : String(f.prefixesFree),
    String(f.stuck),
    `${f.fit} (${f.limitedBy === 'pod-addresses' ? 'addresses' : 'slots'})`,
  ];
}

export function formatCapacity(view: CapacityView, table: (rows: string[][]) => string[]): string[] {
  const mode = `${view.mode.networking}, prefix delegation ${view.mode.prefixDelegation ? 'on' : 'off'}`;
  const lines = [`capacity (${mode}):`];
  lines.push(...table([['ZONE', ...HEAD], ...view.zones.map((z) => [z.zone, ...cells(z)])]));
  lines.push('');
  lines.push(...table([['NODEGROUP', ...HEAD], ...view.nodegroups.map((g) => [g.nodegroup, ...cells(g)])]));
  lines.push(
    '',
    `${view.fit} more pod(s) fit; ${view.stuck} stuck for an address; ${view.pending} Pending on no node.`,
  );
  if (view.nodegroups.some((g) => g.zones.length > 0))
    lines.push("A node group's free addresses are its zones', shared with the other groups there.");
  lines.push(...view.warnings.map((w) => `WARNING: ${w}`));
  return lines;
}
