import type { CliContext } from '../../../shared/cli/context.js';
import { ExitCode, UserError } from '../../../shared/errors.js';
import { runningSandbox } from '../../state/runtime-lock.js';
import type { StateDirOptions } from '../options.js';
import { printEnv, resolvePaths } from '../state-dir.js';

export function notRunning(dir: string): UserError {
  return new UserError('E_SANDBOX_NOT_RUNNING', `No sandbox is running on ${dir}.`, {
    hint: `Start one with 'eks-cidr sandbox up --detach${dir ? ` --state-dir ${dir}` : ''}'.`,
    exitCode: ExitCode.Usage,
  });
}

export function runEnv(opts: StateDirOptions, ctx: CliContext): Promise<number> {
  const paths = resolvePaths(opts, ctx);
  const info = runningSandbox(paths.runtime);
  if (!info?.endpoint) throw notRunning(paths.dir);
  printEnv(info, ctx);
  return Promise.resolve(ExitCode.Success);
}
