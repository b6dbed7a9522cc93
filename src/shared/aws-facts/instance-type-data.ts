/**
 * Network limits of the instance types EKS users run, as DescribeInstanceTypes reports them:
 * `VCpuInfo.DefaultVCpus`, `NetworkInfo.NetworkCards[default].MaximumNetworkInterfaces`,
 * `NetworkInfo.Ipv4AddressesPerInterface`, `Hypervisor` (absent on bare metal), `BareMetal`,
 * `MemoryInfo.SizeInMiB`. Sources: Amazon EC2 User Guide, "Maximum IP addresses per network
 * interface" (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/AvailableIpPerENI.html);
 * aws/amazon-vpc-cni-k8s `pkg/vpc/vpc_ip_resource_limit.go` (generated from the EC2 API: ENILimit,
 * IPv4Limit, HypervisorType, IsBareMetal); EC2 instance type pages for vCPUs and memory. Every row is
 * cross-checked against awslabs/amazon-eks-ami `templates/shared/runtime/eni-max-pods.txt` by
 * `instance-types.test.ts` (fixture in testdata/).
 */
import {
  BASE,
  BURSTABLE,
  BURSTABLE_MEMORY,
  C5_LADDER,
  compute,
  FLEX,
  GEN5,
  GEN5_METAL,
  GEN6A,
  GEN6I,
  GEN7A,
  GEN7I,
  GEN8G,
  general,
  GRAVITON,
  GRAVITON_NO_METAL,
  memory,
  type FamilySpec,
  type SizeRow,
} from './instance-size-ladders.js';

export type { FamilySpec, SizeRow } from './instance-size-ladders.js';

const burstable = (family: string, arch: 'x86_64' | 'arm64', sizes = BURSTABLE): FamilySpec => ({
  family,
  architecture: arch,
  hypervisor: 'nitro',
  memoryGiB: BURSTABLE_MEMORY,
  sizes,
});

export const FAMILIES: readonly FamilySpec[] = [
  // Burstable.
  burstable('t3', 'x86_64'),
  // t3a.small has 2 interfaces where t3.small has 3 (eni-max-pods.txt: 8 against 11).
  burstable(
    't3a',
    'x86_64',
    BURSTABLE.map((row): SizeRow => (row[0] === 'small' ? ['small', 2, 2, 4] : row)),
  ),
  burstable('t4g', 'arm64'),
  {
    family: 't2',
    architecture: 'x86_64',
    hypervisor: 'xen',
    memoryGiB: BURSTABLE_MEMORY,
    sizes: [
      ['nano', 1, 2, 2],
      ['micro', 1, 2, 2],
      ['small', 1, 3, 4],
      ['medium', 2, 3, 6],
      ['large', 2, 3, 12],
      ['xlarge', 4, 3, 15],
      ['2xlarge', 8, 3, 15],
    ],
  },
  // General purpose.
  general('m5', GEN5_METAL),
  general('m5a', GEN5),
  general('m5ad', GEN5),
  general('m5d', GEN5_METAL),
  general('m5n', GEN5_METAL),
  general('m5dn', GEN5_METAL),
  general('m6i', GEN6I),
  general('m6id', GEN6I),
  general('m6a', GEN6A),
  general('m6g', GRAVITON, 'arm64'),
  general('m6gd', GRAVITON, 'arm64'),
  general('m7i', GEN7I),
  general('m7i-flex', FLEX),
  general('m7a', GEN7A),
  general('m7g', GRAVITON, 'arm64'),
  general('m7gd', GRAVITON, 'arm64'),
  general('m8g', GEN8G, 'arm64'),
  {
    family: 'm4',
    architecture: 'x86_64',
    hypervisor: 'xen',
    memoryPerVcpuGiB: 4,
    sizes: [
      ['large', 2, 2, 10],
      ['xlarge', 4, 4, 15],
      ['2xlarge', 8, 4, 15],
      ['4xlarge', 16, 8, 30],
      ['10xlarge', 40, 8, 30],
      ['16xlarge', 64, 8, 30],
    ],
  },
  // Compute optimised.
  compute('c5', C5_LADDER),
  compute('c5d', C5_LADDER),
  compute('c5a', GEN5_METAL),
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
    sizes: [...C5_LADDER.slice(0, 5), ['18xlarge', 72, 15, 50], ['metal', 72, 15, 50]],
  },
  compute('c6i', GEN6I),
  compute('c6id', GEN6I),
  compute('c6a', GEN6A),
  compute('c6g', GRAVITON, 'arm64'),
  compute('c6gd', GRAVITON, 'arm64'),
  compute('c6gn', GRAVITON_NO_METAL, 'arm64'),
  compute('c7i', GEN7I),
  compute('c7i-flex', FLEX),
  compute('c7a', GEN7A),
  compute('c7g', GRAVITON, 'arm64'),
  compute('c7gd', GRAVITON, 'arm64'),
  compute('c7gn', GRAVITON, 'arm64'),
  compute('c8g', GEN8G, 'arm64'),
  {
    family: 'c4',
    architecture: 'x86_64',
    hypervisor: 'xen',
    memoryGiB: { large: 3.75, xlarge: 7.5, '2xlarge': 15, '4xlarge': 30, '8xlarge': 60 },
    sizes: [...BASE.slice(0, 4), ['8xlarge', 36, 8, 30]],
  },
  // Memory optimised.
  memory('r5', GEN5_METAL),
  memory('r5a', GEN5),
  memory('r5b', GEN5_METAL),
  memory('r5d', GEN5_METAL),
  memory('r5n', GEN5_METAL),
  memory('r6i', GEN6I),
  memory('r6id', GEN6I),
  memory('r6a', GEN6A),
  memory('r6g', GRAVITON, 'arm64'),
  memory('r6gd', GRAVITON, 'arm64'),
  memory('r7i', GEN7I),
  memory('r7a', GEN7A),
  memory('r7g', GRAVITON, 'arm64'),
  memory('r7gd', GRAVITON, 'arm64'),
  memory('r8g', GEN8G, 'arm64'),
  {
    family: 'r4',
    architecture: 'x86_64',
    hypervisor: 'xen',
    memoryPerVcpuGiB: 7.625,
    sizes: [...BASE.slice(0, 5), ['16xlarge', 64, 15, 50]],
  },
  // Storage optimised.
  {
    // i3 runs on Xen (only i3.metal is Nitro-based, and eni-max-pods.txt does not list it).
    family: 'i3',
    architecture: 'x86_64',
    hypervisor: 'xen',
    memoryPerVcpuGiB: 7.625,
    sizes: [...BASE.slice(0, 5), ['16xlarge', 64, 15, 50]],
  },
  {
    family: 'i3en',
    architecture: 'x86_64',
    hypervisor: 'nitro',
    memoryPerVcpuGiB: 8,
    sizes: [
      ...BASE.slice(0, 3),
      ['3xlarge', 12, 4, 15],
      ['6xlarge', 24, 8, 30],
      ['12xlarge', 48, 8, 30],
      ['24xlarge', 96, 15, 50],
      ['metal', 96, 15, 50],
    ],
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
  // Accelerated computing.
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
    family: 'g4dn',
    architecture: 'x86_64',
    hypervisor: 'nitro',
    memoryPerVcpuGiB: 4,
    sizes: [
      ['xlarge', 4, 3, 10],
      ['2xlarge', 8, 3, 10],
      ['4xlarge', 16, 3, 10],
      ['8xlarge', 32, 4, 15],
      ['12xlarge', 48, 8, 30],
      ['16xlarge', 64, 4, 15],
      ['metal', 96, 15, 50],
    ],
  },
  {
    family: 'g5',
    architecture: 'x86_64',
    hypervisor: 'nitro',
    memoryPerVcpuGiB: 4,
    sizes: [
      ...BASE.slice(1, 5),
      ['12xlarge', 48, 15, 50],
      ['16xlarge', 64, 8, 30],
      ['24xlarge', 96, 15, 50],
      // Only the default network card's 7 interfaces serve pods (eni-max-pods.txt: 345).
      ['48xlarge', 192, 7, 50],
    ],
  },
  {
    family: 'g6',
    architecture: 'x86_64',
    hypervisor: 'nitro',
    memoryPerVcpuGiB: 4,
    sizes: [...BASE.slice(1), ['24xlarge', 96, 15, 50], ['48xlarge', 192, 15, 50]],
  },
];
