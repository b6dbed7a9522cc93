/** `eks-cidr report`: the definition; the body (report-run.ts) loads when the command runs. */
import type { Command } from 'commander';
import type { CommandRunner } from '../types.js';
import { addClusterOptions } from './apply-options.js';
import { kubeFlagsFrom } from './plan-options.js';

export function registerReportCommand(
  program: Command,
  run: (cmd: Command, runner: CommandRunner) => Promise<void>,
): void {
  const cmd = program
    .command('report')
    .description(
      'address usage per node and pod subnet, max-pods and pods per node group, and capacity per zone and node group',
    )
    .option(
      '--html <file>',
      'also write a self-contained HTML page: the address space to scale, capacity per zone, doctor findings',
    );
  addClusterOptions(cmd).action(async (_opts, command: Command) =>
    run(command, async (ctx) => {
      const opts = command.opts<{ cluster: string; html?: string }>();
      const { runReportCommand } = await import('./report-run.js');
      return runReportCommand(ctx, { cluster: opts.cluster, html: opts.html, ...kubeFlagsFrom(opts) });
    }),
  );
}
