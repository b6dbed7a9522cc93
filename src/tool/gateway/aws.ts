/**
 * The AWS side of the gateway: the only place the tool constructs SDK clients (lint forbids it
 * elsewhere). Every client carries one middleware that every `send` passes: the read-only check and
 * the concurrency limit shared by the clients of one run, and the one retry layer (retry-layer.ts):
 * the SDK makes one attempt per send (`maxAttempts: 1`), this middleware sends a throttled call again
 * (the request is serialized and signed afresh each time). A backoff waits outside the limiter.
 */
import type { EC2Client, EC2ClientConfig } from '@aws-sdk/client-ec2';
import type { EKSClient, EKSClientConfig } from '@aws-sdk/client-eks';
import type { STSClient, STSClientConfig } from '@aws-sdk/client-sts';
import { gatewayCall } from './retry-layer.js';
import { DEFAULT_CONCURRENCY, isAwsRead, Limiter, readOnlyViolation, type GatewayPolicy } from './policy.js';

type MiddlewareClient = {
  middlewareStack: {
    add(
      middleware: (
        next: (args: unknown) => Promise<unknown>,
        context: { commandName?: string },
      ) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string; priority?: 'high' | 'low' },
    ): void;
  };
};

/** Installs the gateway's middleware on an SDK client. */
export function guard<C>(client: C, policy: GatewayPolicy, limiter: Limiter): C {
  (client as MiddlewareClient).middlewareStack.add(
    (next, context) => (args) => {
      const command = context.commandName ?? 'unknown';
      if (policy.readOnly && !isAwsRead(command)) return Promise.reject(readOnlyViolation('AWS', command));
      return gatewayCall(() => limiter.run(() => next(args)));
    },
    { step: 'initialize', name: 'eksCidrGateway', priority: 'high' },
  );
  return client;
}

export interface AwsGateway {
  ec2(config: EC2ClientConfig): Promise<EC2Client>;
  eks(config: EKSClientConfig): Promise<EKSClient>;
  sts(config: STSClientConfig): Promise<STSClient>;
}

/** Client factories for one run: the SDK modules load on first use, so `--help` stays fast. */
export function awsGateway(policy: GatewayPolicy = {}): AwsGateway {
  const limiter = new Limiter(policy.concurrency ?? DEFAULT_CONCURRENCY);
  return {
    ec2: async (config) =>
      guard(new (await import('@aws-sdk/client-ec2')).EC2Client(config), policy, limiter),
    eks: async (config) =>
      guard(new (await import('@aws-sdk/client-eks')).EKSClient(config), policy, limiter),
    sts: async (config) =>
      guard(new (await import('@aws-sdk/client-sts')).STSClient(config), policy, limiter),
  };
}
