/**
 * `eks-cidr rehearse --cluster NAME [plan options] [--keep]`: plan, apply and verify on a twin of the
 * cluster built from a read-only snapshot (docs/rehearse.md). The twin starter is passed in by the
 * composition root, which alone may see the sandbox; the body loads when the command runs.
 */
import type { Command } from 'commander';
import type { CommandRunner } from '../types.js';
import type { TwinStarter } from '../../rehearse/types.js';
import { fromConfigFile, otherConfigFields } from '../config-file.js';
import {
  addPlanClusterOptions,
  addPlanRequestOptions,
  kubeFlagsFrom,
  planFlagsFrom,
} from './plan-options.js';
import { positiveInt } from './apply-options.js';
import { Option } from 'commander';

export function registerRehearseCommand(
  program: Command,
  run: (cmd: Command, runner: CommandRunner) => Promise<void>,
  twinStarter: () => Promise<TwinStarter>,
): void {
  const cmd = program
    .command('rehearse')
    .description(
      'rehearse apply on a local twin of the cluster (read-only snapshot, then plan, apply and verify on the twin): timeline, availability, capacity, verdict',
    );
  addPlanRequestOptions(addPlanClusterOptions(cmd))
    .option('--keep', 'leave the twin running and print the environment to reach it', false)
    .addOption(
      new Option('--verify-wait <seconds>', 'how long verify waits on the twin')
        .argParser(positiveInt)
        .hideHelp(),
    )
    .addOption(
      new Option(
        '--twin-ipamd-cooldown <seconds>',
        "ipamd's pause on the twin after an address shortage (default 120, the VPC CNI's); shorter rehearses faster but hides the wait",
      ).argParser(positiveInt),
    )
    .addHelpText(
      'after',
      `
Examples:
  eks-cidr rehearse --cluster prod --cidr 100.64.0.0/16
  eks-cidr rehearse --cluster prod --keep --output json`,
    )
    .action(async (_opts: unknown, command: Command) => {
      const opts = command.opts<Record<string, unknown>>();
      await run(command, async (ctx) => {
        const { runRehearse } = await import('../../rehearse/run-rehearse.js');
        return runRehearse(
          ctx,
          {
            cluster: String(opts['cluster']),
            ...kubeFlagsFrom(opts),
            planFlags: planFlagsFrom(opts, (k) => fromConfigFile(command, k), otherConfigFields(command)),
            keep: opts['keep'] === true,
            verifyWait: typeof opts['verifyWait'] === 'number' ? opts['verifyWait'] : undefined,
            twinIpamdCooldown:
              typeof opts['twinIpamdCooldown'] === 'number' ? opts['twinIpamdCooldown'] : undefined,
          },
          await twinStarter(),
        );
      });
    });
}
