import { pagingOf } from '../paginate.js';
import { filtersOf } from './inputs.js';
import type { Ec2Operation } from '../operation.js';

export const describeInstanceTypes: Ec2Operation = {
  action: 'DescribeInstanceTypes',
  mutating: false,
  handle(params, { ec2 }) {
    const paging = pagingOf(params, { min: 5, max: 100 });
    const types = ec2.describeInstanceTypes({
      instanceTypes: params.list('InstanceType'),
      filters: filtersOf(params),
    });
    const page = paging.page(types);
    return {
      instanceTypeSet: page.items.map((t) => ({
        instanceType: t.instanceType,
        currentGeneration: true,
        freeTierEligible: false,
        supportedUsageClasses: ['on-demand', 'spot'],
        supportedRootDeviceTypes: ['ebs'],
        supportedVirtualizationTypes: ['hvm'],
        bareMetal: t.bareMetal,
        hypervisor: t.hypervisor,
        processorInfo: { supportedArchitectures: [t.architecture] },
        vCpuInfo: { defaultVCpus: t.vcpus },
        memoryInfo: { sizeInMiB: t.memoryMiB },
        instanceStorageSupported: false,
        networkInfo: {
          // The total over all cards; each card lists its own (pods use the default card's).
          maximumNetworkInterfaces: t.maxEnis * t.networkCards,
          maximumNetworkCards: t.networkCards,
          defaultNetworkCardIndex: t.defaultNetworkCardIndex,
          networkCards: Array.from({ length: t.networkCards }, (_, i) => ({
            networkCardIndex: i,
            maximumNetworkInterfaces: t.maxEnis,
          })),
          ipv4AddressesPerInterface: t.ipv4PerEni,
          ipv6AddressesPerInterface: t.ipv6PerEni,
          ipv6Supported: true,
          enaSupport: t.nitro ? 'required' : 'supported',
          efaSupported: false,
          encryptionInTransitSupported: false,
        },
        hibernationSupported: false,
        burstablePerformanceSupported: t.family.startsWith('t'),
        dedicatedHostsSupported: false,
        autoRecoverySupported: true,
        supportedBootModes: ['legacy-bios', 'uefi'],
      })),
      nextToken: page.nextToken,
    };
  },
};
