/**
 * An EKS bearer token as `aws eks get-token` makes it: a presigned STS GetCallerIdentity URL naming
 * the cluster in `x-k8s-aws-id`, base64url-encoded after `k8s-aws-v1.`, signed at `at` (ms).
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

export async function eksToken(
  cluster: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  at: number,
): Promise<string> {
  const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 'sts', sha256: Sha256 });
  const req = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname: 'sts.us-east-1.amazonaws.com',
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: 'sts.us-east-1.amazonaws.com', 'x-k8s-aws-id': cluster },
    },
    { signingDate: new Date(at), expiresIn: 60 },
  );
  const qs = Object.entries(req.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return `k8s-aws-v1.${Buffer.from(`https://sts.us-east-1.amazonaws.com/?${qs}`).toString('base64url')}`;
}
