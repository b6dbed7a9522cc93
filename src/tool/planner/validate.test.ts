import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EksCidrError } from '../errors.js';
import type { ClusterSnapshot } from '../discover/snapshot.js';
import { planFromSnapshot } from './derive.js';
import { exhaustedSnapshot, request } from './test-fixtures.js';
import type { Finding } from './types.js';
import type { PlanFlags } from '../config/load.js';

function findingsOf(snapshot: ClusterSnapshot, flags: Omit<PlanFlags, 'cluster'> = {}): Finding[] {
  try {
    planFromSnapshot(snapshot, request(flags));
  } catch (err) {
    assert.ok(err instanceof EksCidrError, String(err));
    assert.equal(err.code, 'E_VALIDATION');
    assert.equal(err.exitCode, 2);
    return (err.details?.findings ?? []) as Finding[];
  }
  assert.fail('expected a validation failure');
}

const codes = (findings: Finding[]) => findings.map((f) => f.code);
const modified = (change: (s: ClusterSnapshot) => void) => {
  const s = exhaustedSnapshot();
  change(s);
  return s;
};

describe('validation failures (each one exit 2, every problem listed)', () => {
  it('a restricted block (RFC 1918 range of another class)', () => {
    const f = findingsOf(exhaustedSnapshot(), { cidr: '192.168.0.0/16' });
    assert.deepEqual(codes(f), ['InvalidVpc.Range']);
    assert.match(f[0]?.message ?? '', /The CIDR '192.168.0.0\/16' is restricted/);
    assert.equal(f[0]?.field, 'cidr');
    assert.match(f[0]?.hint ?? '', /primary block of vpc-1 is 10\.0\.0\.0\/16/);
  });

  it('a block of the wrong size names the /16 to /28 rule', () => {
    const f = findingsOf(exhaustedSnapshot(), { cidr: '100.64.0.0/15' });
    assert.deepEqual(codes(f), ['InvalidVpc.Range']);
    assert.match(f[0]?.hint ?? '', /from \/16 to \/28 \(this one is \/15\)/);
  });

  it("the VPC's primary block itself", () => {
    const primary = exhaustedSnapshot().vpc.cidrAssociations[0]?.cidr ?? '';
    const f = findingsOf(exhaustedSnapshot(), { cidr: primary });
    assert.equal(codes(f)[0], 'E_CIDR_IS_PRIMARY');
    assert.match(f[0]?.message ?? '', /primary block of vpc-1/);
  });

  it('a block overlapping the VPC', () => {
    const f = findingsOf(exhaustedSnapshot(), { cidr: '10.0.128.0/17' });
    assert.ok(codes(f).includes('InvalidVpc.Range'));
  });

  it('a block equal to or larger than a route destination', () => {
    const s = modified((x) =>
      x.routeTables[1]?.routes.push({ destination: '100.64.0.0/24', target: 'pcx-1' }),
    );
    const f = findingsOf(s, { cidr: '100.64.0.0/16' });
    assert.match(f.find((x) => x.code === 'InvalidVpc.Range')?.message ?? '', /destination/);
  });

  it('the CIDR quota', () => {
    const s = modified((x) => {
      for (let i = 1; i <= 4; i++)
        x.vpc.cidrAssociations.push({ associationId: `a${i}`, cidr: `10.${i}.0.0/16`, state: 'associated' });
    });
    const f = findingsOf(s, { cidr: '100.64.0.0/16' });
    assert.deepEqual(codes(f), ['CidrLimitExceeded']);
    assert.match(f[0]?.message ?? '', /has met its maximum number of allowed CIDRs: 5/);
  });

  it('subnets that do not fit the block', () => {
    assert.deepEqual(codes(findingsOf(exhaustedSnapshot(), { cidr: '100.64.0.0/26', subnetPrefix: '27' })), [
      'E_SUBNET_SPACE',
    ]);
    assert.deepEqual(codes(findingsOf(exhaustedSnapshot(), { cidr: '100.64.0.0/20', subnetPrefix: '16' })), [
      'E_SUBNET_PREFIX',
    ]);
  });

  it('a zone the region does not have, and zones with nodes left out', () => {
    const f = findingsOf(exhaustedSnapshot(), { zones: 'us-east-1a,us-east-1b,us-west-2a' });
    assert.deepEqual(codes(f), ['E_ZONE_UNKNOWN', 'E_ZONE_NOT_COVERED']);
    assert.match(f[0]?.message ?? '', /Value \(us-west-2a\) for parameter availabilityZone is invalid/);
    assert.match(f[1]?.message ?? '', /us-east-1c/);
  });

  it('a security group outside the VPC', () => {
    const f = findingsOf(exhaustedSnapshot(), { securityGroups: 'sg-0123456789abcdef0' });
    assert.deepEqual(codes(f), ['InvalidGroup.NotFound']);
  });

  it('capacity loss below the floor, unless allowed', () => {
    const s = modified((x) => {
      const ng = x.nodegroups[0];
      if (ng) ng.instanceTypes = ['t3.small'];
      for (const n of x.kube.nodes) n.allocatablePods = 11;
    });
    // t3.small: 11 pods standard, 8 with custom networking: at the default floor of 8, allowed
    assert.ok(planFromSnapshot(s, request()).warnings.some((w) => w.code === 'W_CAPACITY_LOSS'));
    const f = findingsOf(s, { minMaxPods: '9' });
    assert.deepEqual(codes(f), ['E_CAPACITY_LOSS']);
    assert.match(f[0]?.message ?? '', /from 11 to 8 pods per node/);
    const plan = planFromSnapshot(s, request({ minMaxPods: '9', allowCapacityLoss: true }));
    assert.ok(plan.warnings.some((w) => w.code === 'W_CAPACITY_LOSS'));
    assert.equal(plan.summary.nodegroups[0]?.maxPodsAfter, 8);
  });

  it('a CNI too old, or missing', () => {
    const old = modified((x) => {
      x.cni = { install: 'self-managed', image: 'x/amazon-k8s-cni:v1.5.1', env: {} };
    });
    assert.deepEqual(codes(findingsOf(old)), ['E_CNI_TOO_OLD']);
    const none = modified((x) => {
      x.cni = { install: 'absent', env: {} };
    });
    assert.deepEqual(codes(findingsOf(none)), ['E_CNI_NOT_FOUND']);
  });

  it('a cluster that is not ACTIVE', () => {
    const s = modified((x) => {
      x.cluster.status = 'UPDATING';
    });
    assert.deepEqual(codes(findingsOf(s)), ['E_CLUSTER_NOT_ACTIVE']);
  });

  it('a node group launching nodes in a pod subnet', () => {
    const s = modified((x) => {
      x.vpc.cidrAssociations.push({ associationId: 'a1', cidr: '100.64.0.0/16', state: 'associated' });
      x.subnets.push({
        subnetId: 'subnet-p',
        vpcId: 'vpc-1',
        cidr: '100.64.0.0/18',
        zone: 'us-east-1a',
        availableIpAddressCount: 10,
        tags: [],
      });
      x.nodegroups[0]?.subnets.push('subnet-p');
    });
    const f = findingsOf(s, { cidr: '100.64.0.0/16', subnetPrefix: '18' });
    assert.ok(codes(f).includes('E_NODEGROUP_IN_POD_SUBNET'), codes(f).join());
  });

  it('reports several problems at once', () => {
    const f = findingsOf(exhaustedSnapshot(), {
      cidr: '192.168.0.0/16',
      securityGroups: 'sg-0123456789abcdef0',
      zones: 'us-east-1a',
    });
    assert.deepEqual(codes(f), ['InvalidVpc.Range', 'E_ZONE_NOT_COVERED', 'InvalidGroup.NotFound']);
  });
});

describe('warnings', () => {
  it('warns on the deprecated failure-domain label', () => {
    const plan = planFromSnapshot(
      exhaustedSnapshot(),
      request({ labelDef: 'failure-domain.beta.kubernetes.io/zone' }),
    );
    assert.ok(
      plan.warnings.some(
        (w) => w.code === 'W_DEPRECATED_ZONE_LABEL' && /topology.kubernetes.io\/zone/.test(w.hint ?? ''),
      ),
    );
  });

  it('names self-managed nodes it cannot rotate, and Fargate profiles', () => {
    const s = modified((x) => {
      x.kube.nodes.push({
        name: 'self-1',
        zone: 'us-east-1a',
        labels: { 'topology.kubernetes.io/zone': 'us-east-1a' },
        unschedulable: false,
      });
      x.fargateProfiles.push({ name: 'fp', subnets: [] });
    });
    const plan = planFromSnapshot(s, request());
    const self = plan.warnings.find((w) => w.code === 'W_SELF_MANAGED_NODES');
    assert.match(self?.message ?? '', /self-1/);
    assert.match(self?.hint ?? '', /--max-pods/);
    assert.ok(plan.warnings.some((w) => w.code === 'W_FARGATE'));
  });

  it('leaves Fargate nodes out of zones and node checks', () => {
    const s = modified((x) => {
      x.kube.nodes.push({
        name: 'fargate-ip-10-0-9-9',
        zone: 'us-east-1d',
        labels: { 'eks.amazonaws.com/compute-type': 'fargate' },
        unschedulable: false,
      });
    });
    const plan = planFromSnapshot(s, request());
    assert.deepEqual(plan.request.zones, ['us-east-1a', 'us-east-1b', 'us-east-1c']);
    assert.ok(!plan.warnings.some((w) => ['W_SELF_MANAGED_NODES', 'W_LABEL_NOT_ON_NODES'].includes(w.code)));
  });

  it('with --no-rotate-nodes, plans no node-group steps and says so', () => {
    const plan = planFromSnapshot(exhaustedSnapshot(), request({ rotateNodes: false }));
    assert.ok(
      plan.steps.every((s) => !['create-nodegroup', 'drain-nodegroup', 'delete-nodegroup'].includes(s.kind)),
    );
    assert.ok(plan.warnings.some((w) => w.code === 'W_NODES_NOT_ROTATED'));
  });
});
