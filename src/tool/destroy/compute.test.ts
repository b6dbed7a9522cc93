import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeDestroy } from './compute.js';
import type { ClusterSnapshot } from '../discover/snapshot.js';

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
      tags: [],
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
