/**
 * Lookup of instance-type network limits (data and sources in instance-type-data.ts). An unknown
 * type is a UserError that names the closest known types.
 */
import { ExitCode, UserError } from '../errors.js';
import { FAMILIES, type FamilySpec, type SizeRow } from './instance-type-data.js';
import { closestNames } from './suggest.js';
import { invalidArgument } from './arguments.js';

export interface InstanceNetworkLimits {
  instanceType: string;
  family: string;
  size: string;
  vcpus: number;
  memoryMiB: number;
  architecture: 'x86_64' | 'arm64';
  /** Maximum network interfaces on the default network card (what pods can use). */
  maxEnis: number;
  ipv4PerEni: number;
  ipv6PerEni: number;
  /** Built on the Nitro system (prefix delegation needs it). */
  nitro: boolean;
  /** DescribeInstanceTypes `Hypervisor`; undefined on bare metal, where EC2 omits it. */
  hypervisor: 'nitro' | 'xen' | undefined;
  bareMetal: boolean;
  networkCards: number;
  defaultNetworkCardIndex: number;
}

function memoryGiB(spec: FamilySpec, size: string, vcpus: number): number {
  return spec.memoryGiB?.[size] ?? vcpus * (spec.memoryPerVcpuGiB ?? 4);
}

function limitsOf(spec: FamilySpec, [size, vcpus, maxEnis, ipv4PerEni]: SizeRow): InstanceNetworkLimits {
  const bareMetal = size.startsWith('metal');
  return {
    instanceType: `${spec.family}.${size}`,
    family: spec.family,
    size,
    vcpus,
    memoryMiB: Math.round(memoryGiB(spec, size, vcpus) * 1024),
    architecture: spec.architecture,
    maxEnis,
    ipv4PerEni,
    ipv6PerEni: ipv4PerEni,
    nitro: spec.hypervisor === 'nitro' || bareMetal,
    hypervisor: bareMetal ? undefined : spec.hypervisor,
    bareMetal,
    networkCards: 1,
    defaultNetworkCardIndex: 0,
  };
}

const TABLE: ReadonlyMap<string, InstanceNetworkLimits> = new Map(
  FAMILIES.flatMap((spec) => spec.sizes.map((row) => limitsOf(spec, row))).map((l) => [l.instanceType, l]),
);

function normalize(type: string): string {
  return typeof type === 'string' ? type.trim().toLowerCase() : '';
}

/**
 * Types the table lacks, as EC2 DescribeInstanceTypes described them during this process (the tool's
 * adapters ask AWS for the types of a cluster, or of `max-pods -i`, that the table does not know).
 * AWS's answer does not change during a run, so it is kept and consulted after the table.
 */
const LEARNED = new Map<string, InstanceNetworkLimits>();

export function rememberInstanceTypes(types: readonly InstanceNetworkLimits[]): void {
  for (const t of types)
    if (!TABLE.has(normalize(t.instanceType))) LEARNED.set(normalize(t.instanceType), { ...t });
}

/** Where the limits of a type come from: the static table, AWS (this run), or nowhere. */
export function instanceTypeSource(type: string): 'table' | 'aws' | undefined {
  const key = normalize(type);
  return TABLE.has(key) ? 'table' : LEARNED.has(key) ? 'aws' : undefined;
}

/** The limits of a known type (the table, then what AWS described this run), or undefined. */
export function findInstanceType(type: string): InstanceNetworkLimits | undefined {
  const key = normalize(type);
  const found = TABLE.get(key) ?? LEARNED.get(key);
  return found ? { ...found } : undefined;
}

/** Whether the static table (the offline fallback) has the type. */
export function inStaticTable(type: string): boolean {
  return TABLE.has(normalize(type));
}

/** Every known type, sorted by family then size (as listed in the data). */
export function listInstanceTypes(): InstanceNetworkLimits[] {
  return [...TABLE.values()].map((l) => ({ ...l }));
}

export function listInstanceFamilies(): string[] {
  return FAMILIES.map((f) => f.family);
}

/** The limits of a type; an unknown type throws E_UNKNOWN_INSTANCE_TYPE naming the closest types. */
export function instanceNetworkLimits(type: string): InstanceNetworkLimits {
  if (typeof type !== 'string') throw invalidArgument('instanceType', 'a string such as m5.large', type);
  const found = findInstanceType(type);
  if (found) return found;
  const shown = type;
  const suggestions = closestNames(normalize(shown), [...TABLE.keys()], 3);
  const didYouMean = suggestions.length > 0 ? `; did you mean ${suggestions.join(', ')}?` : '';
  throw new UserError('E_UNKNOWN_INSTANCE_TYPE', `unknown instance type '${shown}'${didYouMean}`, {
    exitCode: ExitCode.Usage,
    hint: `An instance type is family.size, for example m5.large; eks-cidr's offline table knows ${TABLE.size} types in ${listInstanceFamilies().length} families (${listInstanceFamilies().join(', ')}); with AWS credentials it asks EC2 DescribeInstanceTypes for the others.`,
    details: { instanceType: shown, suggestions },
  });
}
