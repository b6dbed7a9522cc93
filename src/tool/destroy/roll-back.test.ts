import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SnapshotNodegroup } from '../discover/snapshot.js';
import { rollVersionDescription } from '../planner/steps-rolling.js';
import type { LaunchTemplateVersionInfo } from '../steps/ports.js';
import { computeDestroy } from './compute.js';
import { findRolled, rollBackSteps } from './roll-back.js';

function group(version: string, status = 'ACTIVE'): SnapshotNodegroup {
  return {
    name: 'demo-nodes',
    status,
    instanceTypes: ['m5.large'],
    subnets: [],
    nodeRole: 'arn:aws:iam::123456789012:role/node',
    scaling: { minSize: 3, maxSize: 6, desiredSize: 4 },
    labels: {},
    taints: [],
    tags: { environment: 'demo' },
    launchTemplate: { id: 'lt-1', name: 'demo-nodes-lt', version },
  };
}

const v = (version: number, description?: string): LaunchTemplateVersionInfo => ({
  launchTemplateId: 'lt-1',
  version,
  description,
});

describe('findRolled: node groups eks-cidr rolled in place', () => {
  it('a group on the version a roll made goes back to the version it names', () => {
    const versions = [
      v(1, 'demo nodes'),
      v(2, 'by hand'),
      v(3, rollVersionDescription('demo-nodes', 20, '2')),
    ];
    const r = findRolled(group('3'), versions);
    assert.deepEqual(
      { current: r?.currentVersion, from: r?.fromVersion, ours: r?.eksCidrVersion },
      { current: '3', from: '2', ours: '3' },
    );
  });

  it('a version create-nodegroup made (no source version), or a group still CREATING, is no roll', () => {
    const versions = [v(1, 'demo nodes'), v(2, 'eks-cidr: max-pods 29 for demo-nodes')];
    assert.equal(findRolled(group('2'), versions), undefined);
    const rolled = [v(1, 'demo nodes'), v(2, rollVersionDescription('demo-nodes', 20, '1'))];
    assert.equal(findRolled(group('2', 'CREATING'), rolled), undefined);
  });

  it("a version another group's roll made, or the user's own, is not this group's roll", () => {
    assert.equal(findRolled(group('2'), [v(1), v(2, rollVersionDescription('other', 20, '1'))]), undefined);
    assert.equal(findRolled(group('2'), [v(1), v(2, 'eks-cidr was here')]), undefined);
    assert.equal(findRolled({ ...group('1'), launchTemplate: undefined }, [v(1)]), undefined);
  });

  it('rolled back already: nothing; a roll-back still in flight (UPDATING): waited for', () => {
    const versions = [v(1, 'demo nodes'), v(2, rollVersionDescription('demo-nodes', 20, '1'))];
    assert.equal(findRolled(group('1'), versions), undefined);
    const inFlight = findRolled(group('1', 'UPDATING'), versions);
    assert.deepEqual([inFlight?.currentVersion, inFlight?.fromVersion], ['1', '1']);
  });
});

describe('rollBackSteps', () => {
  it('one roll-nodegroup step per group onto the version to go back to, after the CNI is reverted', () => {
    const versions = [v(1, 'demo nodes'), v(2, rollVersionDescription('demo-nodes', 20, '1'))];
    const [step] = rollBackSteps('demo', [findRolled(group('2'), versions)!]);
    assert.equal(step?.id, 'roll-back:demo-nodes');
    assert.deepEqual(step?.dependsOn, ['revert-cni']);
    assert.equal(step?.target.nodegroupName, 'demo-nodes', 'the group keeps its name');
    assert.equal(step?.desired.toVersion, '1');
    assert.equal(step?.desired.maxPods.maxPods, 29, 'm5.large in default networking');
    assert.deepEqual(step?.desired.scaling, { minSize: 3, maxSize: 6, desiredSize: 4 }, 'size unchanged');
    assert.equal(step?.desired.force, false, 'PodDisruptionBudgets honoured');
  });
});

describe('computeDestroy with a rolled group', () => {
  const snapshot = () => {
    const ng = group('2');
    return {
      ng,
      s: {
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
          cidrAssociations: [{ associationId: 'a-1', cidr: '10.0.0.0/16', state: 'associated' }],
        },
        subnets: [
          {
            subnetId: 'subnet-pod',
            vpcId: 'vpc-1',
            cidr: '10.0.64.0/19',
            zone: 'us-east-1a',
            availableIpAddressCount: 1,
            tags: [
              { key: 'eks-cidr.io/cluster', value: 'demo' },
              { key: 'eks-cidr.io/managed-by', value: 'eks-cidr' },
            ],
          },
        ],
        routeTables: [],
        zones: [],
        securityGroupIds: [],
        nodegroups: [ng],
        fargateProfiles: [],
        cni: { install: 'self-managed' as const, env: { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' } },
        kube: {
          nodes: [
            { name: 'n1', instanceId: 'i-01', nodegroup: 'demo-nodes', labels: {}, unschedulable: false },
          ],
          pods: [],
          eniConfigs: [],
          eniConfigCrd: { present: true, versions: ['v1alpha1'] },
        },
      },
    };
  };
  const eni = {
    networkInterfaceId: 'eni-1',
    subnetId: 'subnet-pod',
    status: 'in-use',
    interfaceType: 'interface',
    description: '',
    requesterManaged: false,
    instanceId: 'i-01',
  };

  it("its nodes' interfaces in the pod subnets need the roll-back (--force), not a blocker", () => {
    const { ng, s } = snapshot();
    const rolled = findRolled(ng, [v(1), v(2, rollVersionDescription('demo-nodes', 20, '1'))])!;
    const without = computeDestroy(s, [eni]);
    assert.match(without.blockers.map((b) => b.what).join('\n'), /node group demo-nodes/);
    const plan = computeDestroy(s, [eni], undefined, [rolled]);
    assert.deepEqual(plan.blockers, []);
    assert.equal(plan.needsRotation, true);
    assert.deepEqual(
      plan.rolledNodegroups.map((r) => r.nodegroup.name),
      ['demo-nodes'],
    );
    assert.match(
      plan.kept.join('\n'),
      /demo-nodes: not created by eks-cidr .*delete-launch-template-versions/,
    );
  });
});
