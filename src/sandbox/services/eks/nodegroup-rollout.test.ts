import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../core/clock.js';
import { createWorld, type World } from '../../world.js';
import { applyScenario } from '../../scenarios/index.js';
import { createWebDeployment } from '../../scenarios/workloads.js';
import { activeCluster, eksTestWorld } from './test-support.js';

const NODES = { group: '', version: 'v1', resource: 'nodes' };
const PDBS = { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets' };
const DEPLOYMENTS = { group: 'apps', version: 'v1', resource: 'deployments' };

interface Watch {
  lowestAvailable: number;
  maxNodes: number;
}

/** `basic` plus the `web` deployment (or another scenario), with its simulated data plane, time moved by hand. */
function scenarioWorld(name: 'basic' | 'applied' = 'basic'): { world: World; clock: ManualClock } {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const world = createWorld({ clock, seed: 3 });
  if (name === 'basic') createWebDeployment(world, 30);
  applyScenario(name, {
    env: world.env,
    ec2: world.ec2,
    eks: world.eks,
    kube: world.kube,
    sim: world.sim,
  });
  clock.advance(60_000); // past the instants the scenario's settling ticked
  return { world, clock };
}

function run(world: World, clock: ManualClock, ms: number, watch?: Watch, until?: () => boolean): void {
  for (let t = 0; t < ms; t += 500) {
    clock.advance(500);
    world.tick();
    if (watch) {
      const store = world.kube.get('demo')!;
      const web = store.get(DEPLOYMENTS, 'default', 'web') as { status?: { availableReplicas?: number } };
      watch.lowestAvailable = Math.min(watch.lowestAvailable, web.status?.availableReplicas ?? 0);
      watch.maxNodes = Math.max(watch.maxNodes, store.list(NODES).items.length);
    }
    if (until?.()) return;
  }
}

function newVersion(world: World): string {
  const ng = world.eks.describeNodegroup('demo', 'demo-nodes');
  const v = world.ec2.createLaunchTemplateVersion({
    launchTemplateId: ng.launchTemplate!.id,
    sourceVersion: ng.launchTemplate!.version,
    versionDescription: 'next',
    data: {},
  });
  return String(v.versionNumber);
}

function webPdb(world: World, minAvailable: number | string): void {
  world.kube.get('demo')!.create(PDBS, {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'web', namespace: 'default' },
    spec: { minAvailable, selector: { matchLabels: { app: 'web' } } },
  });
}

describe('UpdateNodegroupVersion (rolling update)', () => {
  it('surges new nodes first, drains old ones a node at a time honouring the PDB, then scales back', () => {
    const { world, clock } = scenarioWorld();
    run(world, clock, 20_000);
    webPdb(world, '80%');
    run(world, clock, 5_000);
    const before = world.eks.describeNodegroup('demo', 'demo-nodes');
    const oldIds = before.instances.map((i) => i.instanceId);
    const available =
      (
        world.kube.get('demo')!.get(DEPLOYMENTS, 'default', 'web') as {
          status?: { availableReplicas?: number };
        }
      ).status?.availableReplicas ?? 0;
    const version = newVersion(world);
    const update = world.eks.updateNodegroupVersion('demo', 'demo-nodes', {
      launchTemplate: { id: before.launchTemplate!.id, version },
    });
    assert.equal(update.type, 'VersionUpdate');
    assert.deepEqual(
      update.params.filter((p) => p.type.startsWith('LaunchTemplate')).map((p) => p.value),
      ['demo-nodes', version],
    );
    const during = world.eks.describeNodegroup('demo', 'demo-nodes');
    assert.equal(during.status, 'UPDATING');
    assert.equal(during.scalingConfig.desiredSize, 6, 'surge: new nodes first (3 zones, 3 old nodes)');
    const watch: Watch = { lowestAvailable: available, maxNodes: 0 };
    run(
      world,
      clock,
      600_000,
      watch,
      () => world.eks.describeUpdate('demo', update.id).status !== 'InProgress',
    );
    const done = world.eks.describeUpdate('demo', update.id);
    assert.equal(done.status, 'Successful', JSON.stringify(done.errors));
    const after = world.eks.describeNodegroup('demo', 'demo-nodes');
    assert.equal(after.status, 'ACTIVE');
    assert.deepEqual(after.scalingConfig, before.scalingConfig);
    assert.equal(after.instances.length, 3);
    assert.ok(
      after.instances.every((i) => i.launchTemplateVersion === version && !oldIds.includes(i.instanceId)),
    );
    assert.equal(watch.maxNodes, 6);
    // 80% of the 30 replicas must stay available throughout (the PDB's allowance is all EKS may take).
    assert.ok(watch.lowestAvailable >= Math.min(available, 24), `lowest available ${watch.lowestAvailable}`);
    const nodes = world.kube.get('demo')!.list(NODES).items as unknown as {
      spec: { unschedulable?: boolean };
    }[];
    assert.equal(nodes.length, 3);
    assert.ok(
      nodes.every((n) => !n.spec.unschedulable),
      'no node left cordoned',
    );
  });

  it('fails with PodEvictionFailure when a PDB never allows a disruption, and force deletes the pods', () => {
    const { world, clock } = scenarioWorld();
    run(world, clock, 20_000);
    webPdb(world, '100%');
    run(world, clock, 5_000);
    const ng = world.eks.describeNodegroup('demo', 'demo-nodes');
    const update = world.eks.updateNodegroupVersion('demo', 'demo-nodes', {
      launchTemplate: { id: ng.launchTemplate!.id, version: newVersion(world) },
    });
    run(
      world,
      clock,
      20 * 60_000,
      undefined,
      () => world.eks.describeUpdate('demo', update.id).status !== 'InProgress',
    );
    const failed = world.eks.describeUpdate('demo', update.id);
    assert.equal(failed.status, 'Failed');
    assert.equal(failed.errors[0]?.errorCode, 'PodEvictionFailure');
    assert.match(
      failed.errors[0]?.errorMessage ?? '',
      /Reached max retries while trying to evict pods from nodes in node group demo-nodes/,
    );
    assert.equal(world.eks.describeNodegroup('demo', 'demo-nodes').status, 'ACTIVE');

    const forced = world.eks.updateNodegroupVersion('demo', 'demo-nodes', {
      launchTemplate: { id: ng.launchTemplate!.id, version: newVersion(world) },
      force: true,
    });
    run(
      world,
      clock,
      600_000,
      undefined,
      () => world.eks.describeUpdate('demo', forced.id).status !== 'InProgress',
    );
    assert.equal(world.eks.describeUpdate('demo', forced.id).status, 'Successful');
    assert.equal(world.eks.listUpdates('demo', { nodegroupName: 'demo-nodes' }).length, 2);
  });

  it('managed nodes of an EKS AMI get max-pods from EKS, custom networking included', () => {
    // `applied`: custom networking configured, then demo-nodes-eks-cidr launched (launch template without an AMI).
    const { world, clock } = scenarioWorld('applied');
    run(world, clock, 10_000);
    const nodes = world.kube.get('demo')!.list(NODES).items as unknown as {
      status: { allocatable: { pods: string } };
    }[];
    assert.deepEqual(
      nodes.map((n) => n.status.allocatable.pods),
      ['20', '20', '20'],
    );
  });
});

describe('UpdateNodegroupVersion and updateConfig validation', () => {
  const role = 'arn:aws:iam::123456789012:role/node';
  it('refuses a launch template on a group created without one, and while UPDATING', () => {
    const w = eksTestWorld({ nodegroupCreate: 0 });
    activeCluster(w);
    w.eks.createNodegroup({ clusterName: 'demo', nodegroupName: 'ng', subnets: w.subnets, nodeRole: role });
    w.clock.advance(10);
    w.eks.tick();
    assert.throws(
      () => w.eks.updateNodegroupVersion('demo', 'ng', { launchTemplate: { name: 'x', version: '2' } }),
      { code: 'InvalidParameterException' },
    );
    const u = w.eks.updateNodegroupVersion('demo', 'ng', {});
    assert.equal(u.status, 'InProgress');
    assert.throws(() => w.eks.updateNodegroupVersion('demo', 'ng', {}), { code: 'ResourceInUseException' });
    assert.throws(() => w.eks.updateNodegroupConfig('demo', 'ng', { scalingConfig: { desiredSize: 1 } }), {
      code: 'ResourceInUseException',
    });
  });

  it('checks updateConfig on create and update, and keeps the strategy', () => {
    const w = eksTestWorld({ nodegroupCreate: 0, nodegroupUpdate: 0 });
    activeCluster(w);
    const base = { clusterName: 'demo', subnets: w.subnets, nodeRole: role };
    assert.throws(
      () =>
        w.eks.createNodegroup({
          ...base,
          nodegroupName: 'bad',
          updateConfig: { maxUnavailable: 1, maxUnavailablePercentage: 10 },
        }),
      { code: 'InvalidParameterException' },
    );
    assert.throws(
      () => w.eks.createNodegroup({ ...base, nodegroupName: 'bad', updateConfig: { maxUnavailable: 101 } }),
      { code: 'InvalidParameterException' },
    );
    const ng = w.eks.createNodegroup({
      ...base,
      nodegroupName: 'ng',
      updateConfig: { maxUnavailablePercentage: 50, updateStrategy: 'MINIMAL' },
    });
    assert.deepEqual(ng.updateConfig, { maxUnavailablePercentage: 50, updateStrategy: 'MINIMAL' });
    w.clock.advance(10);
    w.eks.tick();
    const u = w.eks.updateNodegroupConfig('demo', 'ng', { updateConfig: { maxUnavailable: 2 } });
    assert.deepEqual(u.params, [{ type: 'MaxUnavailable', value: '2' }]);
    assert.deepEqual(w.eks.describeNodegroup('demo', 'ng').updateConfig, {
      maxUnavailable: 2,
      updateStrategy: 'MINIMAL',
    });
  });
});
