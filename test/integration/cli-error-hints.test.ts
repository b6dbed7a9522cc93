/**
 * Every failure a new user hits first has a way out: each row runs the real eks-cidr process with a
 * broken environment and checks the exit code, the stable code, and that the message names the cause
 * and the next step.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const bin = fileURLToPath(new URL('../../../bin/eks-cidr.js', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string>, cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { PATH: process.env.PATH ?? '', AWS_EC2_METADATA_DISABLED: 'true', ...env },
      cwd,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface Row {
  name: string;
  args: string[];
  env: () => Record<string, string>;
  exit: number;
  code: string;
  says: RegExp[];
  hides?: RegExp[];
}

describe('errors through the real CLI: each names its cause and the next step', () => {
  let dir: string;
  let home: string;
  let sb: TestSandbox;
  let stub: Server;
  let stubUrl: string;
  let closedPort: number;
  let badTokenKubeconfig: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eks-cidr-hints-'));
    home = join(dir, 'home');
    mkdirSync(join(home, '.aws'), { recursive: true });
    writeFileSync(
      join(home, '.aws', 'config'),
      '[default]\nregion = us-east-1\n[profile dev]\nregion = us-east-1\n',
    );
    // A sandbox in ./.sandbox of the working directory, whose environment the runs below do not load.
    sb = await startTestSandbox({ scenario: 'basic', stateDir: join(dir, 'work', '.sandbox') });
    const kc = readFileSync(sb.sandbox.paths!.kubeconfig, 'utf8');
    badTokenKubeconfig = join(dir, 'bad-token.kubeconfig');
    writeFileSync(badTokenKubeconfig, kc.replace(/token: .*/g, 'token: not-the-token'));
    // An EKS endpoint that says the session token has expired, as AWS does.
    stub = createServer((req, res) => {
      req.resume();
      res.writeHead(403, { 'content-type': 'application/json', 'x-amzn-errortype': 'ExpiredTokenException' });
      res.end(JSON.stringify({ message: 'The security token included in the request is expired' }));
    });
    await new Promise<void>((r) => stub.listen(0, '127.0.0.1', r));
    stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    closedPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
  });
  after(async () => {
    await new Promise((r) => stub.close(r));
    await sb.cleanup({ keepState: true });
    rmSync(dir, { recursive: true, force: true });
  });

  const keys = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };
  const rows: Row[] = [
    {
      name: 'missing region',
      args: ['plan', '--cluster', 'demo'],
      env: () => ({ HOME: join(dir, 'nowhere'), ...keys }),
      exit: 2,
      code: 'E_NO_REGION',
      says: [/no AWS region is configured/, /--region/, /AWS_REGION/],
    },
    {
      name: 'unknown profile (--profile), named with the ones that exist',
      args: ['plan', '--cluster', 'demo', '--profile', 'nosuch'],
      env: () => ({ HOME: home }),
      exit: 2,
      code: 'E_AWS_PROFILE_NOT_FOUND',
      says: [
        /profile 'nosuch' is not defined/,
        /Defined profiles: default, dev/,
        /aws configure --profile nosuch/,
      ],
    },
    {
      name: 'missing profile (AWS_PROFILE)',
      args: ['plan', '--cluster', 'demo'],
      env: () => ({ HOME: home, AWS_PROFILE: 'gone' }),
      exit: 2,
      code: 'E_AWS_PROFILE_NOT_FOUND',
      says: [/profile 'gone' \(AWS_PROFILE\) is not defined/],
    },
    {
      name: 'no credentials (and the sandbox of ./.sandbox is not loaded)',
      args: ['plan', '--cluster', 'demo'],
      env: () => ({ HOME: join(dir, 'nowhere'), AWS_REGION: 'us-east-1' }),
      exit: 3,
      code: 'E_AWS_CREDENTIALS',
      says: [
        /no AWS credentials found/,
        /AWS_ACCESS_KEY_ID/,
        /A sandbox is running in \.\/\.sandbox .*eval "\$\(eks-cidr sandbox env\)"/,
      ],
    },
    {
      name: 'bad signature',
      args: ['plan', '--cluster', 'demo'],
      env: () => ({ ...sb.env, HOME: home, AWS_SECRET_ACCESS_KEY: 'wrong' }),
      exit: 3,
      code: 'E_AWS_SIGNATURE',
      says: [/refused the request signature \(InvalidSignatureException\)/, /AWS_SECRET_ACCESS_KEY/, /clock/],
    },
    {
      name: 'expired session token',
      args: ['plan', '--cluster', 'demo'],
      env: () => ({
        HOME: home,
        ...keys,
        AWS_SESSION_TOKEN: 'old',
        AWS_REGION: 'us-east-1',
        AWS_ENDPOINT_URL: stubUrl,
      }),
      exit: 3,
      code: 'E_AWS_TOKEN_EXPIRED',
      says: [/session token has expired \(ExpiredTokenException\)/, /fresh temporary credentials/],
    },
    {
      name: 'connection refused',
      args: ['plan', '--cluster', 'demo'],
      env: () => ({
        HOME: home,
        ...keys,
        AWS_REGION: 'us-east-1',
        AWS_ENDPOINT_URL: `http://127.0.0.1:${closedPort}`,
      }),
      exit: 3,
      code: 'E_AWS_UNREACHABLE',
      says: [
        /cannot reach the AWS endpoint .*ECONNREFUSED/,
        /is that endpoint \(or the eks-cidr sandbox: eks-cidr sandbox status\) up/,
      ],
    },
    {
      name: 'Kubernetes 401: names the context and how to refresh the kubeconfig',
      args: ['plan', '--cluster', 'demo', '--kubeconfig', '<bad-token>'],
      env: () => ({ ...sb.env, HOME: home }),
      exit: 3,
      code: 'E_KUBE_UNAUTHORIZED',
      says: [/HTTP 401 Unauthorized/, /context 'demo'/, /aws eks update-kubeconfig --name demo/],
    },
    {
      name: "the SDK's own warnings stay off the terminal",
      args: ['plan', '--cluster', 'demo'],
      env: () => ({
        HOME: home,
        AWS_PROFILE: 'dev',
        ...keys,
        AWS_ENDPOINT_URL: `http://127.0.0.1:${closedPort}`,
      }),
      exit: 3,
      code: 'E_AWS_',
      says: [],
      hides: [/Multiple credential sources/, /WARNING/],
    },
  ];

  for (const row of rows) {
    it(row.name, async () => {
      const args = row.args.map((a) => (a === '<bad-token>' ? badTokenKubeconfig : a));
      const r = await run(args, row.env(), join(dir, 'work'));
      const out = r.stderr + r.stdout;
      assert.equal(r.code, row.exit, out);
      assert.match(out, new RegExp(`\\[${row.code}`));
      for (const re of row.says) assert.match(out, re);
      for (const re of row.hides ?? []) assert.doesNotMatch(out, re);
      assert.doesNotMatch(out, /\n\s+at /, 'no stack trace');
    });
  }

  it('--verbose lets the SDK warnings through', async () => {
    const r = await run(
      ['plan', '--cluster', 'demo', '--verbose'],
      { HOME: home, AWS_PROFILE: 'dev', ...keys, AWS_ENDPOINT_URL: `http://127.0.0.1:${closedPort}` },
      join(dir, 'work'),
    );
    assert.match(r.stderr, /Multiple credential sources/);
  });
});
