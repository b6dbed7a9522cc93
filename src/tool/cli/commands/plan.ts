/**
 * `eks-cidr plan --cluster NAME`: discover the cluster, validate the request and print what apply
 * would do. Makes no change anywhere. The definition is light; the body loads when the command runs.
 */
import type { Command } from 'commander';
import type { CommandRunner } from '../types.js';
import { fromConfigFile, otherConfigFields } from '../config-file.js';
import {
  addPlanClusterOptions,
  addPlanRequestOptions,
  kubeFlagsFrom,
  planFlagsFrom,
} from './plan-options.js';

export function registerPlanCommand(
  program: Command,
  run: (cmd: Command, runner: CommandRunner) => Promise<void>,
): void {
  const cmd = program
    .command('plan')
    .description(
      'show what apply would do to give pods addresses from a secondary VPC CIDR (changes nothing)',
    );
  addPlanRequestOptions(addPlanClusterOptions(cmd))
    .option(
      '--detailed-exitcode',
      'exit 0 when there is nothing to do, 1 when apply would change something (2 and 3 stay errors), as terraform plan -detailed-exitcode',
      false,
    )
    .action(async (_opts: unknown, command: Command) => {
      const opts = command.opts<Record<string, unknown>>();
      await run(command, async (ctx) => {
        const { runPlan } = await import('./plan-run.js');
        return runPlan(ctx, {
          ...kubeFlagsFrom(opts),
          detailedExitcode: opts.detailedExitcode === true,
          flags: planFlagsFrom(opts, (k) => fromConfigFile(command, k), otherConfigFields(command)),
        });
      });
    });
}
