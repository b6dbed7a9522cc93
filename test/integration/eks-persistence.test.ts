/**
 * EKS state survives a sandbox restart: clusters, node groups with their instances, add-on
 * configuration and update history, and a transition that was due while the sandbox was down.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import {
  DescribeAddonCommand,
  DescribeNodegroupCommand,
  DescribeUpdateCommand,
  EKSClient,
  UpdateAddonCommand,
} from '@aws-sdk/client-eks';
import { startTestSandbox } from '../helpers/sandbox.js';

describe('EKS persistence', () => {
  it('keeps clusters, node groups, add-on values and updates across a restart', async () => {
    const first = await startTestSandbox({ scenario: 'basic' });
    const stateDir = first.stateDir;
    try {
      const eks = new EKSClient(first.clientConfig);
      const values = '{"env":{"WARM_IP_TARGET":"5"}}';
      const { update } = await eks.send(
        new UpdateAddonCommand({ clusterName: 'demo', addonName: 'vpc-cni', configurationValues: values }),
      );
      const before = await eks.send(
        new DescribeNodegroupCommand({ clusterName: 'demo', nodegroupName: 'demo-nodes' }),
      );
      eks.destroy();
      await first.cleanup({ keepState: true });

      const second = await startTestSandbox({ stateDir });
      try {
        const again = new EKSClient(second.clientConfig);
        const after = await again.send(
          new DescribeNodegroupCommand({ clusterName: 'demo', nodegroupName: 'demo-nodes' }),
        );
        assert.deepEqual(after.nodegroup, before.nodegroup);
        const { addon } = await again.send(
          new DescribeAddonCommand({ clusterName: 'demo', addonName: 'vpc-cni' }),
        );
        assert.equal(addon?.configurationValues, values);
        const described = await again.send(
          new DescribeUpdateCommand({ name: 'demo', updateId: update?.id ?? '', addonName: 'vpc-cni' }),
        );
        assert.equal(described.update?.status, 'Successful');
        again.destroy();
      } finally {
        await second.cleanup({ keepState: true });
      }
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
});
