/**
 * `eks-cidr doctor --cluster NAME`: read-only checks of a cluster's custom networking, prefix
 * delegation and subnet discovery set-up, whoever made it. The body (doctor-run.ts) loads when the
 * command runs.
 */
import type { Command } from 'commander';
import type { CommandRunner } from '../types.js';
import { addClusterOptions } from './apply-options.js';
import { kubeFlagsFrom } from './plan-options.js';

export function registerDoctorCommand(
  program: Command,
  run: (cmd: Command, runner: CommandRunner) => Promise<void>,
): void {
  const cmd = program
    .command('doctor')
    .description(
      "diagnose a cluster's pod networking (ENIConfigs, max-pods, add-on drift, routes, security groups, subnets); changes nothing, exit 1 on any error",
    );
  addClusterOptions(cmd).action(async (_opts, command: Command) =>
    run(command, async (ctx) => {
      const opts = command.opts<{ cluster: string }>();
      const { runDoctorCommand } = await import('./doctor-run.js');
      return runDoctorCommand(ctx, { cluster: opts.cluster, ...kubeFlagsFrom(opts) });
    }),
  );
}
