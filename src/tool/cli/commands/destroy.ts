/** `eks-cidr destroy`: the definition; the body (destroy-run.ts) loads when the command runs. */
import type { Command } from 'commander';
import type { CommandRunner } from '../types.js';
import { addClusterOptions, addEngineOptions } from './apply-options.js';
import { kubeFlagsFrom } from './plan-options.js';

export function registerDestroyCommand(
  program: Command,
  run: (cmd: Command, runner: CommandRunner) => Promise<void>,
): void {
  const cmd = program
    .command('destroy')
    .description('undo what eks-cidr created (only resources with its ownership tags), in reverse order');
  addClusterOptions(cmd);
  addEngineOptions(cmd);
  cmd
    .option('-y, --yes', 'do not ask for confirmation', false)
    .option(
      '--force',
      'even while pods use the pod subnets: turn custom networking off and rotate nodes back first',
      false,
    )
    .option('--drain-timeout <seconds>', 'how long each drain may take (with --force)')
    .option(
      '--dry-run',
      'print what destroy would delete, keep and refuse (-o json|yaml for data); change nothing',
      false,
    )
    .action(async (_opts, command: Command) =>
      run(command, async (ctx) => {
        const opts = command.opts<{
          cluster: string;
          yes: boolean;
          force: boolean;
          dryRun: boolean;
          drainTimeout?: string;
          pollInterval?: number;
          lockDuration?: number;
        }>();
        const { runDestroyCommand } = await import('./destroy-run.js');
        return runDestroyCommand(ctx, { ...opts, ...kubeFlagsFrom(opts) });
      }),
    );
}
