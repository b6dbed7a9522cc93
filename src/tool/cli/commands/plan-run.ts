/** The body of `eks-cidr plan`: a thin layer over the library's plan(). */
import type { CliContext } from '../../../shared/cli/context.js';
import { formatStructured, isStructured } from '../../../shared/cli/structured.js';
import type { PlanFlags } from '../../config/load.js';
import { ExitCode } from '../../errors.js';
import { planWithFlags } from '../../plan.js';
import type { Plan } from '../../planner/types.js';
import type { KubeFlags } from './plan-options.js';
import { renderPlanText } from '../../planner/render.js';

export interface PlanCommandOptions extends KubeFlags {
  flags: PlanFlags;
  /** terraform plan -detailed-exitcode: 0 nothing to do, 1 changes pending (errors stay 2 and 3). */
  detailedExitcode?: boolean | undefined;
}

/** The exit code of `plan --detailed-exitcode`: whether apply would change anything. */
export function detailedExitCode(plan: Plan): number {
  return plan.steps.some((s) => s.action !== 'no-op') ? ExitCode.VerificationFailed : ExitCode.Success;
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
  ctx.stdout.write(
    isStructured(ctx.output)
      ? formatStructured(ctx.output, plan)
      : renderPlanText(plan, { color: ctx.color }),
  );
  return options.detailedExitcode ? detailedExitCode(plan) : ExitCode.Success;
}
