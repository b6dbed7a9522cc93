import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { snapshotProblems } from '../../shared/snapshot/schema.js';
import { anonymize } from './anonymize.js';
import { addressUse, isCniAnnotation, maxPodsPart, toSnapshotFile } from './reduce.js';
import type { ClusterSnapshot } from '../discover/snapshot.js';

const eni = (id: string, subnetId: string, ips: number, instanceId?: string, deviceIndex?: number) => ({
  networkInterfaceId: id,
  subnetId,
  description: '',
  instanceId,
  deviceIndex,
  groups: ['sg-0123456789abcdef0'],
  privateIps: Array.from({ length: ips }, (_, i) => `10.0.1.${i + 10}`),
  prefixes: [],
});

function cluster(): ClusterSnapshot {
  return {
    region: 'us-east-1',
    accountId: '123456789012',
    cluster: {
      name: 'payments',
      version: '1.31',
      status: 'ACTIVE',
      endpoint: 'https://example',
      vpcId: 'vpc-0123456789abcdef0',
      subnetIds: ['subnet-0123456789abcdef0'],
      clusterSecurityGroupId: 'sg-0123456789abcdef0',
      securityGroupIds: [],
    },
    vpc: {
      vpcId: 'vpc-0123456789abcdef0',
      cidrAssociations: [
        { associationId: 'vpc-cidr-assoc-0123456789abcdef0', cidr: '10.0.0.0/16', state: 'associated' },
      ],
      tags: [{ key: 'Name', value: 'payments-vpc' }],
    },
    subnets: [
      {
        subnetId: 'subnet-0123456789abcdef0',
        vpcId: 'vpc-0123456789abcdef0',
        cidr: '10.0.1.0/24',
        zone: 'us-east-1a',
        availableIpAddressCount: 200,
        tags: [{ key: 'kubernetes.io/cluster/payments', value: 'shared' }],
      },
    ],
    routeTables: [],
    zones: [],
    securityGroupIds: ['sg-0123456789abcdef0'],
    securityGroups: [
      { groupId: 'sg-0123456789abcdef0', groupName: 'eks-cluster-sg-payments', rules: [] },
      { groupId: 'sg-0fedcba9876543210', groupName: 'unrelated', rules: [] },
    ],
    networkInterfaces: [
      eni('eni-1', 'subnet-0123456789abcdef0', 10, 'i-0123456789abcdef0', 0),
      eni('eni-2', 'subnet-0123456789abcdef0', 30),
    ],
    nodegroups: [],
    fargateProfiles: [],
    cni: { install: 'self-managed', env: { ENI_CONFIG_ANNOTATION_DEF: 'example.com/eni' } },
    kube: {
      nodes: [
        {
          name: 'ip-10-0-1-10.ec2.internal',
          instanceId: 'i-0123456789abcdef0',
          labels: {},
          annotations: { 'example.com/eni': 'a', 'example.com/owner': 'secret', 'k8s.amazonaws.com/x': 'y' },
          unschedulable: false,
        },
      ],
      pods: [],
      eniConfigs: [],
      eniConfigCrd: { present: false, versions: [] },
    },
  };
}

describe('snapshot reduction', () => {
  it('reads only the max-pods part of user data', () => {
    assert.deepEqual(
      maxPodsPart(
        "#!/bin/bash\nTOKEN=abc\n/etc/eks/bootstrap.sh c --use-max-pods false --kubelet-extra-args '--max-pods=20'\n",
      ),
      { bootstrap: 'bootstrap.sh', maxPods: 20, useMaxPods: false },
    );
    assert.deepEqual(maxPodsPart('apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\n'), {
      bootstrap: 'nodeadm',
    });
    assert.deepEqual(maxPodsPart('echo hello'), { bootstrap: 'none' });
    assert.equal(maxPodsPart(undefined), undefined);
  });

  it('keeps only the CNI annotations', () => {
    const env = { ENI_CONFIG_ANNOTATION_DEF: 'example.com/eni' };
    assert.equal(isCniAnnotation('k8s.amazonaws.com/eniConfig', {}), true);
    assert.equal(isCniAnnotation('vpc.amazonaws.com/pod-eni', {}), true);
    assert.equal(isCniAnnotation('example.com/eni', env), true);
    assert.equal(isCniAnnotation('example.com/eni', {}), false);
    assert.equal(isCniAnnotation('kubectl.kubernetes.io/last-applied-configuration', env), false);
  });

  it("summarises ENIs per subnet (the cluster's share apart) and per node instance", () => {
    const cs = cluster();
    const use = addressUse(cs.networkInterfaces!, cs.kube.nodes);
    assert.deepEqual(use.subnets, [
      {
        subnetId: 'subnet-0123456789abcdef0',
        networkInterfaces: 2,
        addresses: 40,
        prefixes: 0,
        clusterAddresses: 10,
        clusterPrefixes: 0,
      },
    ]);
    assert.deepEqual(use.instances, [
      {
        instanceId: 'i-0123456789abcdef0',
        networkInterfaces: [
          {
            deviceIndex: 0,
            subnetId: 'subnet-0123456789abcdef0',
            primaryAddress: '10.0.1.10',
            addresses: 10,
            prefixes: 0,
          },
        ],
      },
    ]);
  });

  it('writes a valid file with the cluster groups only and no foreign annotation', () => {
    const file = toSnapshotFile(cluster(), '2026-01-01T00:00:00.000Z');
    assert.deepEqual(snapshotProblems(file), []);
    assert.deepEqual(
      file.securityGroups.map((g) => g.groupId),
      ['sg-0123456789abcdef0'],
    );
    assert.deepEqual(file.kube.nodes[0]?.annotations, { 'example.com/eni': 'a', 'k8s.amazonaws.com/x': 'y' });
  });

  it('anonymizes account, ids and names consistently, keeping CIDRs and zones', () => {
    const file = anonymize(toSnapshotFile(cluster(), '2026-01-01T00:00:00.000Z'));
    const text = JSON.stringify(file);
    assert.deepEqual(snapshotProblems(file), []);
    for (const real of [
      '123456789012',
      'payments',
      'vpc-0123456789abcdef0',
      'subnet-0123456789abcdef0',
      'i-0123456789abcdef0',
    ])
      assert.equal(text.includes(real), false, real);
    assert.equal(file.cluster.name, 'cluster-1');
    assert.equal(file.cluster.vpcId, file.vpc.vpcId);
    assert.equal(file.cluster.subnetIds[0], file.subnets[0]?.subnetId);
    assert.match(file.cluster.vpcId, /^vpc-[0-9a-f]{17}$/);
    assert.deepEqual(file.subnets[0]?.tags, [{ key: 'kubernetes.io/cluster/cluster-1', value: 'shared' }]);
    assert.equal(file.subnets[0]?.cidr, '10.0.1.0/24');
    assert.equal(file.kube.nodes[0]?.instanceId, file.addressUse.instances[0]?.instanceId);
  });

  it('refuses another version with a clear reason', () => {
    assert.deepEqual(snapshotProblems({ format: 'eks-cidr.snapshot', version: 2 }), [
      'version 2 is not supported (this eks-cidr reads version 1)',
    ]);
    assert.ok(snapshotProblems({}).length > 0);
  });
});
