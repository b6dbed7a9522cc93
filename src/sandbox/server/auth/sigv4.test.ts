import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { verifyPresignedUrl, verifySignedRequest, type WireRequest } from './sigv4.js';

const creds = { accessKeyId: 'test', secretAccessKey: 'test' };
const now = Date.UTC(2026, 0, 1, 12, 0, 0);

async function signedEc2Request(
  secret = 'test',
  at = now,
  body = 'Action=DescribeVpcs&Version=2016-11-15',
): Promise<WireRequest> {
  const signer = new SignatureV4({
    credentials: { accessKeyId: 'test', secretAccessKey: secret },
    region: 'us-east-1',
    service: 'ec2',
    sha256: Sha256,
  });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      path: '/',
      query: {},
      headers: {
        host: '127.0.0.1:4566',
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': 'x',
      },
      body,
    },
    { signingDate: new Date(at) },
  );
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) headers[k.toLowerCase()] = v;
  return { method: 'POST', url: '/', headers, body: Buffer.from(body) };
}

describe('verifySignedRequest', () => {
  it('accepts a request signed by the SDK signer with the issued secret', async () => {
    const result = await verifySignedRequest(await signedEc2Request(), creds, now);
    assert.equal(result.ok, true);
    assert.equal(result.ok && result.scope.service, 'ec2');
  });

  it('rejects a wrong secret, a tampered body, an unknown key, a skewed clock and no signature', async () => {
    const wrong = await verifySignedRequest(await signedEc2Request('nope'), creds, now);
    assert.equal(!wrong.ok && wrong.kind, 'signature');
    const tampered = await signedEc2Request();
    tampered.body = Buffer.from('Action=DeleteVpc&Version=2016-11-15');
    const t = await verifySignedRequest(tampered, creds, now);
    assert.equal(!t.ok && t.kind, 'signature');
    const unknown = await verifySignedRequest(
      await signedEc2Request(),
      { ...creds, accessKeyId: 'other' },
      now,
    );
    assert.equal(!unknown.ok && unknown.kind, 'unknown-key');
    const skew = await verifySignedRequest(await signedEc2Request('test', now - 16 * 60_000), creds, now);
    assert.equal(!skew.ok && skew.kind, 'skew');
    const missing = await verifySignedRequest(
      { method: 'POST', url: '/', headers: {}, body: Buffer.from('') },
      creds,
      now,
    );
    assert.equal(!missing.ok && missing.kind, 'missing');
  });
});

describe('verifyPresignedUrl (EKS k8s-aws-v1 tokens)', () => {
  async function presign(cluster: string, at = now, expiresIn = 60): Promise<string> {
    const signer = new SignatureV4({
      credentials: creds,
      region: 'us-east-1',
      service: 'sts',
      sha256: Sha256,
    });
    const req = await signer.presign(
      {
        method: 'GET',
        protocol: 'https:',
        hostname: 'sts.us-east-1.amazonaws.com',
        path: '/',
        query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
        headers: { host: 'sts.us-east-1.amazonaws.com', 'x-k8s-aws-id': cluster },
      },
      { signingDate: new Date(at), expiresIn },
    );
    const qs = Object.entries(req.query ?? {})
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('&');
    return `https://sts.us-east-1.amazonaws.com/?${qs}`;
  }

  it('accepts a token for its cluster until it expires', async () => {
    const url = await presign('demo');
    assert.equal((await verifyPresignedUrl(url, creds, now + 30_000, { 'x-k8s-aws-id': 'demo' })).ok, true);
    const late = await verifyPresignedUrl(url, creds, now + 61_000, { 'x-k8s-aws-id': 'demo' });
    assert.equal(!late.ok && late.kind, 'expired');
  });

  it('rejects a token minted for another cluster or with another secret', async () => {
    const other = await verifyPresignedUrl(await presign('other'), creds, now, { 'x-k8s-aws-id': 'demo' });
    assert.equal(!other.ok && other.kind, 'signature');
    const bad = await verifyPresignedUrl(await presign('demo'), { ...creds, secretAccessKey: 'x' }, now, {
      'x-k8s-aws-id': 'demo',
    });
    assert.equal(!bad.ok && bad.kind, 'signature');
  });
});
