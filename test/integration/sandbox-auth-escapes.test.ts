/**
 * Sandbox auth and input gaps (issue 16, finding 7): EKS `k8s-aws-v1.` tokens are valid only within
 * their signed window (not dated in the future beyond a small skew, not older than 15 minutes); the
 * kubeconfig's static token is bound to its cluster; a malformed `%` escape in a Kubernetes or EKS
 * path answers 400 in the protocol's error shape, before authentication, with a trail line; and
 * `sandbox up --detach` works on a port that fetch refuses.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { eksToken as mintEksToken } from '../helpers/eks-token.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { runEksCidrIsolated as runEksCidr } from '../helpers/cli-process.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function raw(url: string, init: { ca?: string; token?: string; method?: string } = {}): Promise<Answer> {
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    // The path is written as it is: URL parsing would re-encode a malformed escape.
    const { protocol, host } = new URL(url);
    const path = url.slice(`${protocol}//${host}`.length);
    const req = request(
      `${protocol}//${host}`,
      {
        path,
        method: init.method ?? 'GET',
        ...(init.ca ? { ca: init.ca } : {}),
        headers: init.token ? { Authorization: `Bearer ${init.token}` } : {},
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('sandbox auth and malformed input', () => {
  let sb: TestSandbox;
  let ca: string;
  let demoToken: string;
  let kubeBase: string;

  before(async () => {
    sb = await startTestSandbox({ scenario: 'basic' });
    sb.sandbox.flush();
    const kubeconfig = parse(readFileSync(sb.sandbox.paths!.kubeconfig, 'utf8')) as {
      clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[];
      contexts: { name: string; context: { user: string } }[];
      users: { name: string; user: { token: string } }[];
    };
    const demo = kubeconfig.clusters.find((c) => c.name === 'demo')!;
    ca = Buffer.from(demo.cluster['certificate-authority-data'], 'base64').toString('utf8');
    const user = kubeconfig.contexts.find((c) => c.name === 'demo')!.context.user;
    demoToken = kubeconfig.users.find((u) => u.name === user)!.user.token;
    kubeBase = demo.cluster.server.replace(/\/k8s\/demo$/, '');
  });
  after(() => sb.cleanup());

  const eksToken = (cluster: string, at: number) =>
    mintEksToken(
      cluster,
      { accessKeyId: sb.env.AWS_ACCESS_KEY_ID!, secretAccessKey: sb.env.AWS_SECRET_ACCESS_KEY! },
      at,
    );

  const namespaces = (cluster: string, token: string) =>
    raw(`${kubeBase}/k8s/${cluster}/api/v1/namespaces`, { ca, token });

  it('EKS tokens are valid only within their signed window', async () => {
    const minute = 60_000;
    const cases: [string, number, number][] = [
      ['signed now', 0, 200],
      ['signed 2 minutes ahead (clock skew)', 2 * minute, 200],
      ['signed 10 minutes ago', -10 * minute, 200],
      ['dated an hour in the future', 60 * minute, 401],
      ['dated a year in the future', 365 * 24 * 60 * minute, 401],
      ['dated 10 minutes in the future', 10 * minute, 401],
      ['older than 15 minutes', -16 * minute, 401],
    ];
    for (const [name, offset, status] of cases) {
      const res = await namespaces('demo', await eksToken('demo', Date.now() + offset));
      assert.equal(res.status, status, name);
    }
  });

  it("the kubeconfig's static token works on its own cluster only", async () => {
    assert.equal((await namespaces('demo', demoToken)).status, 200);
    const other = await namespaces('other', demoToken);
    assert.equal(other.status, 401);
    assert.equal((JSON.parse(other.body) as { reason: string }).reason, 'Unauthorized');
  });

  it('a malformed escape in a Kubernetes path answers 400 (Status), before auth, with a trail line', async () => {
    for (const path of [
      '/k8s/demo/api/v1/namespaces/%zz',
      '/k8s/demo/api/v1/namespaces/%E0%A4',
      '/k8s/%zz/api',
      '/k8s/demo/%',
    ]) {
      const before = sb.trail().length;
      const res = await raw(`${kubeBase}${path}`, { ca });
      assert.equal(res.status, 400, path);
      const status = JSON.parse(res.body) as { kind: string; code: number; reason: string; message: string };
      assert.equal(status.kind, 'Status');
      assert.equal(status.code, 400);
      assert.equal(status.reason, 'BadRequest');
      assert.match(status.message, /invalid URL escape/);
      const lines = sb.trail().slice(before);
      assert.equal(lines.length, 1, path);
      assert.equal(lines[0]?.service, 'kubernetes');
      assert.equal(lines[0]?.httpStatus, 400);
      assert.equal(lines[0]?.errorCode, 'BadRequest');
    }
  });

  it('a malformed escape in an EKS path answers 400 BadRequestException, before auth, with a trail line', async () => {
    for (const path of ['/clusters/%zz', '/clusters/demo/node-groups/%E0%A4', '/clusters/%']) {
      const before = sb.trail().length;
      const res = await raw(`${sb.endpoint}${path}`);
      assert.equal(res.status, 400, path);
      assert.equal(res.headers['x-amzn-errortype'], 'BadRequestException');
      assert.match((JSON.parse(res.body) as { message: string }).message, /invalid URL escape/);
      const lines = sb.trail().slice(before);
      assert.equal(lines.length, 1, path);
      assert.equal(lines[0]?.service, 'eks');
      assert.equal(lines[0]?.errorCode, 'BadRequestException');
    }
  });
});

/** A port fetch refuses (the Fetch standard's bad ports) that is free here, with the next one free too. */
async function freeBadPort(): Promise<number | undefined> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
  for (const port of [6566, 6665, 6666, 6667, 6668, 10080])
    if ((await free(port)) && (await free(port + 1))) return port;
  return undefined;
}

describe('sandbox up --detach on a port fetch refuses', () => {
  it('starts, answers its health check, and stops', async (t) => {
    const port = await freeBadPort();
    if (port === undefined) return t.skip('every fetch-refused port is busy on this machine');
    await assert.rejects(
      fetch(`http://127.0.0.1:${port}/`),
      'fetch refuses this port (the reason for node:http)',
    );
    const dir = mkdtempSync(join(tmpdir(), 'eks-cidr-bad-port-'));
    try {
      const up = await runEksCidr(['sandbox', 'up', '--detach', '--port', String(port), '--state-dir', dir], {
        HOME: dir,
      });
      assert.equal(up.code, 0, up.stderr);
      assert.match(up.stdout, new RegExp(`AWS_ENDPOINT_URL=http://127\\.0\\.0\\.1:${port}`));
      const health = await raw(`http://127.0.0.1:${port}/_sandbox/health`);
      assert.equal(health.status, 200);
    } finally {
      await runEksCidr(['sandbox', 'down', '--state-dir', dir], { HOME: dir });
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
