/**
 * The body of `eks-cidr max-pods`: one row per instance type, as a table with the derivation of each
 * value, or as JSON (one object, or an array for several types).
 */
import type { CliContext } from '../../../shared/cli/context.js';
import { formatStructured, isStructured } from '../../../shared/cli/structured.js';
import { instanceTypeSource, maxPodsDetails, type MaxPodsResult } from '../../../shared/aws-facts/index.js';
import { ExitCode } from '../../errors.js';
import { formatTable } from '../../../shared/cli/format-table.js';
import type { MaxPodsOptions } from './max-pods.js';
import { learnUnknownTypes, requireKnownTypes } from './max-pods-aws.js';

export interface MaxPodsRow extends MaxPodsResult {
  maxPodsCap: number | undefined;
  /** Where the type's network limits came from: the offline table, or EC2 DescribeInstanceTypes. */
  limitsSource: 'table' | 'aws';
}

export function computeMaxPodsRows(options: MaxPodsOptions): MaxPodsRow[] {
  return options.instanceType.map((instanceType) => ({
    ...maxPodsDetails({
      instanceType,
      customNetworking: options.customNetworking,
      prefixDelegation: options.prefixDelegation,
      cniVersion: options.cniVersion,
      maxPodsCap: options.maxPods,
      maxEnis: options.cniMaxEni,
    }),
    maxPodsCap: options.maxPods,
    limitsSource: instanceTypeSource(instanceType) === 'aws' ? ('aws' as const) : ('table' as const),
  }));
}

export function maxPodsJson(row: MaxPodsRow): Record<string, unknown> {
  return {
    instanceType: row.instanceType,
    maxPods: row.maxPods,
    uncappedMaxPods: row.uncappedMaxPods,
    eniMaxPods: row.eniMaxPods,
    mode: row.mode,
    enis: row.enis,
    enisForPods: row.enisForPods,
    ipv4PerEni: row.ipv4PerEni,
    vcpus: row.vcpus,
    hypervisor: row.hypervisor ?? null,
    cniVersion: row.cniVersion,
    customNetworking: row.customNetworking,
    prefixDelegation: row.prefixDelegationRequested,
    prefixDelegationApplied: row.prefixDelegationApplied,
    prefixDelegationFallback: row.prefixDelegationFallback ?? null,
    ceiling: row.ceiling,
    maxPodsCap: row.maxPodsCap ?? null,
    formula: row.formula,
    limitsSource: row.limitsSource,
  };
}

/** How the value was reached, in one line: formula, then each ceiling that bit. */
export function derivation(row: MaxPodsRow): string {
  const steps = [row.formula];
  const cpuNote = row.vcpus > 30 ? `${row.vcpus} vCPUs > 30` : `${row.vcpus} vCPUs <= 30`;
  if (row.uncappedMaxPods > row.ceiling) steps.push(`capped at ${row.ceiling} (${cpuNote})`);
  const afterCeiling = Math.min(row.uncappedMaxPods, row.ceiling);
  if (row.maxPodsCap !== undefined && row.maxPodsCap < afterCeiling)
    steps.push(`capped at ${row.maxPodsCap} (--max-pods)`);
  if (row.prefixDelegationFallback) steps.push(`no prefix delegation: ${row.prefixDelegationFallback}`);
  return `${row.instanceType}: ${steps.join('; ')}`;
}

export function maxPodsText(rows: readonly MaxPodsRow[]): string {
  const table = formatTable(rows, [
    { header: 'INSTANCE TYPE', value: (r) => r.instanceType },
    { header: 'MAX PODS', value: (r) => r.maxPods },
    { header: 'MODE', value: (r) => r.mode },
    { header: 'ENIS', value: (r) => r.enis },
    { header: 'IPV4/ENI', value: (r) => r.ipv4PerEni },
    { header: 'VCPUS', value: (r) => r.vcpus },
    { header: 'UNCAPPED', value: (r) => r.uncappedMaxPods },
    { header: 'ENI-MAX-PODS', value: (r) => r.eniMaxPods },
  ]);
  const cni = rows[0]?.cniVersion;
  const notes = rows.map(derivation);
  const fromAws = rows.filter((r) => r.limitsSource === 'aws').map((r) => r.instanceType);
  if (fromAws.length > 0)
    notes.push(`(limits of ${fromAws.join(', ')} from EC2 DescribeInstanceTypes: not in the offline table)`);
  return `${table}\n${notes.join('\n')}\n(VPC CNI ${cni ?? '?'}; ENI-MAX-PODS is the uncapped standard value bootstrap uses by default)\n`;
}

export async function runMaxPods(ctx: CliContext, options: MaxPodsOptions): Promise<number> {
  requireKnownTypes(options.instanceType, await learnUnknownTypes(ctx, options.instanceType));
  const rows = computeMaxPodsRows(options);
  if (isStructured(ctx.output)) {
    const body = rows.length === 1 && rows[0] ? maxPodsJson(rows[0]) : rows.map(maxPodsJson);
    ctx.stdout.write(formatStructured(ctx.output, body));
  } else {
    ctx.stdout.write(maxPodsText(rows));
  }
  return ExitCode.Success;
}
