/**
 * The tool's AWS clients (SDK v3), created lazily: the SDK modules are imported only when a command
 * first talks to AWS, so `--help` and `max-pods` start fast. Region, profile and credentials come
 * from the standard chain unless flags say otherwise; the SDK itself honours `AWS_ENDPOINT_URL` and
 * `AWS_ENDPOINT_URL_EC2` / `_EKS` / `_STS`, which is how the tool is pointed at the sandbox.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { EKSClient } from '@aws-sdk/client-eks';
import type { STSClient } from '@aws-sdk/client-sts';
import { withRetry } from '../engine/retry.js';
import { apiError, usageError } from '../errors.js';

export interface AwsOptions {
  region?: string | undefined;
  profile?: string | undefined;
  /** Overrides every service's endpoint (the env variables do the same per service). */
  endpoint?: string | undefined;
}

export interface AwsClients {
  /** The region the clients use, resolved through the chain. */
  region(): Promise<string>;
  ec2(): Promise<EC2Client>;
  eks(): Promise<EKSClient>;
  sts(): Promise<STSClient>;
  /** Closes the HTTP agents of every client created. */
  destroy(): void;
}

function clientConfig(options: AwsOptions) {
  return {
    ...(options.region ? { region: options.region } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    // One attempt per send: the engine's policy (engine/retry.ts) is the only retry, so a throttled
    // call is sent at most RETRY_POLICY.maxAttempts times, not SDK attempts x engine attempts.
    maxAttempts: 1,
  };
}

/** One lazily created client per service, shared by every caller. */
export function createAwsClients(options: AwsOptions = {}): AwsClients {
  const config = clientConfig(options);
  let ec2: Promise<EC2Client> | undefined;
  let eks: Promise<EKSClient> | undefined;
  let sts: Promise<STSClient> | undefined;
  const created: { destroy(): void }[] = [];
  const track = <T extends { destroy(): void }>(client: T): T => {
    created.push(client);
    return client;
  };
  const clients: AwsClients = {
    ec2: () => (ec2 ??= import('@aws-sdk/client-ec2').then((m) => track(new m.EC2Client(config)))),
    eks: () => (eks ??= import('@aws-sdk/client-eks').then((m) => track(new m.EKSClient(config)))),
    sts: () => (sts ??= import('@aws-sdk/client-sts').then((m) => track(new m.STSClient(config)))),
    async region() {
      const client = await clients.ec2();
      try {
        return await client.config.region();
      } catch (err) {
        throw usageError(
          'E_NO_REGION',
          'No AWS region is configured.',
          'Pass --region, set AWS_REGION, or set a region in your AWS profile.',
          { cause: String(err) },
        );
      }
    },
    destroy() {
      for (const client of created.splice(0)) client.destroy();
    },
  };
  return clients;
}

/** The AWS error code of an SDK error (its `name`), when it is one. */
export function awsErrorCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && '$metadata' in err && 'name' in err) {
    return String((err as { name: unknown }).name);
  }
  return undefined;
}

/** Turns an SDK failure into the tool's error (exit 3), naming the call. */
export function toApiError(operation: string, err: unknown) {
  const code = awsErrorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  if (
    code === 'CredentialsProviderError' ||
    /credential/i.test(code ?? '') ||
    /Could not load credentials/.test(message)
  ) {
    return apiError(
      'E_AWS_CREDENTIALS',
      `${operation}: no usable AWS credentials (${message})`,
      'Configure credentials (AWS_PROFILE, --profile, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY).',
      err,
    );
  }
  return apiError('E_AWS_API', `${operation} failed: ${code ? `${code}: ` : ''}${message}`, undefined, err);
}

/** Runs one AWS call under the retry policy and maps its failure. */
export async function awsCall<T>(
  operation: string,
  call: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  try {
    return await withRetry(call, { signal });
  } catch (err) {
    throw toApiError(operation, err);
  }
}
