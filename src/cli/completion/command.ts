/**
 * `eks-cidr completion bash|zsh|fish`: a completion script generated from the command tree at the
 * moment it runs, so it knows every command and option the installed version has.
 */
import { Argument, type Command } from 'commander';
import type { CliContext } from '../../shared/cli/context.js';
import { bashScript } from './bash.js';
import { fishScript } from './fish.js';
import { completionModel } from './model.js';
import { zshScript } from './zsh.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export function completionScript(program: Command, shell: Shell): string {
  const model = completionModel(program);
  if (shell === 'bash') return bashScript(model, program.name());
  if (shell === 'zsh') return zshScript(model, program.name());
  return fishScript(model, program.name());
}

export function registerCompletionCommand(
  program: Command,
  run: (cmd: Command, runner: (ctx: CliContext) => Promise<number>) => Promise<void>,
): void {
  program
    .command('completion')
    .description('print a shell completion script for every command and option (bash, zsh or fish)')
    .addArgument(new Argument('<shell>', 'the shell to complete in').choices(SHELLS))
    .addHelpText(
      'after',
      `
Load it in the current shell:
  bash  source <(eks-cidr completion bash)
  zsh   source <(eks-cidr completion zsh)      (after compinit)
  fish  eks-cidr completion fish | source
Or install it for every new shell:
  bash  eks-cidr completion bash > ~/.local/share/bash-completion/completions/eks-cidr
  zsh   eks-cidr completion zsh > "\${fpath[1]}/_eks-cidr"
  fish  eks-cidr completion fish > ~/.config/fish/completions/eks-cidr.fish`,
    )
    .action(async (shell: Shell, _opts, cmd: Command) =>
      run(cmd, (ctx) => {
        ctx.stdout.write(completionScript(program, shell));
        return Promise.resolve(0);
      }),
    );
}
