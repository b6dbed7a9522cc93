/**
 * Associates the secondary CIDR block with the VPC and waits until it is `associated`. EC2 takes no
 * tags for a CIDR association (AssociateVpcCidrBlock has no TagSpecifications), so ownership is a tag
 * on the VPC (planner/ownership.ts): `<cluster> pending` before the call, the association id after
 * it. A crash between the two leaves `pending`, which the next run completes with the id it finds.
 * A re-sent call whose first response was lost fails with a conflict on our own CIDR: the block is
 * then live on this VPC, which is what we asked for.
 */
import type { StepContext, StepExecutor } from './context.js';
import type { StepOf } from '../planner/types.js';
import { EksCidrError, ExitCode } from '../errors.js';
import {
  CIDR_BLOCK_PENDING,
  cidrBlockOwnership,
  cidrBlockTagKey,
  cidrBlockTagValue,
} from '../planner/ownership.js';
import type { CidrAssociation } from './ports.js';

type Step = StepOf<'associate-cidr'>;

const isLive = (a: CidrAssociation, cidr: string) => a.cidr === cidr && /^associat/.test(a.state);

async function waitAssociated(step: Step, ctx: StepContext): Promise<{ associationId: string }> {
  const { vpcId } = step.target;
  return ctx.waitUntil(
    `${step.desired.cidr} to be associated with ${vpcId}`,
    ctx.timeouts.cidrAssociateMs,
    async () => {
      const all = await ctx.call(() => ctx.ports.ec2.vpcCidrAssociations(vpcId), { afterCreate: true });
      const assoc = all.find((a) => a.cidr === step.desired.cidr && !/^disassociat|^failed/.test(a.state));
      if (!assoc) {
        const failed = all.find((a) => a.cidr === step.desired.cidr && a.state === 'failed');
        if (failed) {
          throw new EksCidrError(
            'E_CIDR_ASSOCIATION_FAILED',
            `associating ${step.desired.cidr} with ${vpcId} failed`,
            {
              exitCode: ExitCode.Api,
              hint: 'Check the VPC CIDR rules with `eks-cidr plan`, then re-run.',
            },
          );
        }
        return { done: false, observed: 'association not listed yet' };
      }
      if (assoc.state === 'associated') return { done: true, value: { associationId: assoc.associationId } };
      return { done: false, observed: `state ${assoc.state}` };
    },
  );
}

function recordOwner(step: Step, ctx: StepContext, associationId: string): Promise<void> {
  const tag = {
    key: cidrBlockTagKey(step.desired.cidr),
    value: cidrBlockTagValue(ctx.cluster, associationId),
  };
  return ctx.call(() => ctx.ports.ec2.tagVpc(step.target.vpcId, [tag]));
}

/** AssociateVpcCidrBlock; a refusal after which our CIDR is live on this VPC counts as done. */
async function associate(step: Step, ctx: StepContext): Promise<CidrAssociation> {
  const { vpcId } = step.target;
  try {
    return await ctx.call(() => ctx.ports.ec2.associateVpcCidrBlock(vpcId, step.desired.cidr));
  } catch (err) {
    const now = await ctx.call(() => ctx.ports.ec2.vpcCidrAssociations(vpcId));
    const live = now.find((a) => isLive(a, step.desired.cidr));
    if (!live) throw err;
    ctx.progress(`${step.desired.cidr} is already associated (${live.associationId}): a re-sent call`);
    return live;
  }
}

export const associateCidr: StepExecutor<'associate-cidr'> = {
  describe: (step) => `associate ${step.desired.cidr} with ${step.target.vpcId}`,
  async execute(step, ctx) {
    const { vpcId } = step.target;
    const [existing, tags] = await Promise.all([
      ctx.call(() => ctx.ports.ec2.vpcCidrAssociations(vpcId)),
      ctx.call(() => ctx.ports.ec2.vpcTags(vpcId)),
    ]);
    const live = existing.find((a) => isLive(a, step.desired.cidr));
    if (!live) {
      await recordOwner(step, ctx, CIDR_BLOCK_PENDING);
      const created = await associate(step, ctx);
      await recordOwner(step, ctx, created.associationId);
      ctx.progress(`association ${created.associationId} ${created.state}`);
    } else if (cidrBlockOwnership(tags, ctx.cluster, live.cidr, live.associationId) === 'pending') {
      // An earlier run associated it and stopped before recording the association id.
      await recordOwner(step, ctx, live.associationId);
    }
    return waitAssociated(step, ctx);
  },
  async settle(step, ctx) {
    if (step.current?.state === 'associated') return { associationId: step.current.associationId };
    return waitAssociated(step, ctx);
  },
};
