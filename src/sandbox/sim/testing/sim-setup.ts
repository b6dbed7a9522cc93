/**
 * A simulation over fakes for the controllers' unit tests: a manual clock, two node subnets and a
 * pod subnet, cluster `demo` with node group `ng-1`, and helpers to launch nodes and settle.
 */
import assert from 'node:assert/strict';
import { ManualClock } from '../../core/clock.js';
import { SeededIds } from '../../core/ids.js';
import { PODS, type Pod } from '../kube-types.js';
import { Simulation } from '../simulation.js';
import { FakeEc2 } from './fake-ec2.js';
import { FakeEks } from './fake-eks.js';
import { FakeKube } from './fake-kube.js';
import { seedCluster } from './seed.js';

export function setup(options: { awsNodeEnv?: Record<string, string>; fillA?: number } = {}) {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const env = {
    clock,
    ids: new SeededIds({ seed: 7, counter: 0 }),
    region: 'us-east-1',
    accountId: '111122223333',
    timing: { nodeReady: 0, podStart: 0 },
  };
  const ec2 = new FakeEc2();
  ec2.addSubnet({
    subnetId: 'subnet-a',
    cidrBlock: '10.0.1.0/24',
    availabilityZone: 'us-east-1a',
    fill: options.fillA ?? 0,
  });
  ec2.addSubnet({ subnetId: 'subnet-b', cidrBlock: '10.0.2.0/24', availabilityZone: 'us-east-1b' });
  ec2.addSubnet({ subnetId: 'subnet-pods-a', cidrBlock: '100.64.0.0/19', availabilityZone: 'us-east-1a' });
  const eks = new FakeEks();
  eks.addCluster('demo');
  eks.addNodegroup('demo', { nodegroupName: 'ng-1', labels: { team: 'web' } });
  const kube = new FakeKube(() => clock.now());
  const store = kube.ensure('demo');
  seedCluster(store, options.awsNodeEnv);
  const sim = new Simulation(env, ec2, eks, kube);
  const launch = (subnetId: string, extra: Partial<Parameters<FakeEc2['launch']>[0]> = {}) =>
    ec2.launch({
      subnetId,
      instanceType: 'm5.large',
      tags: [
        { key: 'eks:cluster-name', value: 'demo' },
        { key: 'eks:nodegroup-name', value: 'ng-1' },
      ],
      ...extra,
    });
  const settle = (ticks = 3) => {
    for (let i = 0; i < ticks; i++) {
      clock.advance(1_000);
      sim.tick();
      // The fake store hands out frozen shared objects: a controller that changes one throws a TypeError.
      for (const [cluster, result] of sim.lastResults) {
        const bug = result.errors.find((e) => e.error instanceof TypeError);
        assert.equal(bug, undefined, `${cluster}/${bug?.controller ?? ''}: ${String(bug?.error)}`);
      }
    }
  };
  const pods = (prefix: string) =>
    (store.list(PODS) as Pod[]).filter((p) => p.metadata.name?.startsWith(prefix));
  return { clock, ec2, eks, kube, store, sim, launch, settle, pods };
}
