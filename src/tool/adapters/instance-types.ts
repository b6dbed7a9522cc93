/**
 * Network limits of instance types the static table (src/shared/aws-facts) does not know, from EC2
 * DescribeInstanceTypes: asked only for those types, paged (NextToken), once per type per run (the
 * answers are remembered by the shared lookup, so every later max-pods computation uses them).
 */
import type { InstanceTypeInfo } from '@aws-sdk/client-ec2';
import {
  findInstanceType,
  rememberInstanceTypes,
  type InstanceNetworkLimits,
} from '../../shared/aws-facts/index.js';
import { awsCall, type AwsClients } from './aws.js';

/** DescribeInstanceTypes' own page limit (botocore DITMaxResults: 5..100). */
const PAGE_SIZE = 100;

/** AWS's description of a type as the limits max-pods needs; undefined when a field is missing. */
export function limitsFromInstanceTypeInfo(info: InstanceTypeInfo): InstanceNetworkLimits | undefined {
  const name = info.InstanceType;
  const net = info.NetworkInfo;
  const vcpus = info.VCpuInfo?.DefaultVCpus;
  const ipv4PerEni = net?.Ipv4AddressesPerInterface;
  if (!name || !net || vcpus === undefined || ipv4PerEni === undefined) return undefined;
  const defaultCard = net.DefaultNetworkCardIndex ?? 0;
  // Pods use the default network card's interfaces: MaximumNetworkInterfaces is the total over
  // all cards (p5.48xlarge, m6in.32xlarge), as eni-max-pods.txt and the VPC CNI note.
  const card = net.NetworkCards?.find((c) => (c.NetworkCardIndex ?? 0) === defaultCard);
  const maxEnis = card?.MaximumNetworkInterfaces ?? net.MaximumNetworkInterfaces;
  if (maxEnis === undefined) return undefined;
  const [family = name, size = ''] = name.split('.');
  const bareMetal = info.BareMetal === true;
  const hypervisor = info.Hypervisor === 'nitro' || info.Hypervisor === 'xen' ? info.Hypervisor : undefined;
  return {
    instanceType: name,
    family,
    size,
    vcpus,
    memoryMiB: info.MemoryInfo?.SizeInMiB ?? 0,
    architecture: info.ProcessorInfo?.SupportedArchitectures?.includes('arm64') ? 'arm64' : 'x86_64',
    maxEnis,
    ipv4PerEni,
    ipv6PerEni: net.Ipv6AddressesPerInterface ?? 0,
    nitro: hypervisor === 'nitro' || bareMetal,
    hypervisor: bareMetal ? undefined : hypervisor,
    bareMetal,
    networkCards: net.MaximumNetworkCards ?? 1,
    defaultNetworkCardIndex: defaultCard,
  };
}

/**
 * Every type EC2 describes among `types` (a filter, so a name EC2 does not know is simply absent
 * instead of failing the whole call), all pages.
 */
export async function describeInstanceTypes(
  aws: AwsClients,
  types: readonly string[],
  signal?: AbortSignal,
): Promise<InstanceNetworkLimits[]> {
  if (types.length === 0) return [];
  const { DescribeInstanceTypesCommand } = await import('@aws-sdk/client-ec2');
  const ec2 = await aws.ec2();
  const found: InstanceNetworkLimits[] = [];
  let nextToken: string | undefined;
  do {
    const page = await awsCall('ec2:DescribeInstanceTypes', () =>
      ec2.send(
        new DescribeInstanceTypesCommand({
          Filters: [{ Name: 'instance-type', Values: [...types] }],
          MaxResults: PAGE_SIZE,
          NextToken: nextToken,
        }),
        { abortSignal: signal },
      ),
    );
    for (const info of page.InstanceTypes ?? []) {
      const limits = limitsFromInstanceTypeInfo(info);
      if (limits) found.push(limits);
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return found;
}

/**
 * Asks AWS about the types among `types` that neither the table nor an earlier answer of this run
 * knows, and remembers the answers. Returns the names AWS did not describe either.
 */
export async function learnInstanceTypes(
  aws: AwsClients,
  types: Iterable<string>,
  signal?: AbortSignal,
): Promise<string[]> {
  const unknown = [...new Set(types)].filter((t) => t !== '' && findInstanceType(t) === undefined);
  if (unknown.length === 0) return [];
  rememberInstanceTypes(await describeInstanceTypes(aws, unknown, signal));
  return unknown.filter((t) => findInstanceType(t) === undefined);
}
