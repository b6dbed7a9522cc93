/**
 * The tool's AWS clients (SDK v3), created lazily: the SDK modules are imported only when a command
 * first talks to AWS, so `--help` and `max-pods` start fast. Region, profile and credentials come
 * from the standard chain unless flags say otherwise; the SDK itself honours `AWS_ENDPOINT_URL` and
 * `AWS_ENDPOINT_URL_EC2` / `_EKS` / `_STS`, which is how the tool is pointed at the sandbox.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { EKSClient } from '@aws-sdk/client-eks';
import type { STSClient } from '@aws-sdk/client-sts';
import { usageError } from '../errors.js';
import { explainAwsFailure } from './explain.js';
import { profileNames } from './aws-profiles.js';
import { awsGateway } from '../gateway/aws.js';

export interface AwsOptions {
  region?: string | undefined;
  profile?: string | undefined;
  /** Overrides every service's endpoint (the env variables do the same per service). */
  endpoint?: string | undefined;
  /** Explicit credentials instead of the standard chain (library callers). */
  credentials?:
    { accessKeyId: string; secretAccessKey: string; sessionToken?: string | undefined } | undefined;
  /** Let the SDK's own warnings through to stderr (--verbose); they are dropped otherwise. */
  verbose?: boolean | undefined;
  /** Where AWS_PROFILE and the shared config files are looked up (default process.env). */
  env?: Record<string, string | undefined> | undefined;
  /** Read-only commands (plan, doctor, snapshot, report, max-pods): the gateway refuses any write. */
  readOnly?: boolean | undefined;
}

/**
 * The SDK's logger: its warnings (several lines about credential sources, for example) reach the
 * terminal only with --verbose. A class of our own: the SDK falls back to console.warn for its NoOpLogger.
 */
class SdkLogger {
  constructor(private readonly verbose: boolean) {}
  debug(): void {}
  info(): void {}
  warn(...content: unknown[]): void {
    if (this.verbose) process.stderr.write(`aws-sdk warning: ${content.map(String).join(' ')}\n`);
  }
  error(...content: unknown[]): void {
    if (this.verbose) process.stderr.write(`aws-sdk error: ${content.map(String).join(' ')}\n`);
  }
}

/** A named profile must exist before a call is made: the SDK would only say "Region is missing". */
function checkProfile(options: AwsOptions): void {
  const env = options.env ?? process.env;
  const profile = options.profile ?? env.AWS_PROFILE;
  if (!profile) return;
  const known = profileNames(env);
  if (known.includes(profile)) return;
  throw usageError(
    'E_AWS_PROFILE_NOT_FOUND',
    `The AWS profile '${profile}'${options.profile ? '' : ' (AWS_PROFILE)'} is not defined in ${known.files.join(' or ')}.`,
    (known.length > 0 ? `Defined profiles: ${known.join(', ')}. ` : 'No profile is defined there. ') +
      `Pass one with --profile, or create it: aws configure --profile ${profile}`,
  );
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
    ...(options.credentials ? { credentials: options.credentials } : {}),
    // One attempt per send: the gateway's retry layer (gateway/retry-layer.ts) is the only retry, so a
    // throttled call is sent at most RETRY_POLICY.maxAttempts times, not SDK attempts x ours.
    maxAttempts: 1,
    logger: new SdkLogger(options.verbose === true),
  };
}

/** One lazily created client per service (from the gateway, gateway/aws.ts), shared by every caller. */
export function createAwsClients(options: AwsOptions = {}): AwsClients {
  const config = clientConfig(options);
  const checked = new Promise<void>((resolve) => {
    checkProfile(options);
    resolve();
  });
  checked.catch(() => undefined); // reported by the first client asked for
  const gateway = awsGateway({ readOnly: options.readOnly });
  let ec2: Promise<EC2Client> | undefined;
  let eks: Promise<EKSClient> | undefined;
  let sts: Promise<STSClient> | undefined;
  const created: { destroy(): void }[] = [];
  const track = <T extends { destroy(): void }>(client: T): T => {
    created.push(client);
    return client;
  };
  const clients: AwsClients = {
    ec2: () => (ec2 ??= checked.then(() => gateway.ec2(config)).then(track)),
    eks: () => (eks ??= checked.then(() => gateway.eks(config)).then(track)),
    sts: () => (sts ??= checked.then(() => gateway.sts(config)).then(track)),
    async region() {
      const client = await clients.ec2();
      try {
        return await client.config.region();
      } catch (err) {
        throw explainAwsFailure('Resolving the region', err, { profile: options.profile, env: options.env });
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

/** Turns an SDK failure into the tool's error, naming the call, the cause and what to do. */
export function toApiError(operation: string, err: unknown) {
  return explainAwsFailure(operation, err);
}

/** Runs one AWS call (retried by the gateway) and maps its failure. */
export async function awsCall<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toApiError(operation, err);
  }
}
