import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterSnapshot } from '../discover/snapshot.js';
import { planFromSnapshot } from './derive.js';
import { renderPlanText } from './render.js';
import { applyToSnapshot, exhaustedSnapshot, request, tagMap } from './test-fixtures.js';
import type { Plan } from './types.js';

const discovery = () => request({ mode: 'auto' });
const kinds = (plan: Plan) => [...new Set(plan.steps.map((s) => s.kind))];

function oldAddon(): ClusterSnapshot {
  const s = exhaustedSnapshot();
  if (s.cni.install === 'managed-addon') {
    s.cni.addonVersion = 'v1.15.1-eksbuild.1';
    s.cni.availableVersions = [
      { version: 'v1.19.2-eksbuild.1', default: true },
      { version: 'v1.15.1-eksbuild.1', default: false },
    ];
  }
  return s;
}

describe('subnet-discovery plan', () => {
  const plan = planFromSnapshot(exhaustedSnapshot(), discovery());

  it('carves tagged subnets with routes, and touches no ENIConfig and no node group', () => {
    assert.equal(plan.request.mode, 'subnet-discovery');
    assert.deepEqual(kinds(plan), [
      'associate-cidr',
      'create-subnet',
      'associate-route-table',
      'configure-cni',
    ]);
    for (const step of plan.steps) {
      if (step.kind !== 'create-subnet') continue;
      const tags = tagMap(step.desired.tags);
      assert.equal(tags['kubernetes.io/role/cni'], '1', 'tagged at creation');
      assert.equal(tags['eks-cidr.io/cluster'], 'demo');
      assert.equal(
        Object.keys(tags).some((k) => k.startsWith('cni.networking.k8s.aws/cluster/')),
        false,
      );
    }
    const cni = plan.steps.find((s) => s.kind === 'configure-cni');
    assert.equal(cni?.action, 'no-op', 'ENABLE_SUBNET_DISCOVERY defaults to true');
  });

  it('keeps max-pods and rotates nothing; pods gain the new subnets beside the node subnets', () => {
    for (const ng of plan.summary.nodegroups) {
      assert.equal(ng.maxPodsAfter, ng.maxPodsBefore);
      assert.equal(ng.rotate, false);
    }
    for (const z of plan.summary.zones) assert.ok(z.podAddressesAfter > z.podAddressesBefore);
  });

  it('says the CNI role needs ec2:DescribeSubnets', () => {
    assert.ok(
      plan.warnings.some(
        (w) => w.code === 'I_CNI_IAM_DESCRIBE_SUBNETS' && /ec2:DescribeSubnets/.test(w.message),
      ),
    );
  });

  it('prints the mode, the reason and what custom networking would cost', () => {
    const text = renderPlanText(plan, { color: false });
    assert.match(text, /mode subnet-discovery \(auto\): VPC CNI 1\.19\.2 has subnet discovery on/);
    assert.match(text, /instead: custom networking would replace every node and max-pods drops 29 -> 20/);
    assert.match(text, /kubernetes\.io\/role\/cni=1/);
  });

  it('re-plans to only no-ops once applied', () => {
    const again = planFromSnapshot(applyToSnapshot(exhaustedSnapshot(), plan), discovery());
    assert.equal(again.request.mode, 'subnet-discovery');
    assert.deepEqual(
      again.steps.filter((s) => s.action !== 'no-op').map((s) => s.id),
      [],
    );
  });

  it('adds the cluster-scoped tag when other EKS clusters share the VPC', () => {
    const s = exhaustedSnapshot();
    s.vpcClusters = ['other'];
    const shared = planFromSnapshot(s, discovery());
    const subnet = shared.steps.find((x) => x.kind === 'create-subnet');
    assert.equal(
      subnet?.kind === 'create-subnet' && tagMap(subnet.desired.tags)['cni.networking.k8s.aws/cluster/demo'],
      'shared',
    );
  });

  it('sets ENABLE_SUBNET_DISCOVERY=true through configurationValues where it was turned off', () => {
    const s = exhaustedSnapshot();
    if (s.cni.install === 'managed-addon')
      s.cni.configurationValues = '{"env":{"ENABLE_SUBNET_DISCOVERY":"false","WARM_IP_TARGET":"5"}}';
    const on = planFromSnapshot(s, request({ mode: 'subnet-discovery' }));
    const cni = on.steps.find((x) => x.kind === 'configure-cni');
    assert.equal(cni?.action, 'update');
    assert.deepEqual(
      JSON.parse(cni?.kind === 'configure-cni' ? (cni.desired.configurationValues ?? '') : ''),
      {
        env: { ENABLE_SUBNET_DISCOVERY: 'true', WARM_IP_TARGET: '5' },
      },
    );
  });

  it('tags a pod subnet eks-cidr made earlier without the discovery tag', () => {
    const custom = planFromSnapshot(exhaustedSnapshot(), request());
    const s = applyToSnapshot(
      exhaustedSnapshot(),
      custom,
      custom.steps.findIndex((x) => x.kind === 'check-eniconfig-crd'),
    );
    const later = planFromSnapshot(s, request({ mode: 'subnet-discovery' }));
    const tagging = later.steps.filter((x) => x.kind === 'tag-subnet');
    assert.equal(tagging.length, 3);
    assert.ok(
      tagging.every((x) => x.kind === 'tag-subnet' && x.desired.tags[0]?.key === 'kubernetes.io/role/cni'),
    );
  });
});

describe('subnet-discovery plan on a vpc-cni add-on older than 1.18', () => {
  const plan = planFromSnapshot(oldAddon(), discovery());

  it('moves the add-on to a version with discovery after the network, before the CNI settings', () => {
    const update = plan.steps.find((s) => s.kind === 'update-addon-version');
    assert.ok(update && update.kind === 'update-addon-version');
    assert.equal(update.desired.addonVersion, 'v1.19.2-eksbuild.1');
    assert.equal(update.current?.addonVersion, 'v1.15.1-eksbuild.1');
    assert.ok(update.dependsOn.includes('route-table:us-east-1a'));
    const cni = plan.steps.find((s) => s.kind === 'configure-cni');
    assert.ok(cni?.dependsOn.includes(update.id));
    assert.match(
      renderPlanText(plan, { color: false }),
      /vpc-cni add-on v1\.15\.1-eksbuild\.1 -> v1\.19\.2-eksbuild\.1/,
    );
  });

  it('re-plans to only no-ops once applied', () => {
    const again = planFromSnapshot(applyToSnapshot(oldAddon(), plan), discovery());
    assert.equal(again.request.mode, 'subnet-discovery');
    assert.deepEqual(
      again.steps.filter((s) => s.action !== 'no-op').map((s) => s.id),
      [],
    );
  });
});

describe('--mode custom-networking', () => {
  it('is the plan eks-cidr made before modes: ENIConfigs, CNI settings and rotation', () => {
    const plan = planFromSnapshot(
      exhaustedSnapshot(),
      request({ mode: 'custom-networking', rotation: 'replace' }),
    );
    assert.deepEqual(kinds(plan), [
      'associate-cidr',
      'create-subnet',
      'associate-route-table',
      'check-eniconfig-crd',
      'apply-eniconfig',
      'configure-cni',
      'create-nodegroup',
      'drain-nodegroup',
      'delete-nodegroup',
    ]);
    for (const step of plan.steps) {
      if (step.kind === 'create-subnet')
        assert.equal(tagMap(step.desired.tags)['kubernetes.io/role/cni'], undefined);
    }
  });
});
