/**
 * Tags an existing subnet (CreateTags): the subnet-discovery tag on a pod subnet made before, or
 * `kubernetes.io/role/cni=0` on a node subnet. Idempotent: tags already in place are not sent again.
 */
import type { StepExecutor } from './context.js';
import { resolveSubnet } from './context.js';

export const tagSubnet: StepExecutor<'tag-subnet'> = {
  describe: (step) =>
    `tag subnet ${step.target.subnet.subnetId ?? step.target.subnet.zone} with ${step.desired.tags.map((t) => `${t.key}=${t.value}`).join(', ')}`,
  async execute(step, ctx) {
    const subnetId = resolveSubnet(step.target.subnet, ctx);
    const subnets = await ctx.call(() => ctx.ports.ec2.listSubnets(ctx.vpcId));
    const now = subnets.find((s) => s.subnetId === subnetId)?.tags ?? [];
    const missing = step.desired.tags.filter((t) => !now.some((x) => x.key === t.key && x.value === t.value));
    if (missing.length > 0) await ctx.call(() => ctx.ports.ec2.tagSubnets([subnetId], missing));
    return { subnetId };
  },
};
