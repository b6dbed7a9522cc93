/**
 * Authentication as on EKS: no token, 401 (a Status); the sandbox kubeconfig's static token and an
 * `aws eks get-token` style `k8s-aws-v1.` token for the right cluster are accepted; a token minted
 * for another cluster, with the wrong secret, or expired is not.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { eksToken as mintEksToken } from '../helpers/eks-token.js';
import { startKubeHarness, TEST_CREDENTIALS, TEST_TOKEN, type KubeHarness } from './kube-harness.js';

let h: KubeHarness;

before(async () => {
  h = await startKubeHarness();
});
after(() => h.close());

function get(
  path: string,
  token?: string,
  accept?: string,
): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${h.endpoint('demo')}${path}`,
      {
        ca: h.tls.caCertPem,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(accept ? { Accept: accept } : {}),
        },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body, type: String(res.headers['content-type']) }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function eksToken(
  cluster: string,
  secret = TEST_CREDENTIALS.secretAccessKey,
  at = h.clock.now(),
): Promise<string> {
  return mintEksToken(cluster, { ...TEST_CREDENTIALS, secretAccessKey: secret }, at);
}

describe('kube API authentication', () => {
  it('answers 401 with a Status when no token is sent', async () => {
    const res = await get('/api/v1/namespaces');
    assert.equal(res.status, 401);
    assert.deepEqual(JSON.parse(res.body), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
    assert.equal((await get('/api/v1/namespaces', 'wrong-token')).status, 401);
  });

  it('lets anyone read /version, as EKS does', async () => {
    const res = await get('/version');
    assert.equal(res.status, 200);
    assert.match((JSON.parse(res.body) as { gitVersion: string }).gitVersion, /^v1\.31\.\d+-eks-/);
  });

  it('accepts the static token and EKS tokens for this cluster only', async () => {
    assert.equal((await get('/api/v1/namespaces', TEST_TOKEN)).status, 200);
    assert.equal((await get('/api/v1/namespaces', await eksToken('demo'))).status, 200);
    assert.equal((await get('/api/v1/namespaces', await eksToken('other'))).status, 401);
    assert.equal((await get('/api/v1/namespaces', await eksToken('demo', 'not-the-secret'))).status, 401);
    // Valid for 15 minutes from X-Amz-Date, as aws-iam-authenticator has it (the CLI's 60 s X-Amz-Expires aside).
    const recent = await eksToken('demo', TEST_CREDENTIALS.secretAccessKey, h.clock.now() - 14 * 60_000);
    assert.equal((await get('/api/v1/namespaces', recent)).status, 200);
    const old = await eksToken('demo', TEST_CREDENTIALS.secretAccessKey, h.clock.now() - 16 * 60_000);
    assert.equal((await get('/api/v1/namespaces', old)).status, 401);
  });

  it('answers discovery, Tables and 406 like an apiserver', async () => {
    const groups = JSON.parse((await get('/apis', TEST_TOKEN)).body) as { groups: { name: string }[] };
    assert.ok(groups.groups.some((g) => g.name === 'crd.k8s.amazonaws.com'));
    assert.ok(!JSON.stringify(groups).includes('apiextensions.k8s.io/v1beta1'));
    const table = await get(
      '/apis/apps/v1/namespaces/kube-system/daemonsets',
      TEST_TOKEN,
      'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
    );
    const t = JSON.parse(table.body) as {
      kind: string;
      columnDefinitions: { name: string }[];
      rows: { cells: unknown[] }[];
    };
    assert.equal(t.kind, 'Table');
    assert.deepEqual(t.columnDefinitions.map((c) => c.name).slice(0, 7), [
      'Name',
      'Desired',
      'Current',
      'Ready',
      'Up-to-date',
      'Available',
      'Node Selector',
    ]);
    assert.deepEqual(
      t.rows.map((r) => r.cells[0]),
      ['aws-node', 'kube-proxy'],
    );
    const aggregated = await get(
      '/apis',
      TEST_TOKEN,
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json',
    );
    assert.match(aggregated.type, /as=APIGroupDiscoveryList/);
    assert.equal((await get('/api/v1/pods', TEST_TOKEN, 'application/vnd.kubernetes.protobuf')).status, 406);
    assert.equal((await get('/apis/apiextensions.k8s.io/v1beta1', TEST_TOKEN)).status, 404);
  });
});
