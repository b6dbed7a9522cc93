import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CliContext } from '../../../shared/cli/context.js';
import { ExitCode } from '../../../shared/errors.js';
import { isAlive, readRuntime } from '../../state/runtime-lock.js';
import type { StateDirOptions } from '../options.js';
import { resolvePaths } from '../state-dir.js';

/** Stops the sandbox: SIGTERM (it flushes its state), then SIGKILL after 10 s. Idempotent. */
export async function runDown(opts: StateDirOptions, ctx: CliContext): Promise<number> {
  const paths = resolvePaths(opts, ctx);
  const info = readRuntime(paths.runtime);
  if (!info || !isAlive(info.pid)) {
    rmSync(paths.runtime, { force: true });
    ctx.stderr.write(`No sandbox is running on ${paths.dir}.\n`);
    return ExitCode.Success;
  }
  process.kill(info.pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (isAlive(info.pid) && Date.now() < deadline) await sleep(50);
  if (isAlive(info.pid)) {
    process.kill(info.pid, 'SIGKILL');
    rmSync(paths.runtime, { force: true });
  }
  ctx.stderr.write(`Stopped the sandbox on ${paths.dir} (pid ${info.pid}); its state is kept.\n`);
  return ExitCode.Success;
}
