/**
 * Who may call a cluster's API: a bearer token is required (401 otherwise), as on EKS. Accepted are
 * the static tokens the sandbox writes into its kubeconfig, and EKS `k8s-aws-v1.` tokens (what
 * `aws eks get-token` makes: a presigned STS GetCallerIdentity URL, base64url-encoded, signed with
 * the header `x-k8s-aws-id: <cluster>`), checked against the sandbox's credentials and expiry.
 * Expiry is aws-iam-authenticator's: 15 minutes from X-Amz-Date, whatever X-Amz-Expires says (the
 * CLI presigns for 60 s, and kubectl and client-node reuse a token for 14 minutes). A token dated in
 * the future is refused beyond a small clock skew: it is valid only within its signed window.
 * The kubeconfig's static tokens are bound to their cluster: each is derived from the sandbox's
 * secret and the cluster name, so the token of one cluster answers 401 on another.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { parseAmzDate, verifyPresignedUrl, type SandboxCredentials } from './sigv4.js';

export interface KubeUser {
  username: string;
  groups: string[];
}

export interface KubeAuthOptions {
  /** Tokens valid on every cluster (test harnesses). */
  staticTokens: string[];
  /** The static token of one cluster (the sandbox's kubeconfig), if it has one. */
  clusterToken?: ((clusterName: string) => string | undefined) | undefined;
  credentials: SandboxCredentials[];
  now: () => number;
}

const EKS_PREFIX = 'k8s-aws-v1.';
/** aws-iam-authenticator's presignedURLExpiration. */
export const EKS_TOKEN_LIFETIME_MS = 15 * 60 * 1000;
/** How far in the future X-Amz-Date may be (clock skew between the caller and the sandbox). */
export const EKS_TOKEN_MAX_SKEW_MS = 5 * 60 * 1000;

/** The static bearer token of one cluster, derived from the sandbox's secret. */
export function clusterStaticToken(secret: string, clusterName: string): string {
  return `sandbox-${createHmac('sha256', secret).update(clusterName).digest('hex').slice(0, 48)}`;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class KubeAuthenticator {
  constructor(private readonly options: KubeAuthOptions) {}

  /** The caller, or undefined when the request must be answered 401. */
  async authenticate(
    authorization: string | string[] | undefined,
    clusterName: string,
  ): Promise<KubeUser | undefined> {
    const header = Array.isArray(authorization) ? authorization[0] : authorization;
    const token = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
    if (!token) return undefined;
    const own = this.options.clusterToken?.(clusterName);
    if (this.options.staticTokens.some((t) => sameToken(t, token)) || (own && sameToken(own, token))) {
      return { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] };
    }
    if (token.startsWith(EKS_PREFIX)) return this.eksToken(token.slice(EKS_PREFIX.length), clusterName);
    return undefined;
  }

  private async eksToken(encoded: string, clusterName: string): Promise<KubeUser | undefined> {
    if (!/^[A-Za-z0-9_-]+$/.test(encoded)) return undefined;
    const url = Buffer.from(encoded, 'base64url').toString('utf8');
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return undefined;
    }
    if (parsed.searchParams.get('Action') !== 'GetCallerIdentity') return undefined;
    const signedHeaders = (parsed.searchParams.get('X-Amz-SignedHeaders') ?? '').split(';');
    if (!signedHeaders.includes('x-k8s-aws-id')) return undefined;
    const signedAt = parseAmzDate(parsed.searchParams.get('X-Amz-Date') ?? '');
    const now = this.options.now();
    if (signedAt === undefined || now > signedAt + EKS_TOKEN_LIFETIME_MS) return undefined;
    if (signedAt > now + EKS_TOKEN_MAX_SKEW_MS) return undefined;
    for (const credentials of this.options.credentials) {
      // The signature is checked as of its signing time; the lifetime was checked above.
      const result = await verifyPresignedUrl(url, credentials, signedAt, {
        'x-k8s-aws-id': clusterName,
      });
      if (result.ok) {
        return {
          username: `arn:aws:iam::000000000000:user/${result.scope.accessKeyId}`,
          groups: ['system:masters', 'system:authenticated'],
        };
      }
    }
    return undefined;
  }
}
