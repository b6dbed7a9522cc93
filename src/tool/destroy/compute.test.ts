import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeDestroy } from './compute.js';
import type { ClusterSnapshot } from '../discover/snapshot.js';
import type { NetworkInterfaceInfo } from '../steps/ports.js';

const owned = [
  { key: 'eks-cidr.io/cluster', value: 'demo' },
  { key: 'eks-cidr.io/managed-by', value: 'eks-cidr' },
];

function snapshot(over: Partial<ClusterSnapshot> = {}): ClusterSnapshot {
  return {
    region: 'us-east-1',
    cluster: {
      name: 'demo',
      version: '1.30',
      status: 'ACTIVE',
      endpoint: 'https://x',
      vpcId: 'vpc-1',
      subnetIds: [],
      securityGroupIds: [],
    },
    vpc: {
      vpcId: 'vpc-1',
      tags: [{ key: 'eks-cidr.io/cidr-block/100.64.0.0/16', value: 'demo a-pods' }],
      cidrAssociations: [
        { associationId: 'a-primary', cidr: '10.0.0.0/16', state: 'associated' },
        { associationId: 'a-pods', cidr: '100.64.0.0/16', state: 'associated' },
      ],
    },
    subnets: [
      {
        subnetId: 'subnet-node',
        vpcId: 'vpc-1',
        cidr: '10.0.0.0/24',
        zone: 'us-east-1a',
        availableIpAddressCount: 1,
        tags: [],
      },
      {
        subnetId: 'subnet-pod',
        vpcId: 'vpc-1',
        cidr: '100.64.0.0/17',
        zone: 'us-east-1a',
        availableIpAddressCount: 1,
        tags: owned,
      },
    ],
    routeTables: [
      {
        routeTableId: 'rtb-1',
        main: false,
        routes: [],
        associations: [
          { associationId: 'ra-node', subnetId: 'subnet-node', main: false },
          { associationId: 'ra-pod', subnetId: 'subnet-pod', main: false },
        ],
      },
    ],
    zones: [],
    securityGroupIds: [],
    nodegroups: [],
    fargateProfiles: [],
    cni: { install: 'self-managed', env: { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' } },
    kube: {
      nodes: [],
      pods: [],
      eniConfigs: [
        {
          name: 'us-east-1a',
          subnet: 'subnet-pod',
          securityGroups: [],
          labels: { 'eks-cidr.io/cluster': 'demo', 'eks-cidr.io/managed-by': 'eks-cidr' },
        },
        { name: 'mine', subnet: 'subnet-node', securityGroups: [], labels: {} },
      ],
      eniConfigCrd: { present: true, versions: ['v1alpha1'] },
    },
    ...over,
  };
}

describe('computeDestroy', () => {
  it('undoes only owned resources, in reverse order', () => {
    const plan = computeDestroy(snapshot());
    assert.deepEqual(
      plan.actions.map(
        (a) =>
          a.kind +
          ':' +
          ('name' in a ? a.name : 'associationId' in a ? a.associationId : 'subnetId' in a ? a.subnetId : ''),
      ),
      [
        'revert-cni:',
        'delete-eniconfig:us-east-1a',
        'disassociate-route-table:ra-pod',
        'delete-subnet:subnet-pod',
        'disassociate-cidr:a-pods',
      ],
    );
    assert.ok(plan.kept.some((k) => /ENIConfig mine/.test(k)));
  });

  it('keeps a CIDR block that also holds a foreign subnet, and reports pods in the pod subnets', () => {
    const s = snapshot();
    s.subnets.push({
      subnetId: 'subnet-foreign',
      vpcId: 'vpc-1',
      cidr: '100.64.128.0/24',
      zone: 'us-east-1a',
      availableIpAddressCount: 1,
      tags: [],
    });
    s.kube.pods.push({
      namespace: 'default',
      name: 'web',
      podIP: '100.64.0.9',
      hostNetwork: false,
      phase: 'Running',
    });
    const plan = computeDestroy(s);
    assert.ok(!plan.actions.some((a) => a.kind === 'disassociate-cidr'));
    assert.ok(!plan.actions.some((a) => a.kind === 'delete-subnet' && a.subnetId === 'subnet-foreign'));
    assert.ok(plan.kept.some((k) => /CIDR block 100.64.0.0\/16/.test(k)));
    assert.deepEqual(plan.podsInPodSubnets, ['default/web (100.64.0.9)']);
  });
});

describe('computeDestroy: CIDR block ownership', () => {
  it('keeps a block the VPC tag does not name (the user associated it), even when only our subnets are in it', () => {
    const s = snapshot();
    s.vpc.tags = [];
    const plan = computeDestroy(s);
    assert.ok(!plan.actions.some((a) => a.kind === 'disassociate-cidr'));
    assert.ok(plan.kept.some((k) => /CIDR block 100.64.0.0\/16: not associated by eks-cidr/.test(k)));
  });

  it('keeps a block whose tag names another association or another cluster', () => {
    for (const value of ['demo a-other', 'other a-pods']) {
      const s = snapshot();
      s.vpc.tags = [{ key: 'eks-cidr.io/cidr-block/100.64.0.0/16', value }];
      assert.ok(!computeDestroy(s).actions.some((a) => a.kind === 'disassociate-cidr'), value);
    }
  });

  it('releases a block tagged pending (a crash between the association and its record)', () => {
    const s = snapshot();
    s.vpc.tags = [{ key: 'eks-cidr.io/cidr-block/100.64.0.0/16', value: 'demo pending' }];
    assert.ok(computeDestroy(s).actions.some((a) => a.kind === 'disassociate-cidr'));
  });

  it('removes a tag whose block is gone (a crash between disassociation and untagging)', () => {
    const s = snapshot();
    s.vpc.cidrAssociations = s.vpc.cidrAssociations.slice(0, 1);
    s.subnets = s.subnets.slice(0, 1);
    const plan = computeDestroy(s);
    assert.deepEqual(
      plan.actions.filter((a) => a.kind === 'untag-vpc').map((a) => 'key' in a && a.key),
      ['eks-cidr.io/cidr-block/100.64.0.0/16'],
    );
  });
});

describe('computeDestroy: blockers', () => {
  const eni = (id: string, over: Partial<NetworkInterfaceInfo> = {}) => ({
    networkInterfaceId: id,
    subnetId: 'subnet-pod',
    status: 'in-use',
    interfaceType: 'interface',
    description: '',
    requesterManaged: false,
    ...over,
  });

  it('lists ENIs of other instances and endpoints as blockers; nodes of managed groups are replaced, ours rotated', () => {
    const s = snapshot();
    s.nodegroups = [
      { name: 'ours', tags: { 'eks-cidr.io/cluster': 'demo', 'eks-cidr.io/managed-by': 'eks-cidr' } },
      { name: 'extra', tags: {} },
    ] as unknown as ClusterSnapshot['nodegroups'];
    s.kube.nodes = [
      { name: 'n1', instanceId: 'i-01', nodegroup: 'ours', labels: {}, unschedulable: false },
      { name: 'n2', instanceId: 'i-02', nodegroup: 'extra', labels: {}, unschedulable: false },
      { name: 'n4', instanceId: 'i-04', nodegroup: 'gone', labels: {}, unschedulable: false },
    ];
    const plan = computeDestroy(s, [
      eni('eni-1', { instanceId: 'i-01' }),
      eni('eni-2', { instanceId: 'i-02' }),
      eni('eni-2b', { instanceId: 'i-02' }),
      eni('eni-3', { instanceId: 'i-03' }),
      eni('eni-4', { interfaceType: 'vpc_endpoint', requesterManaged: true, description: 'VPC Endpoint' }),
      eni('eni-5', { status: 'available', description: 'aws-K8S-i-09' }),
      eni('eni-6', { instanceId: 'i-04' }),
    ]);
    assert.equal(plan.needsRotation, true);
    assert.deepEqual(plan.foreignNodes, [{ nodegroup: 'extra', instanceId: 'i-02', nodeName: 'n2' }]);
    const what = plan.blockers.map((b) => b.what).join('\n');
    assert.doesNotMatch(what, /i-02/);
    assert.match(what, /nodes i-04 of gone \(not a managed node group\)/);
    assert.match(what, /instances i-03/);
    assert.match(what, /eni-4 .*vpc_endpoint/);
    assert.match(
      plan.blockers.map((b) => b.todo).join('\n'),
      /delete-network-interface --network-interface-id eni-5/,
    );
    assert.doesNotMatch(what, /i-01/);
  });
});

describe('computeDestroy: subnet discovery', () => {
  function discovery(): ClusterSnapshot {
    const s = snapshot({ cni: { install: 'self-managed', env: {} } });
    s.kube.eniConfigs = [];
    s.subnets[1]!.tags = [...owned, { key: 'kubernetes.io/role/cni', value: '1' }];
    s.nodegroups = [{ name: 'demo-nodes', tags: {} }] as unknown as ClusterSnapshot['nodegroups'];
    s.kube.nodes = [
      { name: 'n1', instanceId: 'i-01', nodegroup: 'demo-nodes', labels: {}, unschedulable: false },
      { name: 'n2', instanceId: 'i-02', nodegroup: 'demo-nodes', labels: {}, unschedulable: false },
    ];
    return s;
  }

  it('tags the opted-in subnets 0 first and replaces the nodes holding interfaces there', () => {
    const s = discovery();
    s.kube.pods.push({
      namespace: 'default',
      name: 'web',
      nodeName: 'n2',
      podIP: '100.64.0.9',
      hostNetwork: false,
      phase: 'Running',
    });
    const plan = computeDestroy(s, [
      {
        networkInterfaceId: 'eni-1',
        subnetId: 'subnet-pod',
        status: 'in-use',
        interfaceType: 'interface',
        description: 'aws-K8S-i-02',
        instanceId: 'i-02',
        requesterManaged: false,
      },
    ]);
    assert.deepEqual(plan.discoverySubnets, ['subnet-pod']);
    assert.deepEqual(plan.podSubnetIds, ['subnet-pod']);
    assert.deepEqual(plan.foreignNodes, [{ nodegroup: 'demo-nodes', instanceId: 'i-02', nodeName: 'n2' }]);
    assert.deepEqual(plan.blockers, []);
    assert.ok(!plan.actions.some((a) => a.kind === 'revert-cni'), 'no custom networking to turn off');
    assert.deepEqual(
      plan.actions.map((a) => a.kind),
      ['disassociate-route-table', 'delete-subnet', 'disassociate-cidr'],
    );
  });

  it('removes the key instead where the VPC CNI (1.18 to 1.21) reads only the key, 0 included', () => {
    const s = discovery();
    s.cni = { install: 'self-managed', image: 'amazon-k8s-cni:v1.19.2-eksbuild.1', env: {} };
    s.subnets[1]!.tags = [...owned, { key: 'kubernetes.io/role/cni', value: '0' }];
    const plan = computeDestroy(s);
    assert.equal(plan.discoveryOff, 'remove-tag');
    assert.deepEqual(plan.discoverySubnets, ['subnet-pod']);
    s.cni = { install: 'self-managed', image: 'amazon-k8s-cni:v1.22.0-eksbuild.1', env: {} };
    assert.equal(computeDestroy(s).discoveryOff, 'tag-0');
  });

  it('does not tag a subnet already tagged 0, nor one not opted in', () => {
    const s = discovery();
    s.subnets[1]!.tags = [...owned, { key: 'kubernetes.io/role/cni', value: '0' }];
    assert.deepEqual(computeDestroy(s).discoverySubnets, []);
    s.subnets[1]!.tags = [...owned];
    assert.deepEqual(computeDestroy(s).discoverySubnets, []);
  });
});
