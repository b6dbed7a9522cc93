/**
 * The tool's commands. Each command's definition is light; its implementation module is imported
 * only when the command runs, so the SDK clients load lazily and `--help` stays fast.
 */
import type { Command } from 'commander';
import type { CommandRunner } from './types.js';
import { registerMaxPodsCommand } from './commands/max-pods.js';

export function registerToolCommands(
  program: Command,
  run: (cmd: Command, runner: CommandRunner) => Promise<void>,
): void {
  // Commands are added here as they land (max-pods, plan, apply, verify, report, destroy).
  registerMaxPodsCommand(program, run);
}
