/**
 * The EC2 integration tests' target: the real sandbox (fresh state directory, SigV4-signed requests)
 * on a manual clock, and an SDK v3 EC2Client with only the endpoint changed.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { ManualClock } from '../../src/sandbox/core/clock.js';
import { instantTiming, type Timing } from '../../src/sandbox/world.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

export interface Ec2Target {
  ec2: EC2Client;
  sandbox: TestSandbox;
  endpoint: string;
  /** Moves the sandbox's clock (CIDR association, instance boot...). */
  advance(ms: number): void;
  close(): Promise<void>;
}

export async function startEc2Target(timing: Partial<Timing> = {}): Promise<Ec2Target> {
  const clock = new ManualClock();
  const sandbox = await startTestSandbox({ clock, timing: { ...instantTiming, ...timing }, seed: 42 });
  const ec2 = new EC2Client(sandbox.clientConfig);
  return {
    ec2,
    sandbox,
    endpoint: sandbox.endpoint,
    advance: (ms) => clock.advance(ms),
    close: async () => {
      ec2.destroy();
      await sandbox.cleanup();
    },
  };
}

/** The SDK error of a rejected call: `name` is EC2's code. */
export async function sdkError(
  promise: Promise<unknown>,
): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}
