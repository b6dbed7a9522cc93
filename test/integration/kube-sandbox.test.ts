/**
 * The kube mount inside a whole sandbox (startSandbox): the HTTPS listener serves each cluster under
 * /k8s/<cluster> with the CA and token kept in the state directory, objects persist across a
 * restart, and every call lands in the trail.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { kubeconfigYaml } from '../../src/sandbox/state/kubeconfig.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { clusterStaticToken } from '../../src/sandbox/server/auth/kube-tokens.js';

function clientFor(sb: TestSandbox, cluster: string): CoreV1Api {
  const secrets = JSON.parse(readFileSync(join(sb.stateDir, 'kube-tls.json'), 'utf8')) as {
    caCertPem: string;
    token: string;
  };
  const kc = new KubeConfig();
  kc.loadFromString(
    kubeconfigYaml({
      clusters: [{ name: cluster, server: sb.sandbox.kubeEndpoint(cluster) }],
      caCertPem: secrets.caCertPem,
      token: (name) => clusterStaticToken(secrets.token, name),
    }),
  );
  return kc.makeApiClient(CoreV1Api);
}

describe('kube API in the sandbox', () => {
  it('serves a cluster over the sandbox listener, persists its objects and keeps its CA across restarts', async () => {
    const first = await startTestSandbox();
    const stateDir = first.stateDir;
    try {
      first.sandbox.world.kube.ensure('demo');
      const core = clientFor(first, 'demo');
      await core.createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: 'kept' }, data: { k: 'v' } },
      });
      const caBefore = readFileSync(join(stateDir, 'kube-tls.json'), 'utf8');
      const trail = first.trail().filter((e) => e.service === 'kubernetes');
      assert.ok(trail.some((e) => e.action === 'create configmaps' && !e.readOnly && e.httpStatus === 201));
      await first.cleanup({ keepState: true });

      const second = await startTestSandbox({ stateDir });
      try {
        assert.equal(readFileSync(join(stateDir, 'kube-tls.json'), 'utf8'), caBefore);
        const again = await clientFor(second, 'demo').readNamespacedConfigMap({
          name: 'kept',
          namespace: 'default',
        });
        assert.deepEqual(again.data, { k: 'v' });
      } finally {
        await second.cleanup({ keepState: true });
      }
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  });

  it('answers 404 for a cluster that does not exist', async () => {
    const sb = await startTestSandbox();
    try {
      await assert.rejects(
        clientFor(sb, 'ghost').listNamespace(),
        (err: { code?: number }) => err.code === 404,
      );
    } finally {
      await sb.cleanup();
    }
  });
});
