import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { explainAwsFailure } from './explain.js';
import { explainKubeFailure } from './explain-kube.js';
import { profilesIn } from './aws-profiles.js';

const sdkError = (name: string, message: string, status = 400) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

describe('explainAwsFailure', () => {
  const rows: { err: unknown; code: string; exit: number; hint: RegExp }[] = [
    { err: new Error('Region is missing'), code: 'E_NO_REGION', exit: 2, hint: /--region/ },
    {
      err: Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      }),
      code: 'E_AWS_CREDENTIALS',
      exit: 3,
      hint: /AWS_ACCESS_KEY_ID/,
    },
    { err: sdkError('SignatureDoesNotMatch', 'x', 403), code: 'E_AWS_SIGNATURE', exit: 3, hint: /clock/ },
    { err: sdkError('ExpiredToken', 'x', 403), code: 'E_AWS_TOKEN_EXPIRED', exit: 3, hint: /fresh/ },
    { err: sdkError('RequestExpired', 'x'), code: 'E_AWS_CLOCK_SKEW', exit: 3, hint: /clock/ },
    {
      err: sdkError('UnrecognizedClientException', 'x', 403),
      code: 'E_AWS_CREDENTIALS',
      exit: 3,
      hint: /key id/,
    },
    {
      err: sdkError('UnauthorizedOperation', 'You are not authorized', 403),
      code: 'E_AWS_ACCESS_DENIED',
      exit: 3,
      hint: /Allow CreateSubnet/,
    },
    {
      err: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), {
        code: 'ECONNREFUSED',
        address: '127.0.0.1',
        port: 4566,
      }),
      code: 'E_AWS_UNREACHABLE',
      exit: 3,
      hint: /network/,
    },
    { err: sdkError('InvalidVpcID.NotFound', 'nope'), code: 'E_AWS_API', exit: 3, hint: /re-run/ },
  ];
  for (const row of rows) {
    it(`${row.code} for ${(row.err as Error).name}: ${(row.err as Error).message}`, () => {
      const e = explainAwsFailure('CreateSubnet', row.err, { env: { HOME: '/nonexistent' } });
      assert.equal(e.code, row.code);
      assert.equal(e.exitCode, row.exit);
      assert.match(e.message, /CreateSubnet/);
      assert.match(e.hint ?? '', row.hint);
    });
  }
});

describe('explainKubeFailure', () => {
  const apiException = (code: number, message: string) =>
    Object.assign(new Error(`HTTP-Code: ${code}`), {
      code,
      body: JSON.stringify({ kind: 'Status', message }),
    });

  it('401 names the context and user and says how to refresh the kubeconfig', () => {
    const e = explainKubeFailure('list pods', apiException(401, 'Unauthorized'), {
      cluster: 'prod',
      context: 'arn:aws:eks:us-east-1:1:cluster/prod',
      user: 'admin',
    });
    assert.equal(e.code, 'E_KUBE_UNAUTHORIZED');
    assert.match(e.message, /context 'arn:aws:eks:us-east-1:1:cluster\/prod' \(user 'admin'\)/);
    assert.match(e.hint ?? '', /aws eks update-kubeconfig --name prod/);
  });

  it('403 names the identity the API server saw and how to add an access entry for it', () => {
    const e = explainKubeFailure(
      'list pods',
      apiException(
        403,
        'pods is forbidden: User "arn:aws:iam::1:role/ci" cannot list resource "pods" in API group "" at the cluster scope',
      ),
      { cluster: 'prod' },
    );
    assert.equal(e.code, 'E_KUBE_FORBIDDEN');
    assert.match(e.message, /identity 'arn:aws:iam::1:role\/ci'/);
    assert.match(
      e.hint ?? '',
      /create-access-entry --cluster-name prod --principal-arn arn:aws:iam::1:role\/ci/,
    );
    assert.match(e.hint ?? '', /AmazonEKSClusterAdminPolicy/);
  });
});

describe('profilesIn', () => {
  it('reads [profile x] and [default] in config, every section in credentials', () => {
    assert.deepEqual(profilesIn('[default]\n[profile a]\n[sso-session s]\n', 'config'), ['default', 'a']);
    assert.deepEqual(profilesIn('[b]\nk=v\n[ c ]\n', 'credentials'), ['b', 'c']);
  });
});
