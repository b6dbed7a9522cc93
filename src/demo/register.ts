/**
 * `eks-cidr demo`: the README's main command. It composes the sandbox and the tool, so it lives
 * outside both.
 */
import type { Command } from 'commander';
import type { CliContext } from '../shared/cli/context.js';
import { ExitCode, UserError } from '../shared/errors.js';

export function registerDemoCommand(
  program: Command,
  run: (cmd: Command, runner: (ctx: CliContext) => Promise<number>) => Promise<void>,
): void {
  program
    .command('demo')
    .description(
      'rehearse the whole job on an embedded sandbox: exhausted cluster -> plan -> apply -> verify',
    )
    .action(async (_opts, cmd: Command) =>
      run(cmd, () => {
        throw new UserError('E_DEMO_NOT_READY', 'the demo is not available yet in this version of eks-cidr', {
          exitCode: ExitCode.Usage,
          hint: 'It arrives with the apply and verify commands; `npm test` exercises what exists today.',
        });
      }),
    );
}
