import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterSnapshot } from '../discover/snapshot.js';
import { planFromSnapshot } from './derive.js';
import { chooseMode } from './mode.js';
import { validatePrefixDelegation } from './prefix-delegation.js';
import { exhaustedSnapshot, request } from './test-fixtures.js';
import type { PlanFlags } from '../config/load.js';

const OLD = 'v1.15.1-eksbuild.1';
const VERSIONS = [
  { version: 'v1.22.3-eksbuild.1', default: false },
  { version: 'v1.19.2-eksbuild.1', default: true },
  { version: 'v1.18.6-eksbuild.1', default: false },
  { version: OLD, default: false },
];

type Change = (s: ClusterSnapshot) => void;

const managedOld: Change = (s) => {
  if (s.cni.install !== 'managed-addon') return;
  s.cni.addonVersion = OLD;
  s.cni.image = `amazon-k8s-cni:${OLD}`;
  s.cni.availableVersions = VERSIONS;
};
const selfManaged =
  (tag: string): Change =>
  (s) => {
    s.cni = {
      install: 'self-managed',
      image: `602401143452.dkr.ecr.us-east-1.amazonaws.com/amazon-k8s-cni:${tag}`,
      env: {},
    };
  };
const customNetworkingOn: Change = (s) => {
  s.cni.env.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG = 'true';
};
const eniConfigs: Change = (s) => {
  s.kube.eniConfigs = [{ name: 'us-east-1a', subnet: 'subnet-x', securityGroups: [], labels: {} }];
};
const discoveryOff: Change = (s) => {
  s.cni.env.ENABLE_SUBNET_DISCOVERY = 'false';
};
const ipv6: Change = (s) => {
  s.cluster.ipFamily = 'ipv6';
};

function snapshot(...changes: Change[]): ClusterSnapshot {
  const s = exhaustedSnapshot();
  s.cluster.clusterSecurityGroupId = 'sg-0c1c2c3c4c5c6c7c8';
  s.securityGroupIds = ['sg-0c1c2c3c4c5c6c7c8', 'sg-0a1b2c3d4e5f60718'];
  for (const c of changes) c(s);
  return s;
}

const auto = (flags: Omit<PlanFlags, 'cluster'> = {}) => request({ mode: 'auto', ...flags });

interface Row {
  name: string;
  changes: Change[];
  flags?: Omit<PlanFlags, 'cluster'>;
  mode?: 'subnet-discovery' | 'custom-networking';
  reason?: RegExp;
  update?: string;
  error?: string;
}

// Every branch of the auto decision, then the explicit modes and their refusals.
const TABLE: Row[] = [
  {
    name: 'custom networking on',
    changes: [customNetworkingOn],
    mode: 'custom-networking',
    reason: /already runs with custom networking/,
  },
  {
    name: 'ENIConfigs in use',
    changes: [eniConfigs],
    mode: 'custom-networking',
    reason: /ENIConfigs are in use/,
  },
  {
    name: "--security-groups other than the nodes'",
    changes: [],
    flags: { securityGroups: 'sg-0a1b2c3d4e5f60718' },
    mode: 'custom-networking',
    reason: /only custom networking gives pods their own security groups/,
  },
  {
    name: "--security-groups naming the nodes' group",
    changes: [],
    flags: { securityGroups: 'sg-0c1c2c3c4c5c6c7c8' },
    mode: 'subnet-discovery',
  },
  {
    name: 'CNI 1.19 with discovery on',
    changes: [],
    mode: 'subnet-discovery',
    reason: /VPC CNI 1\.19\.2 has subnet discovery on/,
  },
  {
    name: 'CNI >= 1.18 with discovery turned off',
    changes: [discoveryOff],
    mode: 'custom-networking',
    reason: /ENABLE_SUBNET_DISCOVERY is false/,
  },
  {
    name: 'managed add-on 1.15 that can move to 1.19',
    changes: [managedOld],
    mode: 'subnet-discovery',
    reason: /can move to v1\.19\.2-eksbuild\.1/,
    update: 'v1.19.2-eksbuild.1',
  },
  {
    name: 'managed add-on 1.15 with no newer version offered',
    changes: [
      managedOld,
      (s) =>
        s.cni.install === 'managed-addon' && (s.cni.availableVersions = [{ version: OLD, default: true }]),
    ],
    mode: 'custom-networking',
    reason: /EKS offers no such vpc-cni version/,
  },
  {
    name: 'self-managed CNI 1.15',
    changes: [selfManaged('v1.15.1')],
    mode: 'custom-networking',
    reason: /self-managed aws-node DaemonSet runs 1\.15\.1/,
  },
  { name: 'self-managed CNI 1.18', changes: [selfManaged('v1.18.0')], mode: 'subnet-discovery' },
  { name: 'IPv6 cluster', changes: [ipv6], error: 'E_IPV6_CLUSTER' },
  {
    name: 'IPv6 cluster, explicit mode',
    changes: [ipv6],
    flags: { mode: 'custom-networking' },
    error: 'E_IPV6_CLUSTER',
  },
  {
    name: '--mode custom-networking on a discovery-ready cluster',
    changes: [],
    flags: { mode: 'custom-networking' },
    mode: 'custom-networking',
    reason: /^asked for$/,
  },
  {
    name: '--mode subnet-discovery',
    changes: [],
    flags: { mode: 'subnet-discovery' },
    mode: 'subnet-discovery',
    reason: /^asked for$/,
  },
  {
    name: '--mode subnet-discovery on an old managed add-on',
    changes: [managedOld],
    flags: { mode: 'subnet-discovery' },
    mode: 'subnet-discovery',
    update: 'v1.19.2-eksbuild.1',
  },
  {
    name: '--mode subnet-discovery, discovery turned off',
    changes: [discoveryOff],
    flags: { mode: 'subnet-discovery' },
    mode: 'subnet-discovery',
  },
  {
    name: '--mode subnet-discovery on self-managed 1.15',
    changes: [selfManaged('v1.15.1')],
    flags: { mode: 'subnet-discovery' },
    error: 'E_MODE_CNI_TOO_OLD',
  },
  {
    name: '--mode subnet-discovery with custom networking on',
    changes: [customNetworkingOn],
    flags: { mode: 'subnet-discovery' },
    error: 'E_MODE_CONFLICT',
  },
  {
    name: '--mode subnet-discovery with other security groups',
    changes: [],
    flags: { mode: 'subnet-discovery', securityGroups: 'sg-0a1b2c3d4e5f60718' },
    error: 'E_MODE_SECURITY_GROUPS',
  },
];

describe('chooseMode', () => {
  for (const row of TABLE) {
    it(row.name, () => {
      const choice = chooseMode(snapshot(...row.changes), auto(row.flags));
      const errors = choice.findings.filter((f) => f.severity === 'error');
      if (row.error) {
        assert.equal(choice.decision, undefined);
        assert.deepEqual(
          errors.map((f) => f.code),
          [row.error],
        );
        assert.ok(errors[0]?.hint, 'the refusal says what to do');
        return;
      }
      assert.deepEqual(errors, []);
      assert.equal(choice.decision?.mode, row.mode);
      if (row.reason) assert.match(choice.decision?.reason ?? '', row.reason);
      assert.equal(choice.decision?.addonVersionUpdate?.to, row.update);
      assert.ok(
        (choice.decision?.alternative.length ?? 0) > 20,
        'says what the other mode would cost or give',
      );
      assert.equal(choice.decision?.source, row.flags?.mode ? 'flag' : 'auto');
    });
  }

  it('prices custom networking from the node group it would replace', () => {
    const choice = chooseMode(snapshot(), auto());
    assert.match(choice.decision?.alternative ?? '', /max-pods drops 29 -> 20 on ng-1 \(m5\.large\)/);
  });
});

describe('planFromSnapshot refuses impossible modes', () => {
  it('exit 2 with every problem and what to change', () => {
    assert.throws(
      () => planFromSnapshot(snapshot(selfManaged('v1.15.1')), request({ mode: 'subnet-discovery' })),
      (err: Error & { exitCode?: number }) =>
        err.exitCode === 2 &&
        /E_MODE_CNI_TOO_OLD/.test(err.message) &&
        /v1\.18\.0 or later/.test(err.message),
    );
  });
});

describe('validatePrefixDelegation', () => {
  const pd = (s: ClusterSnapshot) =>
    validatePrefixDelegation(s, request({ prefixDelegation: 'on' }), undefined);

  it('accepts Nitro nodes on CNI >= 1.9', () => {
    assert.deepEqual(pd(snapshot()), []);
  });

  it('refuses non-Nitro instance types, naming them', () => {
    const s = snapshot((x) => (x.nodegroups[0]!.instanceTypes = ['m4.large']));
    const [finding] = pd(s);
    assert.equal(finding?.code, 'E_PREFIX_DELEGATION_NITRO');
    assert.match(finding?.message ?? '', /node group ng-1 runs m4\.large/);
  });

  it('refuses a CNI older than 1.9', () => {
    const [finding] = pd(snapshot(selfManaged('v1.7.5')));
    assert.equal(finding?.code, 'E_PREFIX_DELEGATION_CNI');
    assert.match(finding?.hint ?? '', /1\.9\.0 or later/);
  });

  it('judges the CNI the add-on moves to', () => {
    const s = snapshot(
      managedOld,
      (x) => x.cni.install === 'managed-addon' && (x.cni.addonVersion = 'v1.7.5'),
    );
    const decision = chooseMode(s, auto()).decision;
    assert.equal(decision?.addonVersionUpdate?.to, 'v1.19.2-eksbuild.1');
    assert.deepEqual(validatePrefixDelegation(s, request({ prefixDelegation: 'on' }), decision), []);
  });

  it('says nothing for keep and off', () => {
    const s = snapshot(selfManaged('v1.7.5'));
    assert.deepEqual(validatePrefixDelegation(s, request({ prefixDelegation: 'keep' }), undefined), []);
    assert.deepEqual(validatePrefixDelegation(s, request({ prefixDelegation: 'off' }), undefined), []);
  });
});

describe('--prefix-delegation in the CNI settings', () => {
  const cniEnv = (plan: ReturnType<typeof planFromSnapshot>) => {
    const step = plan.steps.find((s) => s.kind === 'configure-cni');
    return step?.kind === 'configure-cni' ? step.desired.env : {};
  };

  it('on: ENABLE_PREFIX_DELEGATION=true and WARM_PREFIX_TARGET=1, in either mode', () => {
    for (const mode of ['custom-networking', 'subnet-discovery'] as const) {
      const env = cniEnv(planFromSnapshot(snapshot(), request({ mode, prefixDelegation: 'on' })));
      assert.equal(env.ENABLE_PREFIX_DELEGATION, 'true', mode);
      assert.equal(env.WARM_PREFIX_TARGET, '1', mode);
    }
  });

  it('keeps a warm target the user set, and keep changes nothing', () => {
    const s = snapshot((x) => (x.cni.env.WARM_IP_TARGET = '5'));
    const env = cniEnv(planFromSnapshot(s, request({ prefixDelegation: 'on' })));
    assert.equal(env.WARM_PREFIX_TARGET, undefined);
    assert.equal(cniEnv(planFromSnapshot(snapshot(), request())).ENABLE_PREFIX_DELEGATION, undefined);
  });
});

describe('--prefix-delegation on: new nodes with the prefix max-pods', () => {
  const replacementsMaxPods = (plan: ReturnType<typeof planFromSnapshot>) =>
    plan.steps.flatMap((s) =>
      s.kind === 'create-nodegroup' || s.kind === 'roll-nodegroup' ? [s.desired.maxPods.maxPods] : [],
    );

  it('m5.large nodes get 110 (the cap) in either mode; subnet discovery then replaces them too', () => {
    for (const mode of ['custom-networking', 'subnet-discovery'] as const) {
      const plan = planFromSnapshot(snapshot(), request({ mode, prefixDelegation: 'on' }));
      assert.deepEqual(replacementsMaxPods(plan), [110], mode);
    }
  });

  it('without it, subnet discovery replaces no node and custom networking gives 20', () => {
    assert.deepEqual(
      replacementsMaxPods(planFromSnapshot(snapshot(), request({ mode: 'subnet-discovery' }))),
      [],
    );
    assert.deepEqual(
      replacementsMaxPods(planFromSnapshot(snapshot(), request({ mode: 'custom-networking' }))),
      [20],
    );
  });
});
