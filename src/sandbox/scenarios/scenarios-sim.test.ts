import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../core/clock.js';
import { SeededIds } from '../core/ids.js';
import { Ec2Model } from '../services/ec2/model.js';
import { eksKubePort } from '../services/eks/kube-port.js';
import { EksModel } from '../services/eks/model.js';
import { KubeClusters } from '../services/kube/clusters.js';
import { createSimulation } from '../sim/adapters.js';
import { applyScenario } from './index.js';
import type { ScenarioName } from './index.js';

interface PodLike {
  metadata: { labels?: Record<string, string> };
  status?: {
    phase?: string;
    podIP?: string;
    containerStatuses?: { state?: { waiting?: { reason?: string } } }[];
  };
}

/** The scenario with the simulated data plane, as the sandbox runs it. */
function simulated(name: ScenarioName) {
  const clock = new ManualClock();
  const timing = {
    cidrAssociate: 2000,
    instanceBoot: 2000,
    instanceTerminate: 2000,
    nodeReady: 1000,
    podStart: 500,
    clusterCreate: 5000,
  };
  const env = {
    clock,
    ids: new SeededIds({ seed: 1, counter: 0 }),
    region: 'us-east-1',
    accountId: '0',
    timing,
  };
  const ec2 = new Ec2Model(env);
  const kube = new KubeClusters(env);
  const eks = new EksModel(env, ec2, eksKubePort(kube, { endpointFor: () => '', caData: () => '' }));
  const sim = createSimulation(env, ec2, eks, kube);
  applyScenario(name, { env, ec2, eks, kube, sim });
  const store = kube.get('demo')!;
  const pods = store.list({ group: '', version: 'v1', resource: 'pods' }).items as unknown as PodLike[];
  const events = store.list({ group: '', version: 'v1', resource: 'events' }).items as unknown as {
    reason?: string;
    message?: string;
  }[];
  return { web: pods.filter((p) => p.metadata.labels?.['app'] === 'web'), events };
}

describe('scenarios with the simulated data plane', () => {
  it('exhausted: web pods stuck ContainerCreating with the CNI event, the others on 10.0.x addresses', () => {
    const { web, events } = simulated('exhausted');
    const stuck = web.filter(
      (p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ContainerCreating',
    );
    const running = web.filter((p) => p.status?.phase === 'Running');
    assert.ok(stuck.length >= 10, `expected stuck pods, got ${stuck.length}`);
    assert.equal(stuck.length + running.length, 45);
    for (const pod of running) assert.match(pod.status?.podIP ?? '', /^10\.0\./);
    assert.ok(
      events.some(
        (e) =>
          e.reason === 'FailedCreatePodSandBox' &&
          /failed to assign an IP address to container/.test(e.message ?? ''),
      ),
    );
  });

  it('applied: every web pod runs with a 100.64.x.x address', () => {
    const { web } = simulated('applied');
    assert.equal(web.length, 45);
    for (const pod of web) {
      assert.equal(pod.status?.phase, 'Running');
      assert.match(pod.status?.podIP ?? '', /^100\.64\./);
    }
  });
});
