/** `eks-cidr verify`: the definition; the body (verify-run.ts) loads when the command runs. */
import { type Command, Option } from 'commander';
import type { CommandRunner } from '../types.js';
import { addClusterOptions, nonNegativeInt, positiveInt } from './apply-options.js';
import { kubeFlagsFrom } from './plan-options.js';

export function registerVerifyCommand(
  program: Command,
  run: (cmd: Command, runner: CommandRunner) => Promise<void>,
): void {
  const cmd = program
    .command('verify')
    .description(
      "check every pod takes its address from its zone's pod subnet and every node runs custom networking (exit 1 if not)",
    );
  addClusterOptions(cmd)
    .option(
      '--smoke',
      'also deploy a test deployment (one pod per node, spread), check its pods, and remove it; pods no node has room for fail it (E_NO_CAPACITY)',
      false,
    )
    .addOption(
      new Option(
        '--smoke-replicas <n>',
        'replicas of the smoke test (default: one per schedulable node)',
      ).argParser(positiveInt),
    )
    .addOption(new Option('--smoke-image <image>', 'image of the smoke test'))
    .addOption(
      new Option(
        '--wait <seconds>',
        "how long pods still starting may take (default 120; 180 under subnet discovery, past ipamd's 2-minute retry cooldown)",
      ).argParser(nonNegativeInt),
    )
    .addOption(
      new Option('--poll-interval <ms>', 'how often to poll pods while waiting (default 2000)').argParser(
        nonNegativeInt,
      ),
    )
    .action(async (_opts, command: Command) =>
      run(command, async (ctx) => {
        const opts = command.opts<{
          cluster: string;
          smoke: boolean;
          smokeReplicas?: number;
          smokeImage?: string;
          wait?: number;
          pollInterval?: number;
        }>();
        const { runVerifyCommand } = await import('./verify-run.js');
        return runVerifyCommand(ctx, { ...opts, ...kubeFlagsFrom(opts) });
      }),
    );
}
