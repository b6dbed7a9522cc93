/** A model on a manual clock with seeded IDs, for the EC2 unit tests. */
import { ManualClock } from '../../core/clock.js';
import { SeededIds } from '../../core/ids.js';
import { AwsError } from '../aws-error.js';
import { Ec2Model } from './model.js';
import type { Ec2Env } from './types.js';

export interface Fixture {
  clock: ManualClock;
  env: Ec2Env;
  ec2: Ec2Model;
}

export function fixture(timing: Partial<Ec2Env['timing']> = {}): Fixture {
  const clock = new ManualClock();
  const env: Ec2Env = {
    clock,
    ids: new SeededIds({ seed: 7, counter: 0 }),
    region: 'us-east-1',
    accountId: '123456789012',
    timing: {
      cidrAssociate: 1000,
      cidrDisassociate: 1000,
      instanceBoot: 1000,
      instanceTerminate: 1000,
      natGatewayCreate: 1000,
      ...timing,
    },
  };
  return { clock, env, ec2: new Ec2Model(env) };
}

/** Runs `fn` and returns the AwsError it throws (fails when it throws nothing or something else). */
export function awsErrorOf(fn: () => unknown): AwsError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AwsError) return error;
    throw error;
  }
  throw new Error('expected an AwsError, but the call succeeded');
}

/** A VPC 10.0.0.0/16 with one /24 subnet per zone in us-east-1a and b. */
export function basicNetwork(f: Fixture): { vpcId: string; subnetA: string; subnetB: string } {
  const vpc = f.ec2.createVpc({ cidrBlock: '10.0.0.0/16', tags: [{ key: 'Name', value: 'demo' }] });
  const a = f.ec2.createSubnet({
    vpcId: vpc.vpcId,
    cidrBlock: '10.0.1.0/24',
    availabilityZone: 'us-east-1a',
  });
  const b = f.ec2.createSubnet({
    vpcId: vpc.vpcId,
    cidrBlock: '10.0.2.0/24',
    availabilityZone: 'us-east-1b',
  });
  return { vpcId: vpc.vpcId, subnetA: a.subnetId, subnetB: b.subnetId };
}
