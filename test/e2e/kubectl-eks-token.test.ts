/**
 * The EKS way in: `aws eks update-kubeconfig --name demo` (AWS CLI v2) writes a kubeconfig with the
 * sandbox CA from DescribeCluster and an exec user running `aws eks get-token`; kubectl then talks
 * to the sandbox with TLS verified and a `k8s-aws-v1.` token the API checks against the sandbox's
 * credentials. The sandbox's own kubeconfig (static token) works too.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { KUBECTL, SKIP_KUBECTL } from './kubectl-harness.js';

const AWS = process.env.EKS_CIDR_AWS_CLI || '/usr/bin/aws';
const awsOk = spawnSync(AWS, ['--version'], { encoding: 'utf8' });
const SKIP_AWS =
  (awsOk.status === 0 && /aws-cli\/2\./.test(awsOk.stdout + awsOk.stderr)) ||
  process.env.EKS_CIDR_REQUIRE_REAL_CLIENTS === '1'
    ? false
    : 'AWS CLI v2 not found (set EKS_CIDR_AWS_CLI)';

let sb: TestSandbox;

function run(
  cmd: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { env: { ...process.env, ...env }, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe('kubectl with an aws eks update-kubeconfig kubeconfig', { skip: SKIP_KUBECTL || SKIP_AWS }, () => {
  before(async () => {
    sb = await startTestSandbox({ scenario: 'basic' });
  });
  after(() => sb?.cleanup());

  it('reaches the cluster with an aws eks get-token token and TLS verified', async () => {
    const kubeconfig = join(sb.stateDir, 'kubeconfig-aws');
    const env = {
      ...sb.env,
      HOME: sb.stateDir,
      // The exec plugin runs `aws` from PATH: make it the CLI v2.
      PATH: `${AWS.replace(/\/aws$/, '')}:${process.env.PATH ?? ''}`,
    };
    const update = await run(
      AWS,
      [
        'eks',
        'update-kubeconfig',
        '--name',
        'demo',
        '--endpoint-url',
        sb.endpoint,
        '--kubeconfig',
        kubeconfig,
      ],
      env,
    );
    assert.equal(update.code, 0, update.stderr);
    const got = await run(KUBECTL ?? 'kubectl', ['get', 'namespaces', '--kubeconfig', kubeconfig], env);
    assert.equal(got.code, 0, got.stderr);
    assert.match(got.stdout, /^kube-system\s+Active/m);
    const wrongSecret = await run(KUBECTL ?? 'kubectl', ['get', 'namespaces', '--kubeconfig', kubeconfig], {
      ...env,
      AWS_SECRET_ACCESS_KEY: 'not-the-secret',
    });
    assert.notEqual(wrongSecret.code, 0);
    assert.match(wrongSecret.stderr, /Unauthorized|must be logged in/);
  });

  it('reaches the cluster with the kubeconfig the sandbox writes', async () => {
    const got = await run(
      KUBECTL ?? 'kubectl',
      ['get', 'daemonsets', '-n', 'kube-system', '--kubeconfig', join(sb.stateDir, 'kubeconfig')],
      { HOME: sb.stateDir },
    );
    assert.equal(got.code, 0, got.stderr);
    assert.match(got.stdout, /^aws-node\s/m);
  });
});
