import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  AssociateVpcCidrBlockCommand,
  CreateNetworkInterfaceCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { ManualClock } from '../../src/sandbox/core/clock.js';
import { startTestSandbox } from '../helpers/sandbox.js';

describe('EC2 state survives a sandbox restart', () => {
  it('keeps VPCs, CIDR association progress, subnets and ENI addresses', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'eks-cidr-ec2-'));
    const clock = new ManualClock();
    try {
      const first = await startTestSandbox({ stateDir, clock, timing: { cidrAssociate: 10_000 } });
      const ec2 = new EC2Client(first.clientConfig);
      const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc?.VpcId ?? '';
      await ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpcId, CidrBlock: '100.64.0.0/16' }));
      const subnetId =
        (
          await ec2.send(
            new CreateSubnetCommand({
              VpcId: vpcId,
              CidrBlock: '10.0.1.0/24',
              AvailabilityZone: 'us-east-1a',
            }),
          )
        ).Subnet?.SubnetId ?? '';
      await ec2.send(
        new CreateNetworkInterfaceCommand({ SubnetId: subnetId, SecondaryPrivateIpAddressCount: 4 }),
      );
      ec2.destroy();
      first.sandbox.flush();
      await first.cleanup({ keepState: true });

      clock.advance(10_000);
      const second = await startTestSandbox({ stateDir, clock, timing: { cidrAssociate: 10_000 } });
      const again = new EC2Client(second.clientConfig);
      const vpc = (await again.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs?.[0];
      assert.deepEqual(
        vpc?.CidrBlockAssociationSet?.map((a) => [a.CidrBlock, a.CidrBlockState?.State]),
        [
          ['10.0.0.0/16', 'associated'],
          ['100.64.0.0/16', 'associated'],
        ],
      );
      const subnet = (await again.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }))).Subnets?.[0];
      assert.equal(subnet?.AvailableIpAddressCount, 251 - 5);
      // IDs keep counting from the persisted state: a new VPC gets a new ID.
      const next = (await again.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }))).Vpc?.VpcId;
      assert.notEqual(next, vpcId);
      again.destroy();
      await second.cleanup({ keepState: true });
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
});
