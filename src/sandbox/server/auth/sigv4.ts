/**
 * AWS Signature Version 4, checked the way AWS does it: parse the client's Authorization header (or
 * presigned query), rebuild the canonical request from what arrived on the wire, sign it again with
 * the SDK's own signer (@smithy/signature-v4) and the secret the sandbox issued, compare.
 * Pure apart from hashing; the caller maps a failure to its service's error envelope.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, timingSafeEqual } from 'node:crypto';

export interface SandboxCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export const DEFAULT_CREDENTIALS: SandboxCredentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** AWS rejects a request whose signing time is more than 15 minutes off. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
/** Presigned URLs may live at most 7 days. */
export const MAX_PRESIGNED_EXPIRES_S = 7 * 24 * 3600;

export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

export type AuthFailureKind =
  /** No Authorization header nor presigned query. */
  | 'missing'
  /** Malformed Authorization header or query. */
  | 'malformed'
  /** The access key is not one the sandbox issued. */
  | 'unknown-key'
  /** Signature differs. */
  | 'signature'
  /** Signing time too far from now. */
  | 'skew'
  /** A presigned URL past X-Amz-Expires. */
  | 'expired';

export type AuthResult =
  | { ok: true; scope: CredentialScope; signedHeaders: string[] }
  | { ok: false; kind: AuthFailureKind; message: string; scope?: CredentialScope };

/** What arrived on the wire, unmodified. */
export interface WireRequest {
  method: string;
  /** Path and query as sent (`/clusters/demo?x=1`), still percent-encoded. */
  url: string;
  /** Header names lower-case (node's `req.headers`). */
  headers: Record<string, string | string[] | undefined>;
  body: Uint8Array;
}

const AUTH_RE =
  /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+)\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-f]+)\s*$/;

export function parseCredentialScope(credential: string): CredentialScope | undefined {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request') return undefined;
  const [accessKeyId, date, region, service] = parts as [string, string, string, string];
  if (!accessKeyId || !/^\d{8}$/.test(date) || !region || !service) return undefined;
  return { accessKeyId, date, region, service };
}

/** The credential scope a request claims, without checking it (used to route by service). */
export function claimedScope(req: Pick<WireRequest, 'headers' | 'url'>): CredentialScope | undefined {
  const auth = headerValue(req.headers, 'authorization');
  if (auth) {
    const m = AUTH_RE.exec(auth.trim());
    return m?.[1] ? parseCredentialScope(m[1]) : undefined;
  }
  const credential = splitUrl(req.url).query['X-Amz-Credential'];
  return typeof credential === 'string' ? parseCredentialScope(credential) : undefined;
}

/** `20260101T000000Z` -> epoch ms. */
export function parseAmzDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

export function formatAmzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

function headerValue(headers: WireRequest['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Splits a raw URL into its encoded path and decoded query (repeated keys become arrays). */
function splitUrl(url: string): { path: string; query: Record<string, string | string[]> } {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query: Record<string, string | string[]> = {};
  if (q >= 0) {
    for (const pair of url.slice(q + 1).split('&')) {
      if (!pair) continue;
      const eq = pair.indexOf('=');
      const key = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
      const value = decodeComponent(eq < 0 ? '' : pair.slice(eq + 1));
      const prev = query[key];
      query[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    }
  }
  return { path: path || '/', query };
}

function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function signerFor(credentials: SandboxCredentials, scope: CredentialScope): SignatureV4 {
  return new SignatureV4({
    credentials,
    region: scope.region,
    service: scope.service,
    sha256: Sha256,
    // S3 alone signs the path as sent; every other service double-encodes it.
    uriEscapePath: scope.service !== 's3',
    applyChecksum: false,
  });
}

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** Checks a header-signed request (`Authorization: AWS4-HMAC-SHA256 ...`). */
export async function verifySignedRequest(
  req: WireRequest,
  credentials: SandboxCredentials,
  now: number,
): Promise<AuthResult> {
  const auth = headerValue(req.headers, 'authorization');
  if (!auth) {
    if (splitUrl(req.url).query['X-Amz-Signature'] !== undefined) {
      return verifyPresignedRequest(req, credentials, now);
    }
    return { ok: false, kind: 'missing', message: 'Request is missing Authentication Token' };
  }
  const m = AUTH_RE.exec(auth.trim());
  const scope = m?.[1] ? parseCredentialScope(m[1]) : undefined;
  if (!m || !scope || !m[2] || !m[3]) {
    return {
      ok: false,
      kind: 'malformed',
      message: `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.`,
    };
  }
  if (scope.accessKeyId !== credentials.accessKeyId) {
    return {
      ok: false,
      kind: 'unknown-key',
      message: 'The security token included in the request is invalid.',
      scope,
    };
  }
  const amzDate = headerValue(req.headers, 'x-amz-date');
  const signedAt = amzDate ? parseAmzDate(amzDate.trim()) : undefined;
  if (signedAt === undefined) {
    return {
      ok: false,
      kind: 'malformed',
      message: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
      scope,
    };
  }
  if (Math.abs(now - signedAt) > MAX_CLOCK_SKEW_MS) {
    const limit = formatAmzDate(now - MAX_CLOCK_SKEW_MS);
    const message =
      signedAt < now
        ? `Signature expired: ${amzDate} is now earlier than ${limit} (${formatAmzDate(now)} - 15 min.)`
        : `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(now + MAX_CLOCK_SKEW_MS)} (${formatAmzDate(now)} + 15 min.)`;
    return { ok: false, kind: 'skew', message, scope };
  }
  const signedHeaders = m[2].toLowerCase().split(';');
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = headerValue(req.headers, name);
    if (value !== undefined) headers[name] = value;
  }
  // The signer trusts x-amz-content-sha256 when present; AWS checks it against the body.
  const claimedHash = headerValue(req.headers, 'x-amz-content-sha256');
  if (claimedHash && claimedHash !== 'UNSIGNED-PAYLOAD') {
    const actual = createHash('sha256').update(req.body).digest('hex');
    if (claimedHash !== actual) return { ok: false, kind: 'signature', message: SIGNATURE_MISMATCH, scope };
  }
  const { path, query } = splitUrl(req.url);
  const signed = await signerFor(credentials, scope).sign(
    {
      method: req.method.toUpperCase(),
      protocol: 'http:',
      hostname: headers.host ?? '',
      path,
      query,
      headers,
      body: req.body,
    },
    { signingDate: new Date(signedAt), signableHeaders: new Set(signedHeaders) },
  );
  const expected = /Signature=([0-9a-f]+)/.exec(String(signed.headers.authorization ?? ''))?.[1] ?? '';
  if (!sameSignature(expected, m[3]))
    return { ok: false, kind: 'signature', message: SIGNATURE_MISMATCH, scope };
  return { ok: true, scope, signedHeaders };
}

async function verifyPresignedRequest(
  req: WireRequest,
  credentials: SandboxCredentials,
  now: number,
): Promise<AuthResult> {
  const { path, query } = splitUrl(req.url);
  const one = (key: string): string | undefined => {
    const v = query[key];
    return Array.isArray(v) ? v[0] : v;
  };
  const credential = one('X-Amz-Credential');
  const scope = credential ? parseCredentialScope(credential) : undefined;
  const amzDate = one('X-Amz-Date');
  const signedAt = amzDate ? parseAmzDate(amzDate) : undefined;
  const expires = Number(one('X-Amz-Expires'));
  const signedHeaderList = one('X-Amz-SignedHeaders');
  const signature = one('X-Amz-Signature');
  if (
    one('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256' ||
    !scope ||
    signedAt === undefined ||
    !signedHeaderList ||
    !signature ||
    !Number.isInteger(expires) ||
    expires < 1 ||
    expires > MAX_PRESIGNED_EXPIRES_S
  ) {
    return {
      ok: false,
      kind: 'malformed',
      message:
        "AWS query-string parameters must include 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders', and 'X-Amz-Expires'.",
    };
  }
  if (scope.accessKeyId !== credentials.accessKeyId) {
    return {
      ok: false,
      kind: 'unknown-key',
      message: 'The security token included in the request is invalid.',
      scope,
    };
  }
  if (now > signedAt + expires * 1000) {
    return { ok: false, kind: 'expired', message: `Request has expired`, scope };
  }
  if (signedAt - now > MAX_CLOCK_SKEW_MS) {
    return {
      ok: false,
      kind: 'skew',
      message: `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(now + MAX_CLOCK_SKEW_MS)}`,
      scope,
    };
  }
  const signedHeaders = signedHeaderList.toLowerCase().split(';');
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = headerValue(req.headers, name);
    if (value !== undefined) headers[name] = value;
  }
  // Re-presign the request without its signature parameters; the signer adds them back.
  const bare: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(query)) {
    if (
      ![
        'X-Amz-Algorithm',
        'X-Amz-Credential',
        'X-Amz-Date',
        'X-Amz-Expires',
        'X-Amz-SignedHeaders',
        'X-Amz-Signature',
      ].includes(k)
    )
      bare[k] = v;
  }
  const presigned = await signerFor(credentials, scope).presign(
    {
      method: req.method.toUpperCase(),
      protocol: 'https:',
      hostname: headers.host ?? '',
      path,
      query: bare,
      headers,
      body: req.body.length ? req.body : undefined,
    },
    {
      signingDate: new Date(signedAt),
      expiresIn: expires,
      signableHeaders: new Set(signedHeaders),
      unhoistableHeaders: new Set(signedHeaders),
    },
  );
  const expected = String(presigned.query?.['X-Amz-Signature'] ?? '');
  if (!sameSignature(expected, signature))
    return { ok: false, kind: 'signature', message: SIGNATURE_MISMATCH, scope };
  return { ok: true, scope, signedHeaders };
}

/**
 * Checks a presigned URL as a whole (EKS `k8s-aws-v1.` tokens are a presigned STS
 * GetCallerIdentity URL whose signed headers are `host` and `x-k8s-aws-id`). `host` comes from the
 * URL; pass the other signed headers' values (`{ 'x-k8s-aws-id': clusterName }`): a token minted for
 * another cluster then fails the signature check.
 */
export async function verifyPresignedUrl(
  url: string,
  credentials: SandboxCredentials,
  now: number,
  signedHeaderValues: Record<string, string> = {},
): Promise<AuthResult> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, kind: 'malformed', message: 'not a URL' };
  }
  const headers: Record<string, string> = { host: parsed.host };
  for (const [k, v] of Object.entries(signedHeaderValues)) headers[k.toLowerCase()] = v;
  const raw = url.slice(url.indexOf(parsed.host) + parsed.host.length) || '/';
  if (!/[?&]X-Amz-Signature=/.test(raw))
    return { ok: false, kind: 'missing', message: 'Request is missing Authentication Token' };
  return verifyPresignedRequest(
    { method: 'GET', url: raw.startsWith('/') ? raw : `/${raw}`, headers, body: new Uint8Array() },
    credentials,
    now,
  );
}
