/**
 * The shapes instance-type-data.ts is written in: one row per size, and the size ladders many
 * families share. Values per size: vCPUs (`VCpuInfo.DefaultVCpus`), maximum network interfaces of the
 * default network card and IPv4 addresses per interface, as DescribeInstanceTypes reports them
 * (Amazon EC2 User Guide, "Maximum IP addresses per network interface"; aws/amazon-vpc-cni-k8s
 * `pkg/vpc/vpc_ip_resource_limit.go`).
 */

/** [size, vCPUs, max ENIs on the default card, IPv4 addresses per ENI] */
export type SizeRow = readonly [size: string, vcpus: number, maxEnis: number, ipv4PerEni: number];

export interface FamilySpec {
  family: string;
  architecture: 'x86_64' | 'arm64';
  /** Non-metal hypervisor; bare-metal sizes have none. */
  hypervisor: 'nitro' | 'xen';
  /** GiB of memory per vCPU, unless `memoryGiB` names the size. */
  memoryPerVcpuGiB?: number;
  memoryGiB?: Record<string, number>;
  sizes: readonly SizeRow[];
}

/** large to 16xlarge, as most current Nitro families have them. */
export const BASE: readonly SizeRow[] = [
  ['large', 2, 3, 10],
  ['xlarge', 4, 4, 15],
  ['2xlarge', 8, 4, 15],
  ['4xlarge', 16, 8, 30],
  ['8xlarge', 32, 8, 30],
  ['12xlarge', 48, 8, 30],
  ['16xlarge', 64, 15, 50],
];
const MEDIUM: SizeRow = ['medium', 1, 2, 4];
const S24: SizeRow = ['24xlarge', 96, 15, 50];
const S32: SizeRow = ['32xlarge', 128, 15, 50];
const S48: SizeRow = ['48xlarge', 192, 15, 50];

export const GEN5: readonly SizeRow[] = [...BASE, S24];
export const GEN5_METAL: readonly SizeRow[] = [...GEN5, ['metal', 96, 15, 50]];
/** c5 and c5d: 9xlarge and 18xlarge instead of 8xlarge and 16xlarge. */
export const C5_LADDER: readonly SizeRow[] = [
  ['large', 2, 3, 10],
  ['xlarge', 4, 4, 15],
  ['2xlarge', 8, 4, 15],
  ['4xlarge', 16, 8, 30],
  ['9xlarge', 36, 8, 30],
  ['12xlarge', 48, 8, 30],
  ['18xlarge', 72, 15, 50],
  ['24xlarge', 96, 15, 50],
  ['metal', 96, 15, 50],
];
export const GEN6I: readonly SizeRow[] = [...GEN5, S32, ['metal', 128, 15, 50]];
export const GEN6A: readonly SizeRow[] = [...GEN5, S32, S48, ['metal', 192, 15, 50]];
export const GEN7I: readonly SizeRow[] = [
  ...GEN5,
  S48,
  ['metal-24xl', 96, 15, 50],
  ['metal-48xl', 192, 15, 50],
];
export const GEN7A: readonly SizeRow[] = [MEDIUM, ...GEN5, S32, S48, ['metal-48xl', 192, 15, 50]];
export const GRAVITON: readonly SizeRow[] = [MEDIUM, ...BASE, ['metal', 64, 15, 50]];
export const GRAVITON_NO_METAL: readonly SizeRow[] = [MEDIUM, ...BASE];
export const GEN8G: readonly SizeRow[] = [
  MEDIUM,
  ...GEN5,
  S48,
  ['metal-24xl', 96, 15, 50],
  ['metal-48xl', 192, 15, 50],
];
/** The -flex variants stop at 16xlarge. */
export const FLEX: readonly SizeRow[] = BASE;
export const BURSTABLE: readonly SizeRow[] = [
  ['nano', 2, 2, 2],
  ['micro', 2, 2, 2],
  ['small', 2, 3, 4],
  ['medium', 2, 3, 6],
  ['large', 2, 3, 12],
  ['xlarge', 4, 4, 15],
  ['2xlarge', 8, 4, 15],
];
export const BURSTABLE_MEMORY = {
  nano: 0.5,
  micro: 1,
  small: 2,
  medium: 4,
  large: 8,
  xlarge: 16,
  '2xlarge': 32,
};

type Arch = 'x86_64' | 'arm64';
const nitroFamily = (
  family: string,
  sizes: readonly SizeRow[],
  memoryPerVcpuGiB: number,
  arch: Arch,
): FamilySpec => ({
  family,
  architecture: arch,
  hypervisor: 'nitro',
  memoryPerVcpuGiB,
  sizes,
});
/** General purpose (m): 4 GiB per vCPU. */
export const general = (family: string, sizes: readonly SizeRow[], arch: Arch = 'x86_64') =>
  nitroFamily(family, sizes, 4, arch);
/** Compute optimised (c): 2 GiB per vCPU. */
export const compute = (family: string, sizes: readonly SizeRow[], arch: Arch = 'x86_64') =>
  nitroFamily(family, sizes, 2, arch);
/** Memory optimised (r): 8 GiB per vCPU. */
export const memory = (family: string, sizes: readonly SizeRow[], arch: Arch = 'x86_64') =>
  nitroFamily(family, sizes, 8, arch);
