import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateVpcCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  CreateClusterCommand,
  DescribeClusterCommand,
  EKSClient,
  ListClustersCommand,
} from '@aws-sdk/client-eks';
import { ManualClock } from '../../src/sandbox/core/clock.js';
import { withSandbox } from '../helpers/sandbox.js';
import { fakeServices } from '../helpers/fake-services.js';

async function errorOf(p: Promise<unknown>): Promise<{ name: string; status: number | undefined }> {
  try {
    await p;
  } catch (err) {
    const e = err as { name: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode };
  }
  return assert.fail('expected an error');
}

describe('fault injection', () => {
  it('throttles with each service own code, and retries get through', async () => {
    await withSandbox(
      async (sb) => {
        assert.deepEqual(await errorOf(new EC2Client(sb.clientConfig).send(new DescribeVpcsCommand({}))), {
          name: 'RequestLimitExceeded',
          status: 503,
        });
        assert.deepEqual(await errorOf(new EKSClient(sb.clientConfig).send(new ListClustersCommand({}))), {
          name: 'ThrottlingException',
          status: 429,
        });
        const trail = sb.trail();
        assert.ok(trail.some((e) => e.errorCode === 'RequestLimitExceeded' && e.httpStatus === 503));
      },
      { services: fakeServices(), faults: { throttleRate: 1 }, random: () => 0 },
    );
    let draws = 0;
    // Throttle every other draw: the first attempt fails, the SDK's retry succeeds.
    const random = () => (draws++ % 2 === 0 ? 0 : 0.99);
    await withSandbox(
      async (sb) => {
        const retrying = new EC2Client({ ...sb.clientConfig, maxAttempts: 3 });
        const out = await retrying.send(new DescribeVpcsCommand({}));
        assert.equal(out.$metadata.attempts, 2);
      },
      { services: fakeServices(), faults: { throttleRate: 0.5 }, random },
    );
  });

  it('answers 500 InternalError at the configured rate, limited to the named actions', async () => {
    await withSandbox(
      async (sb) => {
        const ec2 = new EC2Client(sb.clientConfig);
        assert.deepEqual(await errorOf(ec2.send(new DescribeVpcsCommand({}))), {
          name: 'InternalError',
          status: 500,
        });
        await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
      },
      { services: fakeServices(), faults: { errorRate: 1, actions: ['DescribeVpcs'] }, random: () => 0 },
    );
  });

  it('reads faults.json from the state directory while running', async () => {
    await withSandbox(
      async (sb) => {
        const ec2 = new EC2Client(sb.clientConfig);
        await ec2.send(new DescribeVpcsCommand({}));
        writeFileSync(join(sb.stateDir, 'faults.json'), JSON.stringify({ errorRate: 1 }));
        assert.equal((await errorOf(ec2.send(new DescribeVpcsCommand({})))).name, 'InternalError');
      },
      { services: fakeServices(), random: () => 0 },
    );
  });

  it('hides just-created resources from Describe and List calls until the delay passes', async () => {
    const clock = new ManualClock();
    await withSandbox(
      async (sb) => {
        const ec2 = new EC2Client(sb.clientConfig);
        const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc?.VpcId ?? '';
        assert.deepEqual((await ec2.send(new DescribeVpcsCommand({}))).Vpcs, []);
        assert.equal(
          (await errorOf(ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] })))).name,
          'InvalidVpcID.NotFound',
        );
        const eks = new EKSClient(sb.clientConfig);
        await eks.send(
          new CreateClusterCommand({
            name: 'demo',
            roleArn: 'arn:aws:iam::000000000000:role/r',
            resourcesVpcConfig: {},
          }),
        );
        assert.deepEqual((await eks.send(new ListClustersCommand({}))).clusters, []);
        assert.equal(
          (await errorOf(eks.send(new DescribeClusterCommand({ name: 'demo' })))).name,
          'ResourceNotFoundException',
        );
        clock.advance(1_000);
        assert.equal((await ec2.send(new DescribeVpcsCommand({}))).Vpcs?.[0]?.VpcId, vpcId);
        assert.deepEqual((await eks.send(new ListClustersCommand({}))).clusters, ['demo']);
      },
      { services: fakeServices(), clock, faults: { consistencyDelayMs: 1_000 } },
    );
  });
});
