/**
 * Associates the secondary CIDR block with the VPC and waits until it is `associated`. EC2 takes no
 * tags for a CIDR association (AssociateVpcCidrBlock has no TagSpecifications), so the block is
 * recognised on a re-run by its CIDR.
 */
import type { StepContext, StepExecutor } from './context.js';
import type { StepOf } from '../planner/types.js';
import { EksCidrError, ExitCode } from '../errors.js';

type Step = StepOf<'associate-cidr'>;

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

export const associateCidr: StepExecutor<'associate-cidr'> = {
  describe: (step) => `associate ${step.desired.cidr} with ${step.target.vpcId}`,
  async execute(step, ctx) {
    const existing = await ctx.call(() => ctx.ports.ec2.vpcCidrAssociations(step.target.vpcId));
    const live = existing.find((a) => a.cidr === step.desired.cidr && /^associat/.test(a.state));
    if (!live) {
      const created = await ctx.call(() =>
        ctx.ports.ec2.associateVpcCidrBlock(step.target.vpcId, step.desired.cidr),
      );
      ctx.progress(`association ${created.associationId} ${created.state}`);
    }
    return waitAssociated(step, ctx);
  },
  async settle(step, ctx) {
    if (step.current?.state === 'associated') return { associationId: step.current.associationId };
    return waitAssociated(step, ctx);
  },
};
