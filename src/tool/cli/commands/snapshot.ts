/**
 * `eks-cidr snapshot --cluster NAME [--out FILE] [--anonymize]`: a read-only capture of the cluster's
 * shape for `eks-cidr sandbox up --from FILE` (docs/snapshot.md). The body loads when the command runs.
 */
import type { Command } from 'commander';
import type { CommandRunner } from '../types.js';
import { addClusterOptions } from './apply-options.js';
import { kubeFlagsFrom } from './plan-options.js';

export function registerSnapshotCommand(
  program: Command,
  run: (cmd: Command, runner: CommandRunner) => Promise<void>,
): void {
  const cmd = program
    .command('snapshot')
    .description(
      "capture the cluster's shape (network, node groups, nodes, workloads reduced to scheduling, no secrets) as JSON for 'sandbox up --from'; read-only",
    );
  addClusterOptions(cmd)
    .option('--out <file>', 'write the snapshot to this file (default: standard output)')
    .option('--anonymize', 'replace the account, names and ids consistently', false)
    .addHelpText(
      'after',
      `
Examples:
  eks-cidr snapshot --cluster prod --out prod.snapshot.json
  eks-cidr sandbox up --from prod.snapshot.json --detach`,
    )
    .action(async (_opts, command: Command) =>
      run(command, async (ctx) => {
        const opts = command.opts<{ cluster: string; out?: string; anonymize: boolean }>();
        const { runSnapshotCommand } = await import('./snapshot-run.js');
        return runSnapshotCommand(ctx, {
          cluster: opts.cluster,
          out: opts.out,
          anonymize: opts.anonymize,
          ...kubeFlagsFrom(opts),
        });
      }),
    );
}
