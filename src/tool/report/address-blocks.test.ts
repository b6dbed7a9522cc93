import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { podAddressesByBlock } from './address-blocks.js';
import { buildReport, formatReport } from './build-report.js';
import type { NodeInfo, PodInfo } from '../steps/ports.js';

const node = (name: string, zone: string): NodeInfo => ({
  name,
  labels: { 'topology.kubernetes.io/zone': zone },
  unschedulable: false,
  ready: true,
});
const pod = (
  name: string,
  nodeName: string,
  podIp: string | undefined,
  extra: Partial<PodInfo> = {},
): PodInfo => ({
  namespace: 'default',
  name,
  nodeName,
  phase: 'Running',
  podIp,
  hostNetwork: false,
  ownerKinds: ['ReplicaSet'],
  labels: {},
  mirror: false,
  deleting: false,
  ...extra,
});

const BLOCKS = ['10.0.0.0/16', '100.64.0.0/16'];
const NODES = [node('a1', 'us-east-1a'), node('b1', 'us-east-1b')];
const PODS = [
  pod('p1', 'a1', '10.0.1.20'),
  pod('p2', 'a1', '100.64.0.9'),
  pod('p3', 'a1', '100.64.0.10'),
  pod('p4', 'b1', '10.0.2.20'),
  pod('host', 'b1', '10.0.2.5', { hostNetwork: true }),
  pod('waiting', 'b1', undefined, { phase: 'Pending' }),
];

describe('pod addresses by zone and block', () => {
  it('counts running pods with their own address per node zone and VPC block, primary block first', () => {
    assert.deepEqual(podAddressesByBlock(BLOCKS, NODES, PODS), [
      { zone: 'us-east-1a', block: '10.0.0.0/16', pods: 1 },
      { zone: 'us-east-1a', block: '100.64.0.0/16', pods: 2 },
      { zone: 'us-east-1b', block: '10.0.0.0/16', pods: 1 },
    ]);
  });

  it('is in the report, text and JSON, and tagged subnets count as pod subnets', () => {
    const report = buildReport({
      cluster: 'demo',
      clusterSubnetIds: [],
      subnets: [
        {
          subnetId: 'subnet-pod-a',
          vpcId: 'vpc-1',
          cidr: '100.64.0.0/18',
          zone: 'us-east-1a',
          availableIpAddressCount: 16000,
          tags: [{ key: 'kubernetes.io/role/cni', value: '1' }],
        },
      ],
      nodegroups: [],
      nodes: NODES,
      pods: PODS,
      eniConfigs: [],
      vpcBlocks: BLOCKS,
    });
    assert.equal(report.subnets[0]?.role, 'pod');
    assert.equal(report.podAddressesByBlock?.length, 3);
    assert.match(
      formatReport(report),
      /pod addresses by zone and block:\n +ZONE +BLOCK +PODS\n +us-east-1a +10\.0\.0\.0\/16 +1/,
    );
  });
});
