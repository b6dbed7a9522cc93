/**
 * The instance types the sandbox's EC2 describes: the shared table (what eks-cidr knows offline)
 * plus families the table lacks, so that the tool's DescribeInstanceTypes path is exercised as on
 * AWS. Limits of the extra families: aws/amazon-vpc-cni-k8s pkg/vpc/vpc_ip_resource_limit.go
 * (v1.23.1: ENILimit = the default card's MaximumNetworkInterfaces, IPv4Limit, network cards,
 * hypervisor, bare metal), which agree with eni-max-pods.txt (m6in.large 29 = 3 x (10 - 1) + 2);
 * vCPUs and memory from the EC2 instance type pages.
 */
import {
  findInstanceType,
  instanceNetworkLimits,
  listInstanceTypes,
  type InstanceNetworkLimits,
} from '../../../shared/aws-facts/index.js';

/** [size, vCPUs, memory GiB, default card's interfaces, IPv4 per interface, network cards]. */
type ExtraRow = [string, number, number, number, number, number];

const EXTRA_FAMILIES: Record<string, ExtraRow[]> = {
  m6in: [
    ['large', 2, 8, 3, 10, 1],
    ['xlarge', 4, 16, 4, 15, 1],
    ['2xlarge', 8, 32, 4, 15, 1],
    ['4xlarge', 16, 64, 8, 30, 1],
    ['8xlarge', 32, 128, 8, 30, 1],
    ['12xlarge', 48, 192, 8, 30, 1],
    ['16xlarge', 64, 256, 15, 50, 1],
    ['24xlarge', 96, 384, 15, 50, 1],
    ['32xlarge', 128, 512, 8, 50, 2],
    ['metal', 128, 512, 8, 50, 2],
  ],
  c6in: [
    ['large', 2, 4, 3, 10, 1],
    ['xlarge', 4, 8, 4, 15, 1],
    ['2xlarge', 8, 16, 4, 15, 1],
    ['4xlarge', 16, 32, 8, 30, 1],
    ['8xlarge', 32, 64, 8, 30, 1],
    ['12xlarge', 48, 96, 8, 30, 1],
    ['16xlarge', 64, 128, 15, 50, 1],
    ['24xlarge', 96, 192, 15, 50, 1],
    ['32xlarge', 128, 256, 8, 50, 2],
    ['metal', 128, 256, 8, 50, 2],
  ],
  r7iz: [
    ['large', 2, 16, 3, 10, 1],
    ['xlarge', 4, 32, 4, 15, 1],
    ['2xlarge', 8, 64, 4, 15, 1],
    ['4xlarge', 16, 128, 8, 30, 1],
    ['8xlarge', 32, 256, 8, 30, 1],
    ['12xlarge', 48, 384, 8, 30, 1],
    ['16xlarge', 64, 512, 15, 50, 1],
    ['32xlarge', 128, 1024, 15, 50, 1],
    ['metal-16xl', 64, 512, 15, 50, 1],
    ['metal-32xl', 128, 1024, 15, 50, 1],
  ],
  m5zn: [
    ['large', 2, 8, 3, 10, 1],
    ['xlarge', 4, 16, 4, 15, 1],
    ['2xlarge', 8, 32, 4, 15, 1],
    ['3xlarge', 12, 48, 8, 30, 1],
    ['6xlarge', 24, 96, 8, 30, 1],
    ['12xlarge', 48, 192, 15, 50, 1],
    ['metal', 48, 192, 15, 50, 1],
  ],
  inf2: [
    ['xlarge', 4, 16, 4, 15, 1],
    ['8xlarge', 32, 128, 8, 30, 1],
    ['24xlarge', 96, 384, 15, 50, 1],
    ['48xlarge', 192, 768, 15, 50, 1],
  ],
  trn1: [
    ['2xlarge', 8, 32, 4, 15, 1],
    ['32xlarge', 128, 512, 5, 50, 8],
  ],
  g6e: [
    ['xlarge', 4, 32, 4, 15, 1],
    ['2xlarge', 8, 64, 4, 15, 1],
    ['4xlarge', 16, 128, 8, 30, 1],
    ['8xlarge', 32, 256, 8, 30, 1],
    ['12xlarge', 48, 384, 10, 30, 1],
    ['16xlarge', 64, 512, 15, 50, 1],
    ['24xlarge', 96, 768, 10, 50, 2],
    ['48xlarge', 192, 1536, 10, 50, 4],
  ],
  x2idn: [
    ['16xlarge', 64, 1024, 15, 50, 1],
    ['24xlarge', 96, 1536, 15, 50, 1],
    ['32xlarge', 128, 2048, 15, 50, 1],
    ['metal', 128, 2048, 15, 50, 1],
  ],
};

function extraLimits(family: string, [size, vcpus, gib, enis, ipv4, cards]: ExtraRow): InstanceNetworkLimits {
  const bareMetal = size.startsWith('metal');
  return {
    instanceType: `${family}.${size}`,
    family,
    size,
    vcpus,
    memoryMiB: gib * 1024,
    architecture: 'x86_64',
    maxEnis: enis,
    ipv4PerEni: ipv4,
    ipv6PerEni: ipv4,
    nitro: true,
    hypervisor: bareMetal ? undefined : 'nitro',
    bareMetal,
    networkCards: cards,
    defaultNetworkCardIndex: 0,
  };
}

const EXTRA: readonly InstanceNetworkLimits[] = Object.entries(EXTRA_FAMILIES).flatMap(([family, rows]) =>
  rows.map((row) => extraLimits(family, row)),
);

/** Every type the sandbox's EC2 knows: the shared table, then the extra families. */
export function catalogInstanceTypes(): InstanceNetworkLimits[] {
  return [...listInstanceTypes(), ...EXTRA.map((t) => ({ ...t }))];
}

/** The types the sandbox knows beyond the shared table (for tests of the DescribeInstanceTypes path). */
export function extraInstanceTypes(): InstanceNetworkLimits[] {
  return EXTRA.map((t) => ({ ...t }));
}

/** The limits of a type EC2 launched (so the catalog knows it); the shared table's error otherwise. */
export function catalogNetworkLimits(type: string): InstanceNetworkLimits {
  return findCatalogInstanceType(type) ?? instanceNetworkLimits(type);
}

/** A type the sandbox's EC2 knows, or undefined. */
export function findCatalogInstanceType(type: string): InstanceNetworkLimits | undefined {
  const key = type.trim().toLowerCase();
  return findInstanceType(key) ?? EXTRA.find((t) => t.instanceType === key);
}
