/**
 * Network limits of the instance types EKS users run, as DescribeInstanceTypes reports them:
 * `VCpuInfo.DefaultVCpus`, `NetworkInfo.NetworkCards[default].MaximumNetworkInterfaces`,
 * `NetworkInfo.Ipv4AddressesPerInterface`, `Hypervisor` (absent on bare metal), `BareMetal`.
 * Sources: Amazon EC2 User Guide, "Maximum IP addresses per network interface"
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/AvailableIpPerENI.html); aws/amazon-vpc-cni-k8s
 * `pkg/vpc/vpc_ip_resource_limit.go` (generated from the EC2 API: ENILimit, IPv4Limit, HypervisorType,
 * IsBareMetal). Every row is cross-checked against awslabs/amazon-eks-ami
 * `templates/shared/runtime/eni-max-pods.txt` by `instance-types.test.ts` (fixture in testdata/).
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

// Size ladders shared by many current-generation Nitro families.
const BASE: readonly SizeRow[] = [
  ['large', 2, 3, 10],
  ['xlarge', 4, 4, 15],
  ['2xlarge', 8, 4, 15],
  ['4xlarge', 16, 8, 30],
  ['8xlarge', 32, 8, 30],
  ['12xlarge', 48, 8, 30],
  ['16xlarge', 64, 15, 50],
];
const GEN5 = [...BASE, ['24xlarge', 96, 15, 50]] as const satisfies readonly SizeRow[];
const GEN5_METAL = [...GEN5, ['metal', 96, 15, 50]] as const satisfies readonly SizeRow[];
const GEN6I = [
  ...GEN5,
  ['32xlarge', 128, 15, 50],
  ['metal', 128, 15, 50],
] as const satisfies readonly SizeRow[];
const GEN6A = [
  ...GEN5,
  ['32xlarge', 128, 15, 50],
  ['48xlarge', 192, 15, 50],
  ['metal', 192, 15, 50],
] as const satisfies readonly SizeRow[];
const GEN7I = [
  ...GEN5,
  ['48xlarge', 192, 15, 50],
  ['metal-24xl', 96, 15, 50],
  ['metal-48xl', 192, 15, 50],
] as const satisfies readonly SizeRow[];
const GRAVITON = [['medium', 1, 2, 4], ...BASE, ['metal', 64, 15, 50]] as const satisfies readonly SizeRow[];
const BURSTABLE = [
  ['nano', 2, 2, 2],
  ['micro', 2, 2, 2],
  ['small', 2, 3, 4],
  ['medium', 2, 3, 6],
  ['large', 2, 3, 12],
  ['xlarge', 4, 4, 15],
  ['2xlarge', 8, 4, 15],
] as const satisfies readonly SizeRow[];
const BURSTABLE_MEMORY = { nano: 0.5, micro: 1, small: 2, medium: 4, large: 8, xlarge: 16, '2xlarge': 32 };

const general = (
  family: string,
  sizes: readonly SizeRow[],
  arch: 'x86_64' | 'arm64' = 'x86_64',
): FamilySpec => ({
  family,
  architecture: arch,
  hypervisor: 'nitro',
  memoryPerVcpuGiB: 4,
  sizes,
});
const compute = (
  family: string,
  sizes: readonly SizeRow[],
  arch: 'x86_64' | 'arm64' = 'x86_64',
): FamilySpec => ({
  ...general(family, sizes, arch),
  memoryPerVcpuGiB: 2,
});
const memory = (
  family: string,
  sizes: readonly SizeRow[],
  arch: 'x86_64' | 'arm64' = 'x86_64',
): FamilySpec => ({
  ...general(family, sizes, arch),
  memoryPerVcpuGiB: 8,
});

export const FAMILIES: readonly FamilySpec[] = [
  {
    family: 't3',
    architecture: 'x86_64',
    hypervisor: 'nitro',
    memoryGiB: BURSTABLE_MEMORY,
    sizes: BURSTABLE,
  },
  {
    family: 't3a',
    architecture: 'x86_64',
    hypervisor: 'nitro',
    memoryGiB: BURSTABLE_MEMORY,
    // t3a.small has 2 interfaces where t3.small has 3 (eni-max-pods.txt: 8 against 11).
    sizes: BURSTABLE.map((row): SizeRow => (row[0] === 'small' ? ['small', 2, 2, 4] : row)),
  },
  {
    family: 't4g',
    architecture: 'arm64',
    hypervisor: 'nitro',
    memoryGiB: BURSTABLE_MEMORY,
    sizes: BURSTABLE,
  },
  general('m5', GEN5_METAL),
  general('m5a', GEN5),
  general('m5n', GEN5_METAL),
  general('m6i', GEN6I),
  general('m6a', GEN6A),
  general('m6g', GRAVITON, 'arm64'),
  general('m7i', GEN7I),
  general('m7g', GRAVITON, 'arm64'),
  compute('c5', [
    ['large', 2, 3, 10],
    ['xlarge', 4, 4, 15],
    ['2xlarge', 8, 4, 15],
    ['4xlarge', 16, 8, 30],
    ['9xlarge', 36, 8, 30],
    ['12xlarge', 48, 8, 30],
    ['18xlarge', 72, 15, 50],
    ['24xlarge', 96, 15, 50],
    ['metal', 96, 15, 50],
  ]),
  {
    family: 'c5n',
    architecture: 'x86_64',
    hypervisor: 'nitro',
    memoryGiB: {
      large: 5.25,
      xlarge: 10.5,
      '2xlarge': 21,
      '4xlarge': 42,
      '9xlarge': 96,
      '18xlarge': 192,
      metal: 192,
    },
    sizes: [
      ['large', 2, 3, 10],
      ['xlarge', 4, 4, 15],
      ['2xlarge', 8, 4, 15],
      ['4xlarge', 16, 8, 30],
      ['9xlarge', 36, 8, 30],
      ['18xlarge', 72, 15, 50],
      ['metal', 72, 15, 50],
    ],
  },
  compute('c6i', GEN6I),
  compute('c6g', GRAVITON, 'arm64'),
  compute('c7i', GEN7I),
  compute('c7g', GRAVITON, 'arm64'),
  memory('r5', GEN5_METAL),
  memory('r6i', GEN6I),
  memory('r6g', GRAVITON, 'arm64'),
  memory('r7i', GEN7I),
  memory('r7g', GRAVITON, 'arm64'),
  {
    // i3 runs on Xen (only i3.metal is Nitro-based, and eni-max-pods.txt does not list it).
    family: 'i3',
    architecture: 'x86_64',
    hypervisor: 'xen',
    memoryPerVcpuGiB: 7.625,
    sizes: [...BASE.slice(0, 5), ['16xlarge', 64, 15, 50]],
  },
  {
    family: 'i4i',
    architecture: 'x86_64',
    hypervisor: 'nitro',
    memoryPerVcpuGiB: 8,
    sizes: [
      ...BASE,
      // i4i.24xlarge has 30 addresses per interface, not 50 (eni-max-pods.txt: 437).
      ['24xlarge', 96, 15, 30],
      ['32xlarge', 128, 15, 50],
      ['metal', 128, 15, 50],
    ],
  },
  {
    family: 'p3',
    architecture: 'x86_64',
    hypervisor: 'xen',
    memoryGiB: { '2xlarge': 61, '8xlarge': 244, '16xlarge': 488 },
    sizes: [
      ['2xlarge', 8, 4, 15],
      ['8xlarge', 32, 8, 30],
      ['16xlarge', 64, 8, 30],
    ],
  },
  {
    family: 'g5',
    architecture: 'x86_64',
    hypervisor: 'nitro',
    memoryPerVcpuGiB: 4,
    sizes: [
      ['xlarge', 4, 4, 15],
      ['2xlarge', 8, 4, 15],
      ['4xlarge', 16, 8, 30],
      ['8xlarge', 32, 8, 30],
      ['12xlarge', 48, 15, 50],
      ['16xlarge', 64, 8, 30],
      ['24xlarge', 96, 15, 50],
      // Only the default network card's 7 interfaces serve pods (eni-max-pods.txt: 345).
      ['48xlarge', 192, 7, 50],
    ],
  },
];
