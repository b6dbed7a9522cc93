/** Node rotation, part 3: delete the drained old node group and wait until it is gone. */
import type { StepExecutor } from './context.js';

export const deleteNodegroup: StepExecutor<'delete-nodegroup'> = {
  describe: (step) => `delete old node group ${step.target.nodegroupName}`,
  async execute(step, ctx) {
    const { clusterName, nodegroupName } = step.target;
    const eks = ctx.ports.eks;
    const ng = await ctx.call(() => eks.describeNodegroup(clusterName, nodegroupName));
    if (!ng) return;
    if (ng.status !== 'DELETING') await ctx.call(() => eks.deleteNodegroup(clusterName, nodegroupName));
    await ctx.waitUntil(
      `node group ${nodegroupName} to be deleted`,
      ctx.timeouts.nodegroupDeleteMs,
      async () => {
        const now = await ctx.call(() => eks.describeNodegroup(clusterName, nodegroupName));
        return now ? { done: false, observed: now.status } : { done: true, value: undefined };
      },
    );
  },
  async settle(step, ctx) {
    const { clusterName, nodegroupName } = step.target;
    await ctx.waitUntil(
      `node group ${nodegroupName} to be deleted`,
      ctx.timeouts.nodegroupDeleteMs,
      async () => {
        const now = await ctx.call(() => ctx.ports.eks.describeNodegroup(clusterName, nodegroupName));
        return now ? { done: false, observed: now.status } : { done: true, value: undefined };
      },
    );
  },
};
