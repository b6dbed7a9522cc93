import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chooseContext, sameServer } from './kube.js';
import { EksCidrError } from '../errors.js';

const contexts = [
  { name: 'other', server: 'https://10.0.0.1/k8s/other' },
  { name: 'demo-a', server: 'https://127.0.0.1:8443/k8s/demo/' },
  { name: 'demo-b', server: 'https://127.0.0.1:8443/k8s/demo' },
];
const endpoint = 'https://127.0.0.1:8443/k8s/demo';

describe('chooseContext', () => {
  it('picks the current context when it points at the cluster, else the first that does', () => {
    assert.equal(
      chooseContext({ contexts, current: 'demo-b', requested: undefined, endpoint, clusterName: 'demo' })
        .name,
      'demo-b',
    );
    assert.equal(
      chooseContext({ contexts, current: 'other', requested: undefined, endpoint, clusterName: 'demo' }).name,
      'demo-a',
    );
  });

  it('refuses a --context that points at another cluster', () => {
    assert.throws(
      () => chooseContext({ contexts, current: 'demo-a', requested: 'other', endpoint, clusterName: 'demo' }),
      (err: unknown) =>
        err instanceof EksCidrError &&
        err.code === 'E_KUBE_CONTEXT_MISMATCH' &&
        err.exitCode === 2 &&
        /points at https:\/\/10\.0\.0\.1/.test(err.message),
    );
  });

  it('refuses when no context points at the cluster, and an unknown --context', () => {
    assert.throws(
      () =>
        chooseContext({
          contexts: [contexts[0]!],
          current: 'other',
          requested: undefined,
          endpoint,
          clusterName: 'demo',
        }),
      (err: unknown) =>
        err instanceof EksCidrError &&
        err.code === 'E_KUBE_CONTEXT_MISMATCH' &&
        /update-kubeconfig --name demo/.test(err.hint ?? ''),
    );
    assert.throws(
      () => chooseContext({ contexts, current: undefined, requested: 'nope', endpoint, clusterName: 'demo' }),
      (err: unknown) => err instanceof EksCidrError && err.code === 'E_KUBE_CONTEXT_NOT_FOUND',
    );
  });
});

describe('sameServer', () => {
  it('ignores a trailing slash, host case and the default port', () => {
    assert.ok(sameServer('https://EXAMPLE.com/', 'https://example.com:443'));
    assert.ok(!sameServer('https://example.com/k8s/a', 'https://example.com/k8s/b'));
  });
});
