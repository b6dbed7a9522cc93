import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planFromSnapshot } from './derive.js';
import { amiFamilyOf, maxPodsSetting, userDataMaxPods } from './nodegroups.js';
import { applyToSnapshot, exhaustedSnapshot, request } from './test-fixtures.js';
import { cniOf } from '../discover/discover.js';
import type { Plan, StepOf } from './types.js';
import type { SnapshotNodegroup } from '../discover/snapshot.js';

const byId = (plan: Plan, id: string) => plan.steps.find((s) => s.id === id);

describe('CNI step', () => {
  it('patches a self-managed aws-node DaemonSet, and is a no-op once it runs custom networking', () => {
    const s = exhaustedSnapshot();
    s.cni = {
      install: 'self-managed',
      image: 'x/amazon-k8s-cni:v1.18.3',
      env: { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'false' },
    };
    const plan = planFromSnapshot(s, request());
    const cni = byId(plan, 'cni') as StepOf<'configure-cni'>;
    assert.equal(cni.action, 'update');
    assert.deepEqual(cni.target, { mode: 'self-managed', namespace: 'kube-system', daemonSet: 'aws-node' });
    assert.deepEqual(cni.current?.env, { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'false' });
    s.cni.env = {
      AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true',
      ENI_CONFIG_LABEL_DEF: 'topology.kubernetes.io/zone',
    };
    assert.equal(byId(planFromSnapshot(s, request()), 'cni')?.action, 'no-op');
  });

  it('merges into the add-on configurationValues the user already has (JSON or YAML)', () => {
    const s = exhaustedSnapshot();
    if (s.cni.install !== 'managed-addon') throw new Error('fixture');
    s.cni.configurationValues =
      'env:\n  WARM_IP_TARGET: "5"\ninit:\n  env:\n    DISABLE_TCP_EARLY_DEMUX: "true"\n';
    const cni = byId(planFromSnapshot(s, request()), 'cni') as StepOf<'configure-cni'>;
    assert.deepEqual(JSON.parse(cni.desired.configurationValues ?? ''), {
      env: {
        WARM_IP_TARGET: '5',
        AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true',
        ENI_CONFIG_LABEL_DEF: 'topology.kubernetes.io/zone',
      },
      init: { env: { DISABLE_TCP_EARLY_DEMUX: 'true' } },
    });
  });

  it('treats the add-on as the install even when aws-node was patched by hand, and warns', () => {
    const s = exhaustedSnapshot();
    s.cni.env.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG = 'true';
    const plan = planFromSnapshot(s, request());
    assert.equal(byId(plan, 'cni')?.action, 'update');
    assert.ok(plan.warnings.some((w) => w.code === 'W_ADDON_DRIFT'));
  });
});

describe('updates of what exists but differs', () => {
  const base = exhaustedSnapshot();
  const applied = applyToSnapshot(base, planFromSnapshot(base, request()));

  it('an ENIConfig with other security groups is updated', () => {
    const s = structuredClone(applied);
    const e = s.kube.eniConfigs.find((x) => x.name === 'us-east-1b');
    if (e) e.securityGroups = ['sg-0other0000000000'];
    const step = byId(planFromSnapshot(s, request()), 'eniconfig:us-east-1b') as StepOf<'apply-eniconfig'>;
    assert.equal(step.action, 'update');
    assert.deepEqual(step.current?.securityGroups, ['sg-0other0000000000']);
  });

  it('a pod subnet on another route table is moved (ReplaceRouteTableAssociation)', () => {
    const s = structuredClone(applied);
    const podSubnet = s.subnets.find((x) => x.subnetId === 'subnet-pod-us-east-1a');
    for (const t of s.routeTables)
      t.associations = t.associations.filter((a) => a.subnetId !== podSubnet?.subnetId);
    s.routeTables.push({
      routeTableId: 'rtb-other',
      main: false,
      associations: [{ associationId: 'rtbassoc-x', subnetId: podSubnet?.subnetId, main: false }],
      routes: [],
    });
    const step = byId(
      planFromSnapshot(s, request()),
      'route-table:us-east-1a',
    ) as StepOf<'associate-route-table'>;
    assert.equal(step.action, 'update');
    assert.deepEqual(step.current, { routeTableId: 'rtb-other', associationId: 'rtbassoc-x', main: false });
    assert.equal(step.desired.routeTableId, 'rtb-private');
  });

  it('a missing ENIConfig CRD is created', () => {
    const s = structuredClone(base);
    s.kube.eniConfigCrd = { present: false, versions: [] };
    assert.equal(byId(planFromSnapshot(s, request()), 'eniconfig-crd')?.action, 'create');
  });
});

describe('node-group max-pods settings', () => {
  const ng = (over: Partial<SnapshotNodegroup>): SnapshotNodegroup => ({
    ...exhaustedSnapshot().nodegroups[0]!,
    ...over,
  });

  it('lets EKS compute max-pods unless the launch template names an AMI', () => {
    assert.deepEqual(maxPodsSetting(ng({}), 20), { via: 'eks-default', maxPods: 20 });
    const custom = ng({
      amiType: 'CUSTOM',
      launchTemplate: {
        id: 'lt-1',
        version: '3',
        imageId: 'ami-1',
        userData: '#!/bin/bash\n/etc/eks/bootstrap.sh demo\n',
      },
    });
    assert.deepEqual(maxPodsSetting(custom, 20), {
      via: 'launch-template',
      maxPods: 20,
      amiFamily: 'AL2',
      launchTemplate: { id: 'lt-1', name: undefined, version: '3' },
    });
  });

  it('reads the AMI family and max-pods from user data', () => {
    assert.equal(amiFamilyOf(ng({ amiType: 'AL2_x86_64' })), 'AL2');
    assert.equal(amiFamilyOf(ng({ amiType: 'BOTTLEROCKET_x86_64' })), 'Bottlerocket');
    assert.equal(
      amiFamilyOf(
        ng({
          amiType: 'CUSTOM',
          launchTemplate: {
            id: 'l',
            version: '1',
            userData: 'apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\n',
          },
        }),
      ),
      'AL2023',
    );
    assert.equal(
      userDataMaxPods("/etc/eks/bootstrap.sh demo --use-max-pods false --kubelet-extra-args '--max-pods=17'"),
      17,
    );
    assert.equal(userDataMaxPods('spec:\n  kubelet:\n    config:\n      maxPods: 42\n'), 42);
    assert.equal(userDataMaxPods('#!/bin/bash\n'), undefined);
  });
});

describe('cniOf', () => {
  it('prefers the managed add-on, else the DaemonSet, else absent', () => {
    assert.equal(
      cniOf({ addonVersion: 'v1.19.2-eksbuild.1' }, { image: 'i', env: {} }).install,
      'managed-addon',
    );
    assert.equal(cniOf(undefined, { image: 'i', env: { A: 'b' } }).install, 'self-managed');
    assert.equal(cniOf(undefined, undefined).install, 'absent');
  });
});
