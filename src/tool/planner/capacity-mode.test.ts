import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterSnapshot } from '../discover/snapshot.js';
import { capacityModel, cniAddressMode, targetAddressMode } from './capacity-model.js';
import type { AddressMode } from './capacity-types.js';
import type { NetworkingMode } from './types.js';
import { exhaustedSnapshot } from './test-fixtures.js';

/** The exhausted cluster with the CNI env given (on the DaemonSet, or in the add-on's values). */
function withCni(env: Record<string, string>, where: 'daemonset' | 'addon-values' = 'daemonset') {
  const s = exhaustedSnapshot();
  if (where === 'daemonset') Object.assign(s.cni.env, env);
  else if (s.cni.install === 'managed-addon') s.cni.configurationValues = JSON.stringify({ env });
  return s;
}

describe('targetAddressMode maps every mode the planner resolves', () => {
  const PD_ON = { ENABLE_PREFIX_DELEGATION: 'true' };
  const cases: {
    name: string;
    snapshot: () => ClusterSnapshot;
    mode: NetworkingMode | 'auto' | undefined;
    prefixDelegation: 'on' | 'off' | 'keep' | undefined;
    want: AddressMode;
  }[] = [
    {
      name: 'subnet discovery, prefix delegation kept off',
      snapshot: () => withCni({}),
      mode: 'subnet-discovery',
      prefixDelegation: 'keep',
      want: { networking: 'subnet-discovery', prefixDelegation: false },
    },
    {
      name: 'subnet discovery with --prefix-delegation on',
      snapshot: () => withCni({}),
      mode: 'subnet-discovery',
      prefixDelegation: 'on',
      want: { networking: 'subnet-discovery', prefixDelegation: true },
    },
    {
      name: 'subnet discovery keeps prefix delegation the CNI runs with',
      snapshot: () => withCni(PD_ON),
      mode: 'subnet-discovery',
      prefixDelegation: 'keep',
      want: { networking: 'subnet-discovery', prefixDelegation: true },
    },
    {
      name: 'custom networking, prefix delegation kept off',
      snapshot: () => withCni({}),
      mode: 'custom-networking',
      prefixDelegation: undefined,
      want: { networking: 'custom-networking', prefixDelegation: false },
    },
    {
      name: 'custom networking with --prefix-delegation off on a cluster running it',
      snapshot: () => withCni(PD_ON),
      mode: 'custom-networking',
      prefixDelegation: 'off',
      want: { networking: 'custom-networking', prefixDelegation: false },
    },
    {
      name: "custom networking keeps prefix delegation set in the add-on's configurationValues",
      snapshot: () => withCni(PD_ON, 'addon-values'),
      mode: 'custom-networking',
      prefixDelegation: 'keep',
      want: { networking: 'custom-networking', prefixDelegation: true },
    },
    {
      name: 'no decision (auto unresolved): what the CNI runs now, not custom networking by default',
      snapshot: () => withCni({}),
      mode: 'auto',
      prefixDelegation: 'keep',
      want: { networking: 'standard', prefixDelegation: false },
    },
    {
      name: 'no decision on a cluster whose add-on values turn custom networking on',
      snapshot: () => withCni({ AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' }, 'addon-values'),
      mode: undefined,
      prefixDelegation: undefined,
      want: { networking: 'custom-networking', prefixDelegation: false },
    },
  ];
  for (const c of cases) {
    it(c.name, () =>
      assert.deepEqual(
        targetAddressMode(c.snapshot(), { mode: c.mode, prefixDelegation: c.prefixDelegation }),
        c.want,
      ),
    );
  }
});

describe('cniAddressMode reads the env the CNI runs with', () => {
  it("the managed add-on's configurationValues win over the DaemonSet's env", () => {
    const s = withCni(
      { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true', ENABLE_PREFIX_DELEGATION: 'true' },
      'addon-values',
    );
    assert.equal(s.cni.env.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG, 'false');
    assert.deepEqual(cniAddressMode(s), { networking: 'custom-networking', prefixDelegation: true });
  });
});

describe('the before side of a node group rotated for density only', () => {
  /** Custom networking already on and the pods in the pod block: a prefix delegation change rotates. */
  function customNetworkingCluster(): ClusterSnapshot {
    const s = withCni({ AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' });
    for (const [i, p] of s.kube.pods.entries()) if (!p.hostNetwork) p.podIP = `100.64.${i}.20`;
    return s;
  }
  const rotate = new Map([['ng-1', { rotate: true }]]);

  it('nodes already in custom networking count as custom networking before', () => {
    const model = capacityModel({
      snapshot: customNetworkingCluster(),
      steps: [],
      targetMode: { networking: 'custom-networking', prefixDelegation: true },
      after: rotate,
    });
    for (const row of model.rows) {
      assert.equal(row.before.addressMode.networking, 'custom-networking');
      assert.equal(row.before.podAddressesPerNode, 18);
      assert.equal(row.after.addressMode.prefixDelegation, true);
    }
  });

  it('nodes whose pods still take node-subnet addresses count as standard before', () => {
    const s = withCni({ AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' });
    const model = capacityModel({
      snapshot: s,
      steps: [],
      targetMode: { networking: 'custom-networking', prefixDelegation: false },
      after: rotate,
    });
    for (const row of model.rows) {
      assert.equal(row.before.addressMode.networking, 'standard');
      assert.equal(row.before.podAddressesPerNode, 27);
    }
  });
});
