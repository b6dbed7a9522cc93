import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { CoreV1Api } from '@kubernetes/client-node';
import { keptAgentFor, kubeApi } from './kube.js';
import { fakeKubeHttp, type FakeKubeHttp } from '../steps/testing/fake-kube-http.js';
import { listAllPods } from '../steps/kube-pod-pages.js';

describe('kept connections: one keep-alive agent per TLS identity', () => {
  const tls = (options: Record<string, unknown>) => new HttpsAgent(options);

  it('the same identity gets the same kept agent, whatever request made it', () => {
    const a = keptAgentFor(tls({ ca: Buffer.from('CA-1'), servername: 'api', rejectUnauthorized: true }));
    const b = keptAgentFor(tls({ ca: Buffer.from('CA-1'), servername: 'api', rejectUnauthorized: true }));
    assert.ok(a instanceof HttpsAgent);
    assert.equal(a, b);
    assert.equal((a as HttpsAgent & { keepAlive: boolean }).keepAlive, true);
  });

  it('another trust anchor, client certificate, server name or verification gets its own', () => {
    const base = { ca: Buffer.from('CA-1'), cert: 'CERT-1', key: 'KEY-1', servername: 'api' };
    const kept = keptAgentFor(tls(base));
    for (const change of [
      { ca: Buffer.from('CA-2') },
      { cert: 'CERT-2' },
      { key: 'KEY-2' },
      { servername: 'other' },
      { rejectUnauthorized: false },
    ])
      assert.notEqual(keptAgentFor(tls({ ...base, ...change })), kept, JSON.stringify(change));
  });

  it('plain HTTP keeps an http agent; a proxy agent (or none) is left alone', () => {
    assert.ok(keptAgentFor(new HttpAgent({})) instanceof HttpAgent);
    assert.ok(!(keptAgentFor(new HttpAgent({})) instanceof HttpsAgent));
    class ProxyAgent extends HttpsAgent {}
    assert.equal(keptAgentFor(new ProxyAgent({})), undefined);
    assert.equal(keptAgentFor(undefined), undefined);
  });
});

describe('kept connections over the wire', () => {
  let api: FakeKubeHttp;
  before(async () => {
    api = await fakeKubeHttp(
      Array.from({ length: 50 }, (_, k) => ({
        metadata: { name: `p${k}`, namespace: 'default' },
        spec: { containers: [] },
        status: { phase: 'Running', podIP: `100.64.0.${k}` },
      })),
    );
  });
  after(() => api.close());

  it('five pages through the gateway travel on one connection (client-node alone opens one per request)', async () => {
    const before = api.connections();
    const pods = await listAllPods(kubeApi(api.kc, CoreV1Api), {}, 10);
    assert.equal(pods.length, 50);
    assert.equal(api.connections() - before, 1);

    const direct = api.connections();
    await listAllPods(api.kc.makeApiClient(CoreV1Api), {}, 10);
    assert.equal(api.connections() - direct, 5, 'without the gateway: a new connection for every page');
  });
});
