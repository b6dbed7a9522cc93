/**
 * Each service answers an authentication failure in its own words (codes as the real endpoints
 * send them): EC2 `AuthFailure` (401) / `SignatureDoesNotMatch` (403); STS
 * `MissingAuthenticationToken` / `InvalidClientTokenId` / `SignatureDoesNotMatch` (403); EKS
 * `MissingAuthenticationTokenException` / `UnrecognizedClientException` / `InvalidSignatureException` (403).
 */
import { AwsError } from '../../services/aws-error.js';
import type { AuthFailureKind } from './sigv4.js';

export type ApiService = 'ec2' | 'sts' | 'eks';

const EC2_AUTH_FAILURE = 'AWS was not able to validate the provided access credentials';

export function authError(service: ApiService, kind: AuthFailureKind, message: string): AwsError {
  switch (service) {
    case 'ec2':
      if (kind === 'signature') return new AwsError('SignatureDoesNotMatch', message, 403);
      if (kind === 'skew' || kind === 'expired')
        return new AwsError('RequestExpired', 'Request has expired.', 400);
      if (kind === 'malformed') return new AwsError('IncompleteSignature', message, 400);
      return new AwsError('AuthFailure', EC2_AUTH_FAILURE, 401);
    case 'sts':
      if (kind === 'missing') return new AwsError('MissingAuthenticationToken', message, 403);
      if (kind === 'unknown-key') return new AwsError('InvalidClientTokenId', message, 403);
      if (kind === 'malformed') return new AwsError('IncompleteSignature', message, 400);
      return new AwsError('SignatureDoesNotMatch', message, 403);
    case 'eks':
      if (kind === 'missing')
        return new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
      if (kind === 'unknown-key') return new AwsError('UnrecognizedClientException', message, 403);
      if (kind === 'malformed') return new AwsError('IncompleteSignatureException', message, 403);
      return new AwsError('InvalidSignatureException', message, 403);
  }
}

/** A request signed for another region than the sandbox's: AWS names the valid region. */
export function wrongRegionError(service: ApiService, claimed: string, region: string): AwsError {
  const message = `Credential should be scoped to a valid region, not '${claimed}'. Use '${region}'.`;
  if (service === 'ec2') return new AwsError('AuthFailure', message, 401);
  if (service === 'eks') return new AwsError('InvalidSignatureException', message, 403);
  return new AwsError('SignatureDoesNotMatch', message, 403);
}
