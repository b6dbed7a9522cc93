/**
 * kubectl verbs that wait on watches, with the test playing the data plane: `delete --wait` while a
 * pod terminates gracefully, `rollout status` while a deployment's status catches up, and `drain`
 * (cordon, then evictions refused by a PodDisruptionBudget with the apiserver's 429 message).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject, ResourceRef } from '../../src/sandbox/services/kube/types.js';
import { SKIP_KUBECTL, startKubectlHarness, type KubectlHarness } from './kubectl-harness.js';

const PODS: ResourceRef = { group: '', version: 'v1', resource: 'pods' };
const NODES: ResourceRef = { group: '', version: 'v1', resource: 'nodes' };
const DEPLOYMENTS: ResourceRef = { group: 'apps', version: 'v1', resource: 'deployments' };
const PDBS: ResourceRef = { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets' };
const NODE = 'ip-10-0-3-30.ec2.internal';

let h: KubectlHarness;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pod(name: string, labels: Record<string, string>): KubeObject {
  return {
    metadata: { name, namespace: 'default', labels },
    spec: { nodeName: NODE, containers: [{ name: 'app', image: 'nginx:1.27' }] },
  };
}

function markRunning(name: string): void {
  h.clusters.get('demo')!.patch(
    PODS,
    'default',
    name,
    'merge',
    {
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: {} } }],
      },
    },
    { subresource: 'status' },
  );
}

/** Polls until `check` passes (the kubectl child runs concurrently). */
async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await sleep(50);
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('kubectl waits on the sandbox', { skip: SKIP_KUBECTL }, () => {
  before(async () => {
    h = await startKubectlHarness();
    h.clusters.gracefulPodDeletion = true;
    h.clusters.get('demo')!.create(NODES, {
      metadata: { name: NODE, labels: { 'kubernetes.io/hostname': NODE } },
      status: {
        conditions: [{ type: 'Ready', status: 'True' }],
        addresses: [{ type: 'InternalIP', address: '10.0.3.30' }],
      },
    });
  });
  after(() => h?.cleanup());

  it('delete --wait returns once the kubelet finishes a graceful deletion', async () => {
    const store = h.clusters.get('demo')!;
    store.create(PODS, pod('slow', { app: 'slow' }));
    markRunning('slow');
    const deleting = h.kubectl(['delete', 'pod', 'slow', '--wait=true', '--timeout=30s']);
    await eventually(
      () => store.tryGet(PODS, 'default', 'slow')?.metadata.deletionTimestamp !== undefined,
      'deletionTimestamp',
    );
    const terminating = await h.kubectl(['get', 'pod', 'slow']);
    assert.match(terminating.stdout, /^slow\s+1\/1\s+Terminating\s/m);
    store.delete(PODS, 'default', 'slow', { gracePeriodSeconds: 0 });
    const r = await deleting;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /pod "slow" deleted/);
  });

  it('rollout status follows the deployment status to completion', async () => {
    const store = h.clusters.get('demo')!;
    assert.equal(
      (await h.kubectl(['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2'])).code,
      0,
    );
    const waiting = h.kubectl(['rollout', 'status', 'deployment/web', '--timeout=30s']);
    await sleep(300);
    const d = store.get(DEPLOYMENTS, 'default', 'web');
    const status = (ready: number) => ({
      observedGeneration: d.metadata.generation,
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: ready,
      availableReplicas: ready,
      conditions: [{ type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }],
    });
    store.patch(DEPLOYMENTS, 'default', 'web', 'merge', { status: status(1) }, { subresource: 'status' });
    await sleep(200);
    store.patch(DEPLOYMENTS, 'default', 'web', 'merge', { status: status(2) }, { subresource: 'status' });
    const r = await waiting;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /deployment "web" successfully rolled out/);
  });

  it('drain cordons the node and reports the disruption budget that blocks an eviction', async () => {
    const store = h.clusters.get('demo')!;
    store.create(PDBS, {
      metadata: { name: 'guarded', namespace: 'default' },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'guarded' } } },
    });
    store.create(PODS, pod('guarded-1', { app: 'guarded' }));
    markRunning('guarded-1');
    const r = await h.kubectl(['drain', NODE, '--ignore-daemonsets', '--force', '--timeout=2s']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Cannot evict pod as it would violate the pod's disruption budget/);
    assert.equal((store.get(NODES, undefined, NODE).spec as { unschedulable?: boolean }).unschedulable, true);
    const nodes = await h.kubectl(['get', 'nodes']);
    assert.match(nodes.stdout, /Ready,SchedulingDisabled/);
    assert.equal((await h.kubectl(['uncordon', NODE])).code, 0);
    assert.equal(
      (store.get(NODES, undefined, NODE).spec as { unschedulable?: boolean }).unschedulable,
      undefined,
    );
  });
});
