/**
 * A way out of every AWS failure: turns what the SDK throws (its error `name` is AWS's code, or a
 * Node socket error, or a credential-chain error) into the tool's error with what failed, why, and
 * what to do next. One table, so every command and every call says the same thing.
 */
import { EksCidrError, ExitCode } from '../errors.js';
import { profileNames } from './aws-profiles.js';

export interface AwsFailureContext {
  /** --profile, else AWS_PROFILE. */
  profile?: string | undefined;
  env?: Record<string, string | undefined> | undefined;
}

const SIGNATURE_CODES = new Set([
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'IncompleteSignature',
  'IncompleteSignatureException',
]);
const UNKNOWN_KEY_CODES = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'AuthFailure',
  'InvalidAccessKeyId',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
]);
const EXPIRED_CODES = new Set(['ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired']);
const DENIED_CODES = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH']);

function nameOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { name?: unknown; code?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return e.code;
  // Node's fetch/http wraps "connect ECONNREFUSED" of every address in an AggregateError.
  if (Array.isArray(e.errors))
    for (const inner of e.errors as unknown[]) {
      const code = nameOf(inner);
      if (code && NETWORK_CODES.has(code)) return code;
    }
  return typeof e.name === 'string' && e.name !== 'Error' ? e.name : undefined;
}

function messageOf(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
}

function endpointOf(env: Record<string, string | undefined>, err: unknown): string | undefined {
  const e = err as { address?: unknown; port?: unknown } | null;
  if (e && typeof e.address === 'string')
    return typeof e.port === 'number' ? `${e.address}:${e.port}` : e.address;
  return env.AWS_ENDPOINT_URL_EKS ?? env.AWS_ENDPOINT_URL_EC2 ?? env.AWS_ENDPOINT_URL;
}

function profileHint(profile: string, env: Record<string, string | undefined>): EksCidrError | undefined {
  const known = profileNames(env);
  if (known.includes(profile)) return undefined;
  return new EksCidrError(
    'E_AWS_PROFILE_NOT_FOUND',
    `The AWS profile '${profile}' is not defined in ${known.files.join(' or ')}.`,
    {
      exitCode: ExitCode.Usage,
      hint:
        (known.length > 0 ? `Defined profiles: ${known.join(', ')}. ` : 'No profile is defined. ') +
        `Pass one of them with --profile (or AWS_PROFILE), or create it: aws configure --profile ${profile}`,
    },
  );
}

/** The tool's error for a failed AWS call `operation`. */
export function explainAwsFailure(
  operation: string,
  err: unknown,
  context: AwsFailureContext = {},
): EksCidrError {
  const env = context.env ?? process.env;
  const profile = context.profile ?? env.AWS_PROFILE;
  const code = nameOf(err);
  const message = messageOf(err);
  const fail = (c: string, text: string, hint: string, exitCode: ExitCode = ExitCode.Api) =>
    new EksCidrError(c, text, { exitCode, hint, cause: err });

  if (/Region is missing/i.test(message) || code === 'E_NO_REGION') {
    return (
      (profile ? profileHint(profile, env) : undefined) ??
      fail(
        'E_NO_REGION',
        `${operation}: no AWS region is configured.`,
        `Pass --region (for example --region us-east-1), set AWS_REGION, or set 'region' in the profile${profile ? ` '${profile}'` : ''} of ~/.aws/config.`,
        ExitCode.Usage,
      )
    );
  }
  if (code === 'CredentialsProviderError' || /Could not (load|resolve) credentials/i.test(message)) {
    const missingProfile = profile ? profileHint(profile, env) : undefined;
    if (missingProfile) return missingProfile;
    return fail(
      'E_AWS_CREDENTIALS',
      `${operation}: no AWS credentials found${profile ? ` for profile '${profile}'` : ''} (${message}).`,
      profile
        ? `Give the profile '${profile}' credentials (aws configure --profile ${profile}, or aws sso login --profile ${profile} for an SSO profile).`
        : 'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or name a profile with --profile / AWS_PROFILE (aws configure list-profiles lists them).',
    );
  }
  if (code && SIGNATURE_CODES.has(code)) {
    return fail(
      'E_AWS_SIGNATURE',
      `${operation}: AWS refused the request signature (${code}): the secret access key does not belong to the access key id.`,
      "Check AWS_SECRET_ACCESS_KEY (or the profile's aws_secret_access_key) against the key id; a system clock off by more than 5 minutes also breaks signatures.",
    );
  }
  if (code && EXPIRED_CODES.has(code)) {
    return fail(
      'E_AWS_TOKEN_EXPIRED',
      `${operation}: the AWS session token has expired (${code}).`,
      profile
        ? `Refresh the credentials of profile '${profile}' (aws sso login --profile ${profile} for SSO), then re-run.`
        : 'Get fresh temporary credentials (aws sso login, or assume the role again) and export them, then re-run.',
    );
  }
  if (code === 'RequestExpired') {
    return fail(
      'E_AWS_CLOCK_SKEW',
      `${operation}: AWS says the request has expired (RequestExpired).`,
      'The system clock is probably off by more than 5 minutes: sync it (timedatectl / chronyc), then re-run; expired temporary credentials give the same error, so refresh them if the clock is right.',
    );
  }
  if (code && UNKNOWN_KEY_CODES.has(code)) {
    return fail(
      'E_AWS_CREDENTIALS',
      `${operation}: AWS does not recognise the access key (${code}: ${message}).`,
      'The key id is wrong, deleted or from another partition: check AWS_ACCESS_KEY_ID or the profile, or create a new key.',
    );
  }
  if (code && DENIED_CODES.has(code)) {
    return fail(
      'E_AWS_ACCESS_DENIED',
      `${operation}: access denied (${code}: ${message}).`,
      `Allow ${operation} for your IAM identity (aws sts get-caller-identity shows which), or run with a profile that has it.`,
    );
  }
  if (code && NETWORK_CODES.has(code)) {
    const endpoint = endpointOf(env, err);
    const custom = env.AWS_ENDPOINT_URL ?? env.AWS_ENDPOINT_URL_EKS ?? env.AWS_ENDPOINT_URL_EC2;
    return fail(
      'E_AWS_UNREACHABLE',
      `${operation}: cannot reach the AWS endpoint${endpoint ? ` ${endpoint}` : ''} (${code}).`,
      custom
        ? `AWS_ENDPOINT_URL is set to ${custom}: is that endpoint (or the eks-cidr sandbox: eks-cidr sandbox status) up? Unset AWS_ENDPOINT_URL to use AWS itself.`
        : 'Check the network, proxy (HTTPS_PROXY) and DNS, and that --region names a real region.',
    );
  }
  return fail(
    'E_AWS_API',
    `${operation} failed: ${code ? `${code}: ` : ''}${message}`,
    'Fix the cause named above, then re-run (read-only commands change nothing; apply continues from what exists).',
  );
}
