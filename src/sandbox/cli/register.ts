/**
 * The sandbox's commands (`eks-cidr sandbox ...`). Definitions only; the server is imported when a
 * command runs.
 */
import type { Command } from 'commander';
import type { CliContext } from '../../shared/cli/context.js';

export function registerSandboxCommands(
  _program: Command,
  _run: (cmd: Command, runner: (ctx: CliContext) => Promise<number>) => Promise<void>,
): void {
  // `sandbox up|env|status|down|reset` are added with the sandbox server.
}
