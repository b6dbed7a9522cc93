/**
 * `eks-cidr snapshot` makes a number of calls that grows with pages, not with nodes or pods: the same
 * cluster with twice the nodes and 25 times the pods costs the same calls, except one more
 * `list pods` per 500 pods (the page size).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EKSClient, UpdateNodegroupConfigCommand } from '@aws-sdk/client-eks';
import { AppsV1Api, KubeConfig } from '@kubernetes/client-node';
import type { TestSandbox } from '../helpers/sandbox.js';
import { startScenario } from './apply-harness.js';
import { snapshotWithCalls } from './twin-harness.js';

async function snapshotCalls(sb: TestSandbox) {
  const { file, calls } = await snapshotWithCalls(sb);
  return { calls, nodes: file.kube.nodes.length, pods: file.kube.pods.length };
}

describe('snapshot at scale', () => {
  it('adds calls per page of 500 pods, none per node or pod', async () => {
    const small = await startScenario('exhausted');
    const big = await startScenario('exhausted');
    try {
      const eks = new EKSClient(big.clientConfig);
      await eks.send(
        new UpdateNodegroupConfigCommand({
          clusterName: 'demo',
          nodegroupName: 'demo-nodes',
          scalingConfig: { minSize: 3, maxSize: 6, desiredSize: 6 },
        }),
      );
      eks.destroy();
      const kc = new KubeConfig();
      kc.loadFromFile(big.sandbox.paths!.kubeconfig);
      await kc.makeApiClient(AppsV1Api).patchNamespacedDeployment({
        namespace: 'default',
        name: 'web',
        body: [{ op: 'replace', path: '/spec/replicas', value: 1300 }],
      });
      const a = await snapshotCalls(small);
      // Let the node group and the deployment catch up (requests tick the sandbox).
      let b = await snapshotCalls(big);
      for (let i = 0; i < 20 && (b.nodes < 6 || b.pods < 1300); i++) b = await snapshotCalls(big);
      assert.equal(b.nodes, 6);
      assert.ok(b.pods > 1300 && b.pods <= 1500, `${b.pods} pods`);
      assert.equal(a.calls['kubernetes list pods'], 1);
      assert.equal(b.calls['kubernetes list pods'], 3);
      const { ['kubernetes list pods']: _a, ...restA } = a.calls;
      const { ['kubernetes list pods']: _b, ...restB } = b.calls;
      assert.deepEqual(restB, restA);
    } finally {
      await big.cleanup();
      await small.cleanup();
    }
  });
});
