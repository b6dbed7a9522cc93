/**
 * Node rotation, part 3: delete the drained old node group and wait until it is gone, from EKS and
 * from Kubernetes. EKS reports the node group deleted once its instances are terminated, but each
 * Node object is removed later and asynchronously (the cloud controller's node lifecycle controller
 * notices the terminated instance on its next pass). Until then the old nodes, with the old
 * max-pods, are still listed, and a `verify` run right after `apply` would count them: so the step
 * is done only when no Node of the group remains.
 */
import type { StepContext, StepExecutor } from './context.js';
import { NODEGROUP_LABEL } from './create-nodegroup.js';

async function waitGone(clusterName: string, nodegroupName: string, ctx: StepContext): Promise<void> {
  await ctx.waitUntil(
    `node group ${nodegroupName} and its nodes to be deleted`,
    ctx.timeouts.nodegroupDeleteMs,
    async () => {
      const now = await ctx.call(() => ctx.ports.eks.describeNodegroup(clusterName, nodegroupName));
      if (now) return { done: false, observed: `node group ${now.status}` };
      const nodes = await ctx.call(() => ctx.ports.kube.listNodes(`${NODEGROUP_LABEL}=${nodegroupName}`));
      if (nodes.length > 0) {
        return {
          done: false,
          observed: `node group deleted; ${nodes.length} node(s) still registered in Kubernetes (${nodes.map((n) => n.name).join(', ')})`,
        };
      }
      return { done: true, value: undefined };
    },
  );
}

export const deleteNodegroup: StepExecutor<'delete-nodegroup'> = {
  describe: (step) => `delete old node group ${step.target.nodegroupName}`,
  async execute(step, ctx) {
    const { clusterName, nodegroupName } = step.target;
    const eks = ctx.ports.eks;
    const ng = await ctx.call(() => eks.describeNodegroup(clusterName, nodegroupName));
    if (ng && ng.status !== 'DELETING') {
      await ctx
        .call(() => eks.deleteNodegroup(clusterName, nodegroupName))
        .catch(async (err: unknown) => {
          // ResourceInUseException on a re-send whose first response was lost: already DELETING.
          const now = await ctx.call(() => eks.describeNodegroup(clusterName, nodegroupName));
          if (now && now.status !== 'DELETING') throw err;
        });
    }
    await waitGone(clusterName, nodegroupName, ctx);
  },
  async settle(step, ctx) {
    await waitGone(step.target.clusterName, step.target.nodegroupName, ctx);
  },
};
