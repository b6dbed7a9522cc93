import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { InstanceTypeInfo } from '@aws-sdk/client-ec2';
import { limitsFromInstanceTypeInfo } from './instance-types.js';

describe('limitsFromInstanceTypeInfo', () => {
  it('takes the default network card interfaces, not the total over all cards', () => {
    const info: InstanceTypeInfo = {
      InstanceType: 'm6in.32xlarge',
      Hypervisor: 'nitro',
      BareMetal: false,
      VCpuInfo: { DefaultVCpus: 128 },
      MemoryInfo: { SizeInMiB: 524288 },
      ProcessorInfo: { SupportedArchitectures: ['x86_64'] },
      NetworkInfo: {
        MaximumNetworkInterfaces: 16,
        MaximumNetworkCards: 2,
        DefaultNetworkCardIndex: 0,
        NetworkCards: [
          { NetworkCardIndex: 0, MaximumNetworkInterfaces: 8 },
          { NetworkCardIndex: 1, MaximumNetworkInterfaces: 8 },
        ],
        Ipv4AddressesPerInterface: 50,
        Ipv6AddressesPerInterface: 50,
      },
    };
    const limits = limitsFromInstanceTypeInfo(info);
    assert.equal(limits?.maxEnis, 8);
    assert.equal(limits?.networkCards, 2);
    assert.equal(limits?.family, 'm6in');
    assert.equal(limits?.size, '32xlarge');
    assert.equal(limits?.nitro, true);
  });

  it('bare metal: no hypervisor, still Nitro for prefix delegation; arm64 read from the architectures', () => {
    const limits = limitsFromInstanceTypeInfo({
      InstanceType: 'c7g.metal',
      BareMetal: true,
      VCpuInfo: { DefaultVCpus: 64 },
      ProcessorInfo: { SupportedArchitectures: ['arm64'] },
      NetworkInfo: { MaximumNetworkInterfaces: 15, Ipv4AddressesPerInterface: 50 },
    });
    assert.equal(limits?.hypervisor, undefined);
    assert.equal(limits?.bareMetal, true);
    assert.equal(limits?.nitro, true);
    assert.equal(limits?.architecture, 'arm64');
    assert.equal(limits?.maxEnis, 15);
  });

  it('an answer without the network limits is not used', () => {
    assert.equal(
      limitsFromInstanceTypeInfo({ InstanceType: 'm5.large', VCpuInfo: { DefaultVCpus: 2 } }),
      undefined,
    );
  });
});
