import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SimSubnet } from '../ports.js';
import { placeEni, type PlacementInput } from './eni-placement.js';

const subnet = (
  subnetId: string,
  zone: string,
  free: number,
  tags: Record<string, string> = {},
): SimSubnet => ({
  subnetId,
  vpcId: 'vpc-1',
  cidrBlock: '10.0.0.0/24',
  availabilityZone: zone,
  availableIpAddressCount: free,
  tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
});

const nodeSubnet = subnet('subnet-node', 'us-east-1a', 10);
const subnets = [
  nodeSubnet,
  subnet('subnet-cni', 'us-east-1a', 200, { 'kubernetes.io/role/cni': '1' }),
  subnet('subnet-cni-b', 'us-east-1b', 500, { 'kubernetes.io/role/cni': '1' }),
  subnet('subnet-pods-a', 'us-east-1a', 8000),
  subnet('subnet-pods-b', 'us-east-1b', 8000),
];

function input(overrides: Partial<PlacementInput>): PlacementInput {
  return {
    config: { customNetworking: false, subnetDiscovery: false },
    nodeZone: 'us-east-1a',
    primarySubnet: nodeSubnet,
    primarySubnetId: 'subnet-node',
    primaryGroups: ['sg-node'],
    eniConfigName: 'us-east-1a',
    eniConfig: undefined,
    subnets,
    ...overrides,
  };
}

describe('placeEni', () => {
  const cases: [string, Partial<PlacementInput>, ReturnType<typeof placeEni>][] = [
    [
      'default mode: the node subnet and groups',
      {},
      { ok: true, subnetIds: ['subnet-node'], groups: ['sg-node'] },
    ],
    [
      'subnet discovery: the tagged subnet of the zone with most free addresses',
      { config: { customNetworking: false, subnetDiscovery: true } },
      { ok: true, subnetIds: ['subnet-cni', 'subnet-node'], groups: ['sg-node'] },
    ],
    [
      'custom networking: the ENIConfig subnet and groups',
      {
        config: { customNetworking: true, subnetDiscovery: true },
        eniConfig: { subnet: 'subnet-pods-a', securityGroups: ['sg-pods'] },
      },
      { ok: true, subnetIds: ['subnet-pods-a'], groups: ['sg-pods'] },
    ],
    [
      'custom networking: no groups means the primary ENI groups',
      {
        config: { customNetworking: true, subnetDiscovery: false },
        eniConfig: { subnet: 'subnet-pods-a', securityGroups: [] },
      },
      { ok: true, subnetIds: ['subnet-pods-a'], groups: ['sg-node'] },
    ],
  ];
  for (const [name, overrides, expected] of cases)
    it(name, () => assert.deepEqual(placeEni(input(overrides)), expected));

  it("refuses without an ENIConfig, with ipamd's log line", () => {
    const r = placeEni(
      input({ config: { customNetworking: true, subnetDiscovery: false }, eniConfigName: 'default' }),
    );
    assert.equal(r.ok, false);
    assert.match(
      !r.ok ? r.log : '',
      /eniconfigs\.crd\.k8s\.amazonaws\.com "default" not found; eniconfig: eniconfig is not available/,
    );
  });

  it('refuses an ENIConfig subnet in another zone', () => {
    const r = placeEni(
      input({
        config: { customNetworking: true, subnetDiscovery: false },
        eniConfig: { subnet: 'subnet-pods-b' },
      }),
    );
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.log : '', /InvalidParameterCombination/);
  });

  it('passes an unknown subnet through, for EC2 to refuse', () => {
    assert.deepEqual(
      placeEni(
        input({
          config: { customNetworking: true, subnetDiscovery: false },
          eniConfig: { subnet: 'subnet-gone' },
        }),
      ),
      { ok: true, subnetIds: ['subnet-gone'], groups: ['sg-node'] },
    );
  });
});
