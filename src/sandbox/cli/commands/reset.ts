import { rmSync } from 'node:fs';
import type { CliContext } from '../../../shared/cli/context.js';
import { ExitCode, UserError } from '../../../shared/errors.js';
import { runningSandbox, SandboxRunningError } from '../../state/runtime-lock.js';
import type { StateDirOptions } from '../options.js';
import { resolvePaths } from '../state-dir.js';

/** Deletes the state, trail and kubeconfig; faults.json (configuration) stays. */
export function runReset(opts: StateDirOptions & { yes: boolean }, ctx: CliContext): Promise<number> {
  const paths = resolvePaths(opts, ctx);
  if (!opts.yes) {
    throw new UserError(
      'E_USAGE',
      `'sandbox reset' deletes every resource in ${paths.dir}; nothing was deleted.`,
      {
        hint: 'Run it again with --yes to confirm.',
      },
    );
  }
  const running = runningSandbox(paths.runtime);
  if (running) throw new SandboxRunningError(running);
  for (const path of [paths.state, paths.journal, paths.trail, paths.kubeconfig, paths.log])
    rmSync(path, { force: true });
  ctx.stderr.write(`Reset the sandbox state in ${paths.dir}.\n`);
  return Promise.resolve(ExitCode.Success);
}
