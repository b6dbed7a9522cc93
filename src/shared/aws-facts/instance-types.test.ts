import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import {
  findInstanceType,
  instanceNetworkLimits,
  listInstanceFamilies,
  listInstanceTypes,
} from './instance-types.js';
import { eniMaxPods } from './max-pods.js';
import { FAMILIES } from './instance-type-data.js';

// The fixture is not compiled: read it from the source tree (dist/src/shared/aws-facts -> src/...).
const fixture = readFileSync(
  new URL('../../../../src/shared/aws-facts/testdata/eni-max-pods.txt', import.meta.url),
  'utf8',
);
const published = new Map(
  fixture
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const [type = '', value = ''] = line.trim().split(/\s+/);
      return [type, Number(value)] as const;
    }),
);

const REQUIRED_FAMILIES = [
  't3',
  't3a',
  't4g',
  'm5',
  'm5a',
  'm5n',
  'm6i',
  'm6a',
  'm6g',
  'm7i',
  'm7g',
  'c5',
  'c5n',
  'c6i',
  'c6g',
  'c7i',
  'c7g',
  'r5',
  'r6i',
  'r6g',
  'r7i',
  'r7g',
  'i3',
  'i4i',
  'p3',
  'g5',
];

describe('instance types against eni-max-pods.txt', () => {
  it('ships every family the issue names', () => {
    for (const family of REQUIRED_FAMILIES) assert.ok(listInstanceFamilies().includes(family), family);
  });

  it('matches the published value for every shipped type', () => {
    const types = listInstanceTypes();
    assert.ok(types.length >= 200, `only ${types.length} types`);
    for (const { instanceType } of types) {
      assert.equal(eniMaxPods(instanceType), published.get(instanceType), instanceType);
    }
  });

  it('lists each size once per family', () => {
    for (const spec of FAMILIES) {
      const sizes = spec.sizes.map(([size]) => size);
      assert.equal(new Set(sizes).size, sizes.length, spec.family);
    }
    assert.equal(new Set(FAMILIES.map((f) => f.family)).size, FAMILIES.length);
  });

  it('ships every size the published list has for those families', () => {
    for (const type of published.keys()) {
      assert.ok(findInstanceType(type), `${type} is in eni-max-pods.txt but not shipped`);
    }
  });
});

// Rows read from aws/amazon-vpc-cni-k8s pkg/vpc/vpc_ip_resource_limit.go (generated from the EC2 API):
// [type, ENILimit, IPv4Limit, HypervisorType ('' when "unknown" on bare metal)]. eni-max-pods.txt only
// fixes ENIs x (IPs - 1); these pin the two factors where a wrong split would still match it.
const CNI_ROWS: [string, number, number, string][] = [
  ['m5.large', 3, 10, 'nitro'],
  ['m5.metal', 15, 50, ''],
  ['c5.9xlarge', 8, 30, 'nitro'],
  ['c5.metal', 15, 50, ''],
  ['i3.large', 3, 10, 'xen'],
  ['i3.16xlarge', 15, 50, 'xen'],
  ['i3en.3xlarge', 4, 15, 'nitro'],
  ['i4i.24xlarge', 15, 30, 'nitro'],
  ['i4i.metal', 15, 50, ''],
  ['p3.2xlarge', 4, 15, 'xen'],
  ['p3.16xlarge', 8, 30, 'xen'],
  ['g4dn.xlarge', 3, 10, 'nitro'],
  ['g4dn.16xlarge', 4, 15, 'nitro'],
  ['g4dn.metal', 15, 50, ''],
  ['g5.16xlarge', 8, 30, 'nitro'],
  ['g5.48xlarge', 7, 50, 'nitro'],
  ['g6.12xlarge', 8, 30, 'nitro'],
  ['m4.large', 2, 10, 'xen'],
  ['m4.16xlarge', 8, 30, 'xen'],
  ['c4.8xlarge', 8, 30, 'xen'],
  ['m5a.8xlarge', 8, 30, 'nitro'],
  ['c5a.metal', 15, 50, ''],
];

describe('instance types against vpc_ip_resource_limit.go', () => {
  for (const [type, enis, ips, hypervisor] of CNI_ROWS) {
    it(`${type}: ${enis} ENIs x ${ips} IPv4, hypervisor ${hypervisor || 'none (bare metal)'}`, () => {
      const limits = instanceNetworkLimits(type);
      assert.deepEqual(
        [limits.maxEnis, limits.ipv4PerEni, limits.hypervisor ?? '', limits.bareMetal],
        [enis, ips, hypervisor, hypervisor === ''],
      );
    });
  }
});

describe('instanceNetworkLimits', () => {
  it('reports the DescribeInstanceTypes facts', () => {
    assert.deepEqual(instanceNetworkLimits('m5.large'), {
      instanceType: 'm5.large',
      family: 'm5',
      size: 'large',
      vcpus: 2,
      memoryMiB: 8192,
      architecture: 'x86_64',
      maxEnis: 3,
      ipv4PerEni: 10,
      ipv6PerEni: 10,
      nitro: true,
      hypervisor: 'nitro',
      bareMetal: false,
      networkCards: 1,
      defaultNetworkCardIndex: 0,
    });
  });

  it('knows Xen types, bare metal and Graviton', () => {
    assert.equal(instanceNetworkLimits('i3.large').hypervisor, 'xen');
    assert.equal(instanceNetworkLimits('p3.2xlarge').nitro, false);
    const metal = instanceNetworkLimits('m5.metal');
    assert.equal(metal.hypervisor, undefined);
    assert.equal(metal.bareMetal, true);
    assert.equal(metal.nitro, true);
    assert.equal(instanceNetworkLimits('m7g.medium').architecture, 'arm64');
    assert.equal(instanceNetworkLimits('c5n.large').memoryMiB, 5376);
  });

  it('is case- and space-insensitive', () => {
    assert.equal(instanceNetworkLimits(' M5.Large ').instanceType, 'm5.large');
  });

  const unknown: [input: string, suggestion: RegExp][] = [
    ['m5.larg', /did you mean m5\.large/],
    ['m5.xxlarge', /m5\.2xlarge|m5\.xlarge/],
    ['c6i.lrage', /c6i\.large/],
    ['t3.mediun', /t3\.medium/],
  ];
  for (const [input, suggestion] of unknown) {
    it(`refuses '${input}' and suggests the closest names`, () => {
      assert.throws(
        () => instanceNetworkLimits(input),
        (err: unknown) =>
          err instanceof UserError &&
          err.code === 'E_UNKNOWN_INSTANCE_TYPE' &&
          err.exitCode === 2 &&
          suggestion.test(err.message) &&
          err.message.includes(`'${input}'`),
      );
    });
  }

  it('refuses nonsense without suggestions or a crash', () => {
    assert.throws(() => instanceNetworkLimits('zzzzzzzzzzzzzzzzzzzz'), /unknown instance type 'z+'$/);
    assert.throws(
      () => instanceNetworkLimits(undefined as unknown as string),
      /instanceType must be a string/,
    );
    assert.equal(findInstanceType('x9.huge'), undefined);
  });

  it('hands out copies, so callers cannot corrupt the table', () => {
    const limits = instanceNetworkLimits('m5.large');
    limits.maxEnis = 99;
    assert.equal(instanceNetworkLimits('m5.large').maxEnis, 3);
  });
});
