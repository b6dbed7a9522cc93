/**
 * A raw SigV4-signed HTTP call to the sandbox, for wire-level tests that need a request no SDK would
 * send (an unknown action, a wrong version, a hand-written body).
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

export interface SignedFetchOptions {
  endpoint: string;
  service: 'ec2' | 'sts' | 'eks';
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  method?: string;
  path?: string;
  body?: string;
  contentType?: string;
}

export async function signedFetch(opts: SignedFetchOptions): Promise<Response> {
  const url = new URL(opts.path ?? '/', opts.endpoint);
  const method = opts.method ?? 'POST';
  const body = opts.body ?? '';
  const signer = new SignatureV4({
    credentials: opts.credentials ?? { accessKeyId: 'test', secretAccessKey: 'test' },
    region: opts.region ?? 'us-east-1',
    service: opts.service,
    sha256: Sha256,
  });
  const query: Record<string, string> = {};
  url.searchParams.forEach((v, k) => (query[k] = v));
  const signed = await signer.sign({
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query,
    headers: {
      host: url.host,
      ...(body
        ? { 'content-type': opts.contentType ?? 'application/x-www-form-urlencoded; charset=utf-8' }
        : {}),
    },
    body: body || undefined,
  });
  return fetch(url, { method, headers: signed.headers, body: body || undefined });
}
