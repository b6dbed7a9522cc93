/**
 * The tool's commands. Each command's definition is light; its implementation module is imported
 * only when the command runs, so the SDK clients load lazily and `--help` stays fast.
 */
import type { Command } from 'commander';
import type { CommandRunner } from './types.js';
import { registerPlanCommand } from './commands/plan.js';
import { registerMaxPodsCommand } from './commands/max-pods.js';
import { registerApplyCommand } from './commands/apply.js';
import { registerVerifyCommand } from './commands/verify.js';
import { registerReportCommand } from './commands/report.js';
import { registerDestroyCommand } from './commands/destroy.js';
import { registerDoctorCommand } from './commands/doctor.js';
import { registerSnapshotCommand } from './commands/snapshot.js';

export function registerToolCommands(
  program: Command,
  run: (cmd: Command, runner: CommandRunner) => Promise<void>,
): void {
  // Commands are added here as they land (max-pods, plan, apply, verify, report, destroy).
  registerMaxPodsCommand(program, run);
  registerPlanCommand(program, run);
  registerApplyCommand(program, run);
  registerVerifyCommand(program, run);
  registerReportCommand(program, run);
  registerDoctorCommand(program, run);
  registerSnapshotCommand(program, run);
  registerDestroyCommand(program, run);
}
