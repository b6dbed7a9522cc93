import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeConfig } from '@kubernetes/client-node';
import { kubePort } from './kube-port.js';
import { fakePagedList, type ListParams } from './testing/fake-paged-list.js';

interface Call extends ListParams {
  method: string;
}

/**
 * A fake API server: each list method serves its `total` items `limit` at a time; the continue token
 * `expireAt` is answered once with 410 Gone.
 */
function fakeApi(total: number, make: (i: number) => unknown, expireAt?: string) {
  const { list, calls } = fakePagedList<unknown, Call>(total, make, expireAt);
  const method = (name: string) => (params: Omit<Call, 'method'>) => list({ method: name, ...params });
  const api = new Proxy(
    {},
    { get: (_t, property) => (typeof property === 'string' ? method(property) : undefined) },
  );
  const kc = { makeApiClient: () => api } as unknown as KubeConfig;
  return { port: kubePort(kc), calls };
}

const object = (i: number) => ({
  metadata: { name: `o${i}`, namespace: 'default', labels: { app: 'x' } },
  spec: { replicas: 2, subnet: `subnet-${i}`, selector: { matchLabels: { app: 'x' } } },
  status: { readyReplicas: 2, disruptionsAllowed: 1 },
  reason: 'Scheduled',
  message: `m${i}`,
  type: 'Normal',
});

const pagesOf = (calls: Call[]) => calls.map((c) => [c.limit, c._continue]);

describe('the Kubernetes port: every list paged', () => {
  const cases: {
    name: string;
    method: string;
    list: (p: ReturnType<typeof kubePort>) => Promise<unknown[]>;
  }[] = [
    { name: 'listNodes', method: 'listNode', list: (p) => p.listNodes('role=x') },
    { name: 'listEniConfigs', method: 'listClusterCustomObject', list: (p) => p.listEniConfigs() },
    { name: 'listPdbs', method: 'listPodDisruptionBudgetForAllNamespaces', list: (p) => p.listPdbs() },
    { name: 'listDeployments', method: 'listDeploymentForAllNamespaces', list: (p) => p.listDeployments() },
    { name: 'podEvents', method: 'listNamespacedEvent', list: (p) => p.podEvents('default', 'web-1') },
  ];

  for (const c of cases) {
    it(`${c.name} reads every page with limit and continue, never one unpaged list`, async () => {
      const { port, calls } = fakeApi(1234, object);
      const items = await c.list(port);
      assert.equal(items.length, 1234);
      assert.ok(calls.every((x) => x.method === c.method));
      assert.deepEqual(pagesOf(calls), [
        [500, undefined],
        [500, '500'],
        [500, '1000'],
      ]);
    });

    it(`${c.name} restarts once from the first page when a continue token expired (410)`, async () => {
      const { port, calls } = fakeApi(1234, object, '1000');
      const items = await c.list(port);
      assert.equal(items.length, 1234, 'no duplicates, nothing missing');
      assert.deepEqual(pagesOf(calls), [
        [500, undefined],
        [500, '500'],
        [500, '1000'],
        [500, undefined],
        [500, '500'],
        [500, '1000'],
      ]);
    });
  }

  it('keeps the selectors on every page', async () => {
    const nodes = fakeApi(700, object);
    await nodes.port.listNodes('role=x');
    assert.ok(nodes.calls.every((c) => c.labelSelector === 'role=x'));
    const events = fakeApi(700, object);
    const got = await events.port.podEvents('default', 'web-1');
    assert.ok(
      events.calls.every((c) => c.namespace === 'default' && c.fieldSelector === 'involvedObject.name=web-1'),
    );
    assert.deepEqual(got[0], { reason: 'Scheduled', message: 'm0', type: 'Normal' });
  });

  it('a second expired token fails the list (one restart, as client-go)', async () => {
    let calls = 0;
    const api = new Proxy(
      {},
      {
        get: () => (params: { _continue?: string }) => {
          calls++;
          if (params._continue) return Promise.reject(Object.assign(new Error('Gone'), { code: 410 }));
          return Promise.resolve({ items: [object(0)], metadata: { _continue: 'next' } });
        },
      },
    );
    const port = kubePort({ makeApiClient: () => api } as unknown as KubeConfig);
    await assert.rejects(port.listDeployments(), (err: { code?: number }) => err.code === 410);
    assert.equal(calls, 4);
  });
});
