/** The body of `eks-cidr plan`: a thin layer over the library's plan(). */
import type { CliContext } from '../../../shared/cli/context.js';
import type { PlanFlags } from '../../config/load.js';
import { ExitCode } from '../../errors.js';
import { planWithFlags } from '../../plan.js';
import type { KubeFlags } from './plan-options.js';
import { renderPlanJson, renderPlanText } from '../../planner/render.js';

export interface PlanCommandOptions extends KubeFlags {
  flags: PlanFlags;
}

export async function runPlan(ctx: CliContext, options: PlanCommandOptions): Promise<number> {
  const plan = await planWithFlags({
    flags: { ...options.flags, region: ctx.region },
    region: ctx.region,
    profile: ctx.profile,
    kube: { kubeconfig: options.kubeconfig, context: options.context, env: ctx.env },
    signal: ctx.signal,
    verbose: ctx.verbose,
  });
  ctx.stdout.write(ctx.output === 'json' ? renderPlanJson(plan) : renderPlanText(plan, { color: ctx.color }));
  return ExitCode.Success;
}
