/**
 * `eks-cidr demo`: the README's main command. It composes the sandbox and the tool, so it lives
 * outside both; its body loads only when it runs.
 */
import type { Command } from 'commander';
import type { CliContext } from '../shared/cli/context.js';
import type { RunCli } from './run-demo.js';

export function registerDemoCommand(
  program: Command,
  run: (cmd: Command, runner: (ctx: CliContext) => Promise<number>) => Promise<void>,
  cli: RunCli,
): void {
  program
    .command('demo')
    .description(
      'rehearse the whole job on an embedded sandbox: exhausted cluster -> plan -> apply -> verify',
    )
    .option('--keep', "keep the sandbox's state directory", false)
    .option(
      '--mode <auto|subnet-discovery|custom-networking>',
      'the mode plan and apply use (default auto: chosen from the cluster, with the reason)',
    )
    .action(async (_opts, cmd: Command) =>
      run(cmd, async (ctx) => {
        const { runDemo } = await import('./run-demo.js');
        const opts = cmd.opts<{ keep: boolean; mode?: string }>();
        return runDemo(ctx, { keep: opts.keep, mode: opts.mode, cli });
      }),
    );
}
