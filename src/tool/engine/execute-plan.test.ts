import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { executePlan } from './execute-plan.js';
import { FakeEngineClock } from './clock.js';
import { RecordingReporter } from './progress/events.js';
import { AwsLikeError, FakeState, fakePorts } from '../steps/testing/fake-ports.js';
import { fixturePlan, seedCluster } from '../steps/testing/plan-fixture.js';
import type { Plan } from '../planner/types.js';
import { isOwnedBy } from '../planner/ownership.js';

async function run(state: FakeState, plan: Plan, extra: { stopAfter?: number; concurrency?: number } = {}) {
  const reporter = new RecordingReporter();
  const result = await executePlan({
    graph: plan,
    ports: fakePorts(state),
    reporter,
    clock: new FakeEngineClock(),
    signal: new AbortController().signal,
    timeouts: { pollMs: 0 },
    random: () => 0.5,
    ...extra,
  });
  return { result, reporter };
}

describe('executePlan', () => {
  it('applies a full plan: tagged subnets, route tables, CNI env, ENIConfigs, node rotation', async () => {
    const state = new FakeState();
    seedCluster(state);
    const { result, reporter } = await run(state, fixturePlan());
    assert.equal(result.ok, true, JSON.stringify(result.failures));
    assert.equal(state.associations.find((a) => a.cidr === '100.64.0.0/16')?.state, 'associated');
    const pod = state.subnets.filter((s) => s.cidr.startsWith('100.64.'));
    assert.equal(pod.length, 2);
    assert.ok(pod.every((s) => isOwnedBy(s.tags, 'demo') && s.tags.some((t) => t.key === 'Name')));
    assert.equal(
      state.routeTables[0]!.associations.filter((a) => pod.some((s) => s.subnetId === a.subnetId)).length,
      2,
    );
    assert.equal(state.daemonSetEnv.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG, 'true');
    assert.equal(
      state.eniConfigs.get('us-east-1a')?.subnet,
      pod.find((s) => s.zone === 'us-east-1a')?.subnetId,
    );
    assert.equal(state.nodegroups.has('ng-1'), false);
    const created = state.nodegroups.get('ng-1-cidr')!;
    assert.equal(created.status, 'ACTIVE');
    assert.ok(isOwnedBy(created.tags, 'demo'));
    assert.equal(created.launchTemplate?.version, '2');
    const userData = Buffer.from(state.launchTemplates[1]!.userData!, 'base64').toString();
    assert.match(userData, /maxPods: 20/);
    assert.match(userData, /echo hi/);
    assert.equal(state.pods.filter((p) => p.name.startsWith('web')).length, 0);
    assert.equal(reporter.ofType('step-no-op').length, 1);
  });

  it('running the same plan again makes no mutating call (every executor checks what exists)', async () => {
    const state = new FakeState();
    seedCluster(state);
    await run(state, fixturePlan());
    state.mutations = [];
    const { result } = await run(state, fixturePlan());
    assert.equal(result.ok, true, JSON.stringify(result.failures));
    assert.deepEqual(state.mutations, []);
  });

  it('a crash after any step then a re-run converges with no duplicates', async () => {
    for (let k = 1; k <= 10; k++) {
      const state = new FakeState();
      seedCluster(state);
      const first = await run(state, fixturePlan(), { stopAfter: k, concurrency: 1 });
      assert.equal(first.result.ok, false, `stop after ${k}`);
      const { result } = await run(state, fixturePlan());
      assert.equal(result.ok, true, `k=${k}: ${JSON.stringify(result.failures)}`);
      assert.equal(state.subnets.filter((s) => s.cidr.startsWith('100.64.')).length, 2);
      assert.equal(state.associations.filter((a) => a.cidr === '100.64.0.0/16').length, 1);
      assert.deepEqual([...state.nodegroups.keys()], ['ng-1-cidr']);
      assert.equal(state.mutations.filter((m) => m.startsWith('CreateNodegroup')).length, 1);
    }
  });

  it('retries throttling, 5xx and NotFound right after a create', async () => {
    const state = new FakeState();
    seedCluster(state);
    state.inject('createSubnet', new AwsLikeError('RequestLimitExceeded', 503));
    state.inject('associateVpcCidrBlock', new AwsLikeError('InternalError', 500));
    state.inject('listRouteTables', new AwsLikeError('InvalidSubnetID.NotFound', 400));
    state.inject('describeNodegroup', new AwsLikeError('ThrottlingException', 429));
    const { result, reporter } = await run(state, fixturePlan());
    assert.equal(result.ok, true, JSON.stringify(result.failures));
    assert.equal(reporter.ofType('step-retry').length, 4);
  });

  it('stops on a failure, lets independent steps finish and skips the dependents', async () => {
    const state = new FakeState();
    seedCluster(state);
    state.inject('createSubnet', new AwsLikeError('InvalidSubnet.Conflict', 400));
    const { result, reporter } = await run(state, fixturePlan(), { concurrency: 8 });
    assert.equal(result.ok, false);
    assert.equal(result.failures.length, 1);
    assert.equal(result.outcomes.get('nodegroup:ng-1'), 'skipped');
    assert.equal(result.outcomes.get('cni'), 'succeeded');
    assert.equal(reporter.ofType('step-failed')[0]?.code, 'InvalidSubnet.Conflict');
    assert.equal(state.nodegroups.has('ng-1-cidr'), false);
  });

  it('merges the managed add-on configurationValues instead of patching the DaemonSet', async () => {
    const state = new FakeState();
    seedCluster(state, { managedAddon: true });
    const { result } = await run(state, fixturePlan({ managedAddon: true }));
    assert.equal(result.ok, true, JSON.stringify(result.failures));
    assert.deepEqual(JSON.parse(state.addon!.configurationValues!), {
      env: {
        WARM_IP_TARGET: '5',
        AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true',
        ENI_CONFIG_LABEL_DEF: 'topology.kubernetes.io/zone',
      },
    });
    assert.ok(!state.mutations.some((m) => m.startsWith('patch DaemonSet')));
  });

  it('a drain blocked by a PodDisruptionBudget times out naming the pod and the budget; the old group stays', async () => {
    const state = new FakeState();
    seedCluster(state);
    state.pdbs.push({
      namespace: 'default',
      name: 'web-pdb',
      selector: { app: 'web' },
      disruptionsAllowed: 0,
    });
    const plan = fixturePlan();
    const drain = plan.steps.find((s) => s.kind === 'drain-nodegroup');
    if (drain?.kind === 'drain-nodegroup') drain.desired.timeoutSeconds = 5;
    const { result } = await run(state, plan);
    assert.equal(result.ok, false);
    const err = result.failures[0]?.error as Error & { code: string };
    assert.equal(err.code, 'E_DRAIN_BLOCKED');
    assert.match(
      err.message,
      /default\/web-0 on old-0: Cannot evict.*PodDisruptionBudget default\/web-pdb allows 0/,
    );
    assert.equal(state.nodegroups.has('ng-1'), true);
    assert.ok(state.nodes.filter((n) => n.name.startsWith('old')).every((n) => n.unschedulable));
  });
});
