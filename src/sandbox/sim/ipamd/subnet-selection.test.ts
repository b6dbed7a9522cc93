import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SimSubnet } from '../ports.js';
import {
  discoveryRules,
  isSubnetExcluded,
  selectEniSubnets,
  type SelectionInput,
  type SubnetChoice,
} from './subnet-selection.js';

const ROLE = 'kubernetes.io/role/cni';
const SCOPE = 'cni.networking.k8s.aws/cluster/';

function subnet(id: string, free: number, tags: Record<string, string> = {}, zone = 'us-east-1a'): SimSubnet {
  return {
    subnetId: id,
    vpcId: 'vpc-1',
    cidrBlock: '10.0.0.0/24',
    availabilityZone: zone,
    availableIpAddressCount: free,
    tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
  };
}

const CURRENT = 'v1.22.3-eksbuild.1';

function select(
  primaryTags: Record<string, string>,
  others: SimSubnet[],
  config: Partial<SelectionInput['config']> = {},
): SubnetChoice {
  const primary = subnet('subnet-node', 10, primaryTags);
  return selectEniSubnets({
    config: { subnetDiscovery: true, cniVersion: CURRENT, ...config },
    nodeZone: 'us-east-1a',
    primarySubnet: primary,
    primarySubnetId: primary.subnetId,
    subnets: [primary, ...others],
  });
}

const ok = (...subnets: string[]): SubnetChoice => ({ ok: true, subnets });

// The user guide's tag table ("Configure subnet selection for Pod IP addresses"), CNI 1.22+.
describe('subnet discovery: the tag table (CNI 1.22+)', () => {
  const cases: [
    string,
    Record<string, string>,
    SimSubnet[],
    Partial<SelectionInput['config']>,
    SubnetChoice,
  ][] = [
    ['primary untagged, no other subnet: the primary subnet', {}, [], {}, ok('subnet-node')],
    [
      'a subnet tagged 1 with more free addresses comes first, the primary stays a fallback',
      {},
      [subnet('subnet-pods', 8000, { [ROLE]: '1' })],
      {},
      ok('subnet-pods', 'subnet-node'),
    ],
    [
      'most free addresses first, whichever subnet it is',
      {},
      [subnet('subnet-small', 5, { [ROLE]: '1' })],
      {},
      ok('subnet-node', 'subnet-small'),
    ],
    ['an untagged subnet is not used', {}, [subnet('subnet-other', 8000)], {}, ok('subnet-node')],
    [
      'a subnet tagged 0 is not used',
      {},
      [subnet('subnet-off', 8000, { [ROLE]: '0' })],
      {},
      ok('subnet-node'),
    ],
    [
      'the primary subnet tagged 0 is not used either',
      { [ROLE]: '0' },
      [subnet('subnet-pods', 8000, { [ROLE]: '1' })],
      {},
      ok('subnet-pods'),
    ],
    [
      'the primary subnet tagged 1 is used like any tagged subnet',
      { [ROLE]: '1' },
      [subnet('subnet-pods', 8000, { [ROLE]: '1' })],
      {},
      ok('subnet-pods', 'subnet-node'),
    ],
    [
      'only subnets of the node zone',
      {},
      [subnet('subnet-b', 8000, { [ROLE]: '1' }, 'us-east-1b')],
      {},
      ok('subnet-node'),
    ],
    [
      'only subnets of the node VPC',
      {},
      [{ ...subnet('subnet-x', 8000, { [ROLE]: '1' }), vpcId: 'vpc-2' }],
      {},
      ok('subnet-node'),
    ],
    [
      'a cluster tag naming this cluster keeps the subnet',
      {},
      [subnet('subnet-pods', 8000, { [ROLE]: '1', [`${SCOPE}demo`]: 'shared' })],
      { clusterName: 'demo' },
      ok('subnet-pods', 'subnet-node'),
    ],
    [
      'cluster tags naming only other clusters leave the subnet to them',
      {},
      [subnet('subnet-pods', 8000, { [ROLE]: '1', [`${SCOPE}other`]: 'shared' })],
      { clusterName: 'demo' },
      ok('subnet-node'),
    ],
    [
      'one of several cluster tags naming this cluster is enough',
      {},
      [subnet('subnet-pods', 8000, { [ROLE]: '1', [`${SCOPE}other`]: '1', [`${SCOPE}demo`]: '1' })],
      { clusterName: 'demo' },
      ok('subnet-pods', 'subnet-node'),
    ],
    [
      'without CLUSTER_NAME the cluster tags are not checked',
      {},
      [subnet('subnet-pods', 8000, { [ROLE]: '1', [`${SCOPE}other`]: 'shared' })],
      {},
      ok('subnet-pods', 'subnet-node'),
    ],
    [
      'a cluster tag alone does not opt a subnet in',
      {},
      [subnet('subnet-pods', 8000, { [`${SCOPE}demo`]: 'shared' })],
      { clusterName: 'demo' },
      ok('subnet-node'),
    ],
    [
      'ENABLE_SUBNET_DISCOVERY=false: the primary subnet only',
      {},
      [subnet('subnet-pods', 8000, { [ROLE]: '1' })],
      { subnetDiscovery: false },
      ok('subnet-node'),
    ],
  ];
  for (const [name, primaryTags, others, config, expected] of cases)
    it(name, () => assert.deepEqual(select(primaryTags, others, config), expected));

  it('the primary subnet tagged 0 and nothing else: no ENI, as ipamd logs it', () => {
    const r = select({ [ROLE]: '0' }, [subnet('subnet-other', 8000)]);
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.log : '', /no valid subnets available for ENI creation/);
  });

  it('discovery off and the primary subnet tagged 0: no ENI either', () => {
    const r = select({ [ROLE]: '0' }, [], { subnetDiscovery: false });
    assert.match(
      !r.ok ? r.log : '',
      /tagged with kubernetes\.io\/role\/cni=0 and subnet discovery is disabled/,
    );
  });
});

describe('subnet discovery: earlier CNI versions', () => {
  it('1.18 to 1.21: any subnet carrying the tag key, whatever its value; the primary always', () => {
    assert.deepEqual(
      select({ [ROLE]: '0' }, [subnet('subnet-off', 8000, { [ROLE]: '0' }), subnet('subnet-none', 9000)], {
        cniVersion: 'v1.19.2-eksbuild.1',
      }),
      ok('subnet-off', 'subnet-node'),
    );
  });

  it('1.18 to 1.21: cluster tags are not known', () => {
    assert.deepEqual(
      select({}, [subnet('subnet-pods', 8000, { [ROLE]: '1', [`${SCOPE}other`]: '1' })], {
        cniVersion: 'v1.18.6-eksbuild.1',
        clusterName: 'demo',
      }),
      ok('subnet-pods', 'subnet-node'),
    );
  });

  it('before 1.18: the primary subnet only, ENABLE_SUBNET_DISCOVERY or not', () => {
    assert.deepEqual(
      select({}, [subnet('subnet-pods', 8000, { [ROLE]: '1' })], { cniVersion: 'v1.15.1-eksbuild.1' }),
      ok('subnet-node'),
    );
  });

  it('the rules by version', () => {
    assert.equal(discoveryRules({ cniVersion: 'v1.17.9' }), 'none');
    assert.equal(discoveryRules({ cniVersion: 'v1.18.0' }), 'tag-key');
    assert.equal(discoveryRules({ cniVersion: 'v1.21.2-eksbuild.1' }), 'tag-key');
    assert.equal(discoveryRules({ cniVersion: 'v1.22.0' }), 'tag-value');
    assert.equal(discoveryRules({}), 'tag-value');
  });
});

describe('isSubnetExcluded (existing ENIs, at ipamd start)', () => {
  const cases: [string, Record<string, string>, string | undefined, boolean][] = [
    ['absent tag: existing ENIs keep serving', {}, 'demo', false],
    ['tag 1: serving', { [ROLE]: '1' }, 'demo', false],
    ['tag 0: no new pod addresses', { [ROLE]: '0' }, 'demo', true],
    ['tag 1 for another cluster only: excluded', { [ROLE]: '1', [`${SCOPE}other`]: 'shared' }, 'demo', true],
    ['tag 1 for this cluster: serving', { [ROLE]: '1', [`${SCOPE}demo`]: 'shared' }, 'demo', false],
    ['no CLUSTER_NAME: cluster tags ignored', { [ROLE]: '1', [`${SCOPE}other`]: 'shared' }, undefined, false],
  ];
  for (const [name, tags, cluster, expected] of cases)
    it(name, () => assert.equal(isSubnetExcluded(subnet('s', 1, tags), cluster), expected));
});
