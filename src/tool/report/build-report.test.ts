import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildReport, formatReport } from './build-report.js';

describe('report', () => {
  it('computes subnet usage, node group density and warns over 80%', () => {
    const report = buildReport({
      cluster: 'demo',
      clusterSubnetIds: [],
      subnets: [
        {
          subnetId: 'subnet-node',
          vpcId: 'v',
          cidr: '10.0.0.0/24',
          zone: 'us-east-1a',
          availableIpAddressCount: 11,
          tags: [],
        },
        {
          subnetId: 'subnet-pod',
          vpcId: 'v',
          cidr: '100.64.0.0/19',
          zone: 'us-east-1a',
          availableIpAddressCount: 8087,
          tags: [],
        },
        {
          subnetId: 'subnet-other',
          vpcId: 'v',
          cidr: '10.0.9.0/24',
          zone: 'us-east-1a',
          availableIpAddressCount: 251,
          tags: [],
        },
      ],
      nodegroups: [
        {
          name: 'ng',
          status: 'ACTIVE',
          instanceTypes: [],
          subnets: ['subnet-node'],
          desiredSize: 1,
          tags: {},
          labels: {},
        },
      ],
      nodes: [
        {
          name: 'n1',
          labels: { 'eks.amazonaws.com/nodegroup': 'ng' },
          unschedulable: false,
          ready: true,
          allocatablePods: 20,
        },
      ],
      pods: [
        {
          namespace: 'a',
          name: 'p',
          nodeName: 'n1',
          phase: 'Running',
          hostNetwork: false,
          ownerKinds: [],
          labels: {},
          mirror: false,
          deleting: false,
        },
      ],
      eniConfigs: [{ name: 'us-east-1a', labels: {}, subnet: 'subnet-pod', securityGroups: [] }],
    });
    assert.deepEqual(
      report.subnets.map((s) => [s.subnetId, s.role, s.usable, s.used, s.percentUsed]),
      [
        ['subnet-node', 'node', 251, 240, 95.6],
        ['subnet-pod', 'pod', 8187, 100, 1.2],
      ],
    );
    assert.deepEqual(report.nodegroups, [{ nodegroup: 'ng', nodes: 1, maxPods: [20], pods: 1 }]);
    assert.equal(report.warnings.length, 1);
    assert.match(report.warnings[0]!, /subnet-node .* 95.6% used: 11 address/);
    assert.match(
      formatReport(report),
      /subnet-pod\s+pod\s+us-east-1a\s+100.64.0.0\/19\s+8187\s+100\s+8087\s+1.2%/,
    );
  });
});
