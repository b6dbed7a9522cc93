/**
 * Creates a zone's pod subnet with its tags in the same call (TagSpecifications), so a crash can never
 * leave an untagged subnet behind. A subnet with the same CIDR in the VPC, left by an interrupted run,
 * is reused when it carries our ownership tags.
 */
import type { StepExecutor } from './context.js';
import { EksCidrError, ExitCode } from '../errors.js';
import { errorCode } from '../engine/retry.js';
import { isOwnedBy, ownershipTags } from '../planner/ownership.js';
import type { Tag } from '../planner/types.js';

function withOwnership(tags: Tag[], cluster: string): Tag[] {
  const out = [...tags];
  for (const t of ownershipTags(cluster)) if (!out.some((x) => x.key === t.key)) out.push(t);
  return out;
}

export const createSubnet: StepExecutor<'create-subnet'> = {
  describe: (step) => `create subnet ${step.desired.cidr} in ${step.target.zone}`,
  async execute(step, ctx) {
    const { vpcId, zone } = step.target;
    const subnets = await ctx.call(() => ctx.ports.ec2.listSubnets(vpcId));
    const same = subnets.find((s) => s.cidr === step.desired.cidr);
    if (same) {
      if (!isOwnedBy(same.tags, ctx.cluster) || same.zone !== zone) {
        throw new EksCidrError(
          'E_SUBNET_CONFLICT',
          `subnet ${same.subnetId} (${same.cidr}, ${same.zone}) already exists and was not created by eks-cidr for this cluster`,
          { exitCode: ExitCode.Api, hint: 'Re-run `eks-cidr plan` to choose other subnet ranges.' },
        );
      }
      ctx.progress(`reusing ${same.subnetId}`);
      return { subnetId: same.subnetId };
    }
    const tags = withOwnership(step.desired.tags, ctx.cluster);
    try {
      const created = await ctx.call(
        () => ctx.ports.ec2.createSubnet({ vpcId, zone, cidr: step.desired.cidr, tags }),
        {
          afterCreate: true,
        },
      );
      return { subnetId: created.subnetId };
    } catch (err) {
      // A subnet created moments ago (by an interrupted run) may not be listed yet: EC2 then refuses
      // the CIDR as a conflict. Wait until it is listed and reuse it when it is ours.
      if (errorCode(err) !== 'InvalidSubnet.Conflict') throw err;
      const mine = await ctx
        .waitUntil(`subnet ${step.desired.cidr} to be listed`, 60_000, async () => {
          const now = await ctx.call(() => ctx.ports.ec2.listSubnets(vpcId));
          const found = now.find((s) => s.cidr === step.desired.cidr);
          return found ? { done: true, value: found } : { done: false, observed: 'not listed yet' };
        })
        .catch(() => {
          throw err;
        });
      if (!isOwnedBy(mine.tags, ctx.cluster)) throw err;
      return { subnetId: mine.subnetId };
    }
  },
  settle: (step) => Promise.resolve(step.current ? { subnetId: step.current.subnetId } : undefined),
};
