/**
 * The capacity table of the plan text: one row per node group and zone with labelled before -> after
 * columns, then the cluster-wide line. Pure.
 */
import { formatTable } from '../../shared/cli/format-table.js';
import type { CapacityModel, CapacityRow } from './capacity-types.js';

const arrow = (a: number | string, b: number | string) => (a === b ? String(a) : `${a}->${b}`);

function modeName(row: CapacityRow['after']): string {
  const base = row.addressMode.networking;
  const excluded = row.addressMode.nodeSubnetsExcluded ? `${base}-only` : base;
  return row.addressMode.prefixDelegation ? `${excluded}+prefix` : excluded;
}

export function renderCapacityTable(model: CapacityModel): string[] {
  if (model.rows.length === 0) return [];
  const t = model.totals;
  const table = formatTable(model.rows, [
    { header: 'NODE GROUP', value: (r) => r.nodegroup },
    { header: 'ZONE', value: (r) => r.zone },
    { header: 'NODES', value: (r) => arrow(r.before.nodes, r.after.nodes), align: 'right' },
    { header: 'TYPE', value: (r) => arrow(r.before.instanceType, r.after.instanceType) },
    { header: 'MAX-PODS', value: (r) => arrow(r.before.maxPods, r.after.maxPods), align: 'right' },
    {
      header: 'ADDR/NODE',
      value: (r) => arrow(r.before.podAddressesPerNode, r.after.podAddressesPerNode),
      align: 'right',
    },
    { header: 'SLOTS', value: (r) => arrow(r.before.podSlots, r.after.podSlots), align: 'right' },
    { header: 'PER-NODE PODS', value: (r) => r.perNodePods },
    { header: 'DEMAND', value: (r) => r.demand },
    { header: 'STUCK', value: (r) => r.stuck },
    { header: 'CAN RUN', value: (r) => arrow(r.before.servablePods, r.after.servablePods), align: 'right' },
    { header: 'HEADROOM', value: (r) => r.headroom },
    { header: 'MODE AFTER', value: (r) => modeName(r.after) },
  ]);
  const lines = table
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => `  ${l}`);
  lines.push(
    `  cluster: pod slots ${t.podSlotsBefore} -> ${t.podSlotsAfter}, pods that can run ${t.servableBefore} -> ${t.servableAfter}, ` +
      `demand ${t.demand} (${t.stuck} stuck for an address, ${t.pending} Pending), headroom ${t.headroom}`,
  );
  return lines;
}
