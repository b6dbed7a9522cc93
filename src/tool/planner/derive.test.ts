import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planFromSnapshot } from './derive.js';
import { applyToSnapshot, exhaustedSnapshot, request } from './test-fixtures.js';
import type { Plan, StepOf } from './types.js';

const summary = (plan: Plan) => plan.steps.map((s) => `${s.action} ${s.id}`);
const step = (plan: Plan, id: string) => {
  const found = plan.steps.find((s) => s.id === id);
  assert.ok(found, `no step ${id} (${summary(plan).join(', ')})`);
  return found;
};

describe('derivePlan on the exhausted cluster', () => {
  const plan = planFromSnapshot(exhaustedSnapshot(), request({ rotation: 'replace' }));

  it('plans every step, in dependency order', () => {
    assert.deepEqual(summary(plan), [
      'create vpc-cidr',
      'create subnet:us-east-1a',
      'create subnet:us-east-1b',
      'create subnet:us-east-1c',
      'create route-table:us-east-1a',
      'create route-table:us-east-1b',
      'create route-table:us-east-1c',
      'no-op eniconfig-crd',
      'create eniconfig:us-east-1a',
      'create eniconfig:us-east-1b',
      'create eniconfig:us-east-1c',
      'update cni',
      'create nodegroup:ng-1-eks-cidr',
      'update drain:ng-1',
      'update delete-nodegroup:ng-1',
    ]);
    const ids = new Set<string>();
    for (const s of plan.steps) {
      for (const dep of s.dependsOn) assert.ok(ids.has(dep), `${s.id} depends on ${dep}, which comes later`);
      ids.add(s.id);
    }
  });

  it('resolves auto values: 100.64.0.0/16, three /18s, the cluster security group', () => {
    assert.equal(plan.request.cidr, '100.64.0.0/16');
    assert.equal(plan.request.cidrSource, 'auto');
    assert.equal(plan.request.subnetPrefix, 18);
    assert.deepEqual(plan.request.zones, ['us-east-1a', 'us-east-1b', 'us-east-1c']);
    assert.deepEqual(plan.request.zoneSubnets, {
      'us-east-1a': '100.64.0.0/18',
      'us-east-1b': '100.64.64.0/18',
      'us-east-1c': '100.64.128.0/18',
    });
    assert.deepEqual(plan.request.securityGroups, ['sg-0cluster00000000']);
  });

  it('tags new subnets with Name and the ownership tags', () => {
    const s = step(plan, 'subnet:us-east-1a') as StepOf<'create-subnet'>;
    assert.deepEqual(s.desired.tags, [
      { key: 'Name', value: 'eks-cidr-us-east-1a' },
      { key: 'eks-cidr.io/cluster', value: 'demo' },
      { key: 'eks-cidr.io/managed-by', value: 'eks-cidr' },
    ]);
    assert.equal(s.target.zoneId, 'use1-az1');
  });

  it("associates pod subnets with the node subnets' route table", () => {
    const s = step(plan, 'route-table:us-east-1b') as StepOf<'associate-route-table'>;
    assert.equal(s.desired.routeTableId, 'rtb-private');
    assert.equal(s.target.subnet.stepId, 'subnet:us-east-1b');
  });

  it('configures the managed add-on through configurationValues', () => {
    const s = step(plan, 'cni') as StepOf<'configure-cni'>;
    assert.equal(s.target.mode, 'managed-addon');
    assert.deepEqual(JSON.parse(s.desired.configurationValues ?? '{}'), {
      env: {
        AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true',
        ENI_CONFIG_LABEL_DEF: 'topology.kubernetes.io/zone',
      },
    });
    assert.ok(s.dependsOn.includes('eniconfig:us-east-1c'));
  });

  it('replaces the node group with custom-networking max-pods and ownership tags', () => {
    const s = step(plan, 'nodegroup:ng-1-eks-cidr') as StepOf<'create-nodegroup'>;
    assert.equal(s.desired.replaces, 'ng-1');
    assert.deepEqual(s.desired.maxPods, { via: 'eks-default', maxPods: 20 });
    assert.equal(s.desired.tags['eks-cidr.io/managed-by'], 'eks-cidr');
    assert.deepEqual(s.desired.subnets, ['subnet-node0', 'subnet-node1', 'subnet-node2']);
    const drain = step(plan, 'drain:ng-1') as StepOf<'drain-nodegroup'>;
    assert.equal(drain.desired.nodeNames.length, 3);
  });

  it('summarises capacity before and after', () => {
    assert.deepEqual(plan.summary.zones[0], {
      zone: 'us-east-1a',
      zoneId: 'use1-az1',
      podAddressesBefore: 2,
      podAddressesAfter: 16379,
      podSubnetCidr: '100.64.0.0/18',
    });
    assert.deepEqual(plan.summary.nodegroups, [
      {
        nodegroup: 'ng-1',
        instanceTypes: ['m5.large'],
        nodes: 3,
        maxPodsBefore: 29,
        maxPodsAfter: 20,
        rotate: true,
      },
    ]);
    assert.equal(plan.summary.totals.podAddressesAfter, 3 * 16379);
  });

  it('carries warnings, not errors', () => {
    assert.ok(plan.warnings.some((w) => w.code === 'W_CAPACITY_LOSS'));
    assert.ok(plan.warnings.some((w) => w.code === 'I_MANAGED_ADDON'));
    assert.ok(plan.warnings.every((w) => w.severity !== 'error'));
  });
});

describe('re-planning', () => {
  const snapshot = exhaustedSnapshot();
  const plan = planFromSnapshot(snapshot, request({ rotation: 'replace' }));

  it('after a complete apply, gives only no-ops with the same values', () => {
    const applied = applyToSnapshot(snapshot, plan);
    const again = planFromSnapshot(applied, request({ rotation: 'replace' }));
    assert.deepEqual(
      again.steps.filter((s) => s.action !== 'no-op').map((s) => s.id),
      [],
    );
    assert.equal(again.request.cidr, '100.64.0.0/16');
    assert.equal(again.request.cidrSource, 'existing');
    assert.deepEqual(again.request.zoneSubnets, plan.request.zoneSubnets);
    assert.ok(again.steps.some((s) => s.id === 'nodegroup:ng-1-eks-cidr'));
  });

  it('after every prefix of the apply, plans exactly the steps not yet done', () => {
    for (let done = 0; done <= plan.steps.length; done++) {
      const partial = applyToSnapshot(snapshot, plan, done);
      const again = planFromSnapshot(partial, request({ rotation: 'replace' }));
      const pending = again.steps.filter((s) => s.action !== 'no-op').map((s) => s.id);
      const expected = plan.steps
        .slice(done)
        .filter((s) => s.action !== 'no-op')
        .map((s) => s.id);
      assert.deepEqual(pending, expected, `after ${done} steps`);
    }
  });

  it('keeps an explicit --cidr that is already associated as a no-op', () => {
    const applied = applyToSnapshot(snapshot, plan);
    const again = planFromSnapshot(
      applied,
      request({ cidr: '100.64.0.0/16', subnetPrefix: '18', rotation: 'replace' }),
    );
    assert.ok(again.steps.every((s) => s.action === 'no-op'));
  });
});
