/**
 * What `max-pods` does for a type its offline table lacks: when AWS is configured (credentials, a
 * profile or an endpoint), it asks EC2 DescribeInstanceTypes; offline, or when AWS does not know the
 * type either, the unknown-type error says which, so the user knows whether to configure AWS or
 * fix the name.
 */
import type { CliContext } from '../../../shared/cli/context.js';
import { findInstanceType, instanceNetworkLimits } from '../../../shared/aws-facts/index.js';
import { isUserError, UserError } from '../../../shared/errors.js';
import { createAwsClients } from '../../adapters/aws.js';
import { profileNames } from '../../adapters/aws-profiles.js';
import { learnInstanceTypes } from '../../adapters/instance-types.js';

/** Whether a credential or endpoint source is configured, without probing the metadata service. */
export function awsConfigured(env: Record<string, string | undefined>, profile?: string): boolean {
  if (profile) return true;
  const vars = [
    'AWS_ENDPOINT_URL',
    'AWS_ENDPOINT_URL_EC2',
    'AWS_ACCESS_KEY_ID',
    'AWS_PROFILE',
    'AWS_WEB_IDENTITY_TOKEN_FILE',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  ];
  if (vars.some((v) => (env[v] ?? '') !== '')) return true;
  return profileNames(env).includes('default');
}

/** The outcome of asking AWS, for the unknown-type error. */
type Asked = { asked: false } | { asked: true; error?: string | undefined };

/** Learns what AWS says about the types the table lacks; never throws (the error says what happened). */
export async function learnUnknownTypes(ctx: CliContext, types: readonly string[]): Promise<Asked> {
  const unknown = types.filter((t) => findInstanceType(t) === undefined);
  if (unknown.length === 0 || !awsConfigured(ctx.env, ctx.profile)) return { asked: false };
  const aws = createAwsClients({
    region: ctx.region,
    profile: ctx.profile,
    verbose: ctx.verbose,
    env: ctx.env,
    readOnly: true,
  });
  try {
    await learnInstanceTypes(aws, unknown, ctx.signal);
    return { asked: true };
  } catch (err) {
    return { asked: true, error: err instanceof Error ? err.message : String(err) };
  } finally {
    aws.destroy();
  }
}

/** Checks every type is known now; an unknown one fails with what was (or was not) asked. */
export function requireKnownTypes(types: readonly string[], asked: Asked): void {
  for (const type of types) {
    try {
      instanceNetworkLimits(type);
    } catch (err) {
      if (!isUserError(err) || err.code !== 'E_UNKNOWN_INSTANCE_TYPE') throw err;
      const why = !asked.asked
        ? 'It is not in the offline table, and EC2 was not asked: no AWS credentials, profile or endpoint is configured. Configure them (or pass --profile/--region) to look it up with DescribeInstanceTypes.'
        : asked.error
          ? `It is not in the offline table, and EC2 DescribeInstanceTypes failed: ${asked.error}`
          : 'Neither the offline table nor EC2 DescribeInstanceTypes (in this region) knows it: check the name.';
      throw new UserError(err.code, err.message, {
        exitCode: err.exitCode,
        hint: `${why} ${err.hint ?? ''}`.trim(),
        details: {
          ...err.details,
          describeInstanceTypes: asked.asked ? (asked.error ? 'failed' : 'asked') : 'not asked',
        },
      });
    }
  }
}
