import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { verifyPresignedUrl } from '../../src/sandbox/index.js';
import { aws, SKIP_AWS_CLI } from '../helpers/real-clients.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

describe('AWS CLI v2: STS and authentication against the sandbox', { skip: SKIP_AWS_CLI }, () => {
  let sb: TestSandbox;
  let target: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  before(async () => {
    sb = await startTestSandbox();
    target = { endpoint: sb.endpoint, region: sb.sandbox.region, credentials: sb.clientConfig.credentials };
  });
  after(async () => sb?.cleanup());

  it('aws sts get-caller-identity returns the sandbox account and user', async () => {
    const r = await aws(target, ['sts', 'get-caller-identity']);
    assert.equal(r.code, 0, r.stderr);
    const id = r.json<{ Account: string; Arn: string; UserId: string }>();
    assert.equal(id.Account, '000000000000');
    assert.equal(id.Arn, 'arn:aws:iam::000000000000:user/eks-cidr-sandbox');
    const text = await aws(target, ['sts', 'get-caller-identity', '--query', 'Account', '--output', 'text']);
    assert.equal(text.stdout.trim(), '000000000000');
  });

  it('a wrong secret or an unknown key gets the real error codes on stderr', async () => {
    const wrongSecret = await aws(
      { ...target, credentials: { accessKeyId: 'test', secretAccessKey: 'nope' } },
      ['sts', 'get-caller-identity'],
    );
    assert.notEqual(wrongSecret.code, 0);
    assert.match(
      wrongSecret.stderr,
      /\(SignatureDoesNotMatch\) when calling the GetCallerIdentity operation/,
    );
    const unknownKey = await aws(
      { ...target, credentials: { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'test' } },
      ['ec2', 'describe-vpcs'],
    );
    assert.match(
      unknownKey.stderr,
      /\(AuthFailure\) when calling the DescribeVpcs operation: AWS was not able to validate the provided access credentials/,
    );
    const eks = await aws(
      { ...target, credentials: { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'test' } },
      ['eks', 'list-clusters'],
    );
    assert.match(eks.stderr, /\(UnrecognizedClientException\) when calling the ListClusters operation/);
    const trail = sb.trail();
    assert.ok(trail.some((e) => e.errorCode === 'SignatureDoesNotMatch' && e.service === 'sts'));
    assert.ok(trail.some((e) => e.userAgent?.startsWith('aws-cli/2.')));
  });

  it('aws eks get-token makes a k8s-aws-v1 token the sandbox verifies for that cluster only', async () => {
    const r = await aws(target, ['eks', 'get-token', '--cluster-name', 'demo']);
    assert.equal(r.code, 0, r.stderr);
    const token = r.json<{ status: { token: string } }>().status.token;
    assert.match(token, /^k8s-aws-v1\./);
    const url = Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString('utf8');
    const ok = await verifyPresignedUrl(url, sb.sandbox.credentials, Date.now(), { 'x-k8s-aws-id': 'demo' });
    assert.equal(ok.ok, true, JSON.stringify(ok));
    const other = await verifyPresignedUrl(url, sb.sandbox.credentials, Date.now(), {
      'x-k8s-aws-id': 'other',
    });
    assert.equal(other.ok, false);
    const late = await verifyPresignedUrl(url, sb.sandbox.credentials, Date.now() + 20 * 60_000, {
      'x-k8s-aws-id': 'demo',
    });
    assert.equal(!late.ok && late.kind, 'expired');
  });
});
