import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { kubeconfigSource, mergeKubeconfigs } from './kubeconfig-merge.js';
import { loadKubeAccess } from './kube.js';
import { EksCidrError } from '../errors.js';

describe('kubeconfigSource', () => {
  it('uses --kubeconfig alone, else every KUBECONFIG entry (deduplicated, empty ones dropped)', () => {
    assert.deepEqual(kubeconfigSource({ kubeconfig: '/x', env: { KUBECONFIG: '/a' } }).paths, ['/x']);
    const env = { KUBECONFIG: ['/a', '', '/b', '/a'].join(delimiter) };
    assert.deepEqual(kubeconfigSource({ env }), {
      paths: ['/a', '/b'],
      explicit: false,
      origin: 'KUBECONFIG',
    });
    assert.deepEqual(kubeconfigSource({ env: { HOME: '/home/u' } }).paths, [
      join('/home/u', '.kube', 'config'),
    ]);
  });
});

describe('mergeKubeconfigs', () => {
  it('keeps the first definition of each name and the first current-context set', () => {
    const merged = mergeKubeconfigs([
      {
        clusters: [{ name: 'c1', v: 1 }],
        users: [],
        contexts: [{ name: 'x', v: 1 }],
        currentContext: undefined,
      },
      {
        clusters: [
          { name: 'c1', v: 2 },
          { name: 'c2', v: 2 },
        ],
        users: [{ name: 'u', v: 2 }],
        contexts: [{ name: 'x', v: 2 }],
        currentContext: 'x',
      },
      { clusters: [], users: [], contexts: [], currentContext: 'other' },
    ]);
    assert.deepEqual(merged.clusters, [
      { name: 'c1', v: 1 },
      { name: 'c2', v: 2 },
    ]);
    assert.deepEqual(merged.contexts, [{ name: 'x', v: 1 }]);
    assert.deepEqual(merged.users, [{ name: 'u', v: 2 }]);
    assert.equal(merged.currentContext, 'x');
  });
});

function kubeconfigYaml(name: string, server: string, current?: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    `clusters:\n- name: ${name}\n  cluster:\n    server: ${server}`,
    `users:\n- name: ${name}\n  user:\n    token: t-${name}`,
    `contexts:\n- name: ${name}\n  context:\n    cluster: ${name}\n    user: ${name}`,
    current ? `current-context: ${current}` : '',
  ].join('\n');
}

describe('loadKubeAccess with several KUBECONFIG files', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'eks-cidr-kubeconfig-'));
    writeFileSync(join(dir, 'a'), kubeconfigYaml('other', 'https://10.0.0.1/k8s/other', 'other'));
    // 'b' sets current-context too; the first file's wins, as with kubectl.
    writeFileSync(join(dir, 'b'), kubeconfigYaml('demo', 'https://127.0.0.1:8443/k8s/demo', 'demo'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the cluster context in a later file and skips missing files, as kubectl does', async () => {
    const env = { KUBECONFIG: [join(dir, 'missing'), join(dir, 'a'), join(dir, 'b')].join(delimiter) };
    const access = await loadKubeAccess(
      { env },
      { name: 'demo', endpoint: 'https://127.0.0.1:8443/k8s/demo' },
    );
    assert.equal(access.contextName, 'demo');
    assert.deepEqual(
      access.kubeConfig.getContexts().map((c) => c.name),
      ['other', 'demo'],
    );
    assert.equal(access.kubeConfig.getCurrentUser()?.token, 't-demo');
  });

  it('refuses an explicit --context from the first file when it points elsewhere', async () => {
    const env = { KUBECONFIG: [join(dir, 'a'), join(dir, 'b')].join(delimiter) };
    await assert.rejects(
      loadKubeAccess(
        { env, context: 'other' },
        { name: 'demo', endpoint: 'https://127.0.0.1:8443/k8s/demo' },
      ),
      (err: unknown) => err instanceof EksCidrError && err.code === 'E_KUBE_CONTEXT_MISMATCH',
    );
  });

  it('reports every path when none exists', async () => {
    const env = { KUBECONFIG: [join(dir, 'x'), join(dir, 'y')].join(delimiter) };
    await assert.rejects(
      loadKubeAccess({ env }, { name: 'demo', endpoint: 'https://127.0.0.1:8443/k8s/demo' }),
      (err: unknown) =>
        err instanceof EksCidrError &&
        err.code === 'E_KUBECONFIG_NOT_FOUND' &&
        err.message.includes(join(dir, 'y')),
    );
  });
});
