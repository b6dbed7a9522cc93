/** `eks-cidr apply`: the definition; the body (apply-run.ts) loads when the command runs. */
import type { Command } from 'commander';
import type { CommandRunner } from '../types.js';
import { fromConfigFile, otherConfigFields } from '../config-file.js';
import { addEngineOptions } from './apply-options.js';
import {
  addPlanClusterOptions,
  addPlanRequestOptions,
  kubeFlagsFrom,
  planFlagsFrom,
} from './plan-options.js';

export function registerApplyCommand(
  program: Command,
  run: (cmd: Command, runner: CommandRunner) => Promise<void>,
): void {
  const cmd = program
    .command('apply')
    .description(
      'compute the plan, confirm, and make the changes: CIDR, subnets, routes, CNI, ENIConfigs, node rotation',
    );
  addPlanClusterOptions(cmd);
  addPlanRequestOptions(cmd);
  addEngineOptions(cmd);
  cmd.option('-y, --yes', 'do not ask for confirmation', false).action(async (_opts, command: Command) =>
    run(command, async (ctx) => {
      const opts = command.opts<
        Record<string, unknown> & { cluster: string; yes: boolean; concurrency: number }
      >();
      const { runApply } = await import('./apply-run.js');
      return runApply(ctx, {
        cluster: opts.cluster,
        ...kubeFlagsFrom(opts),
        yes: opts.yes,
        concurrency: opts.concurrency,
        pollInterval: opts.pollInterval as number | undefined,
        lockDuration: opts.lockDuration as number | undefined,
        stopAfter: opts.stopAfter as number | undefined,
        planFlags: planFlagsFrom(opts, (k) => fromConfigFile(command, k), otherConfigFields(command)),
      });
    }),
  );
}
