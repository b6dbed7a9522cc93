import type { CliContext } from '../../../shared/cli/context.js';
import { formatStructured, isStructured } from '../../../shared/cli/structured.js';
import { ExitCode, UserError } from '../../../shared/errors.js';
import type { StateDirOptions } from '../options.js';
import { resolvePaths } from '../state-dir.js';

/** Prints the sandbox's current state (snapshot + journal) in state.json's form. */
export async function runDump(opts: StateDirOptions, ctx: CliContext): Promise<number> {
  const paths = resolvePaths(opts, ctx);
  const { dumpState } = await import('../../dump.js');
  const dump = await dumpState(paths.dir, { log: (line) => ctx.stderr.write(`${line}\n`) });
  if (!dump)
    throw new UserError('E_SANDBOX_NO_STATE', `The state directory ${paths.dir} holds no sandbox state.`, {
      hint: `Start a sandbox on it with 'eks-cidr sandbox up --state-dir ${paths.dir}', or pass the --state-dir of one.`,
      exitCode: ExitCode.Usage,
    });
  if (dump.tornBytes > 0)
    ctx.stderr.write(
      `eks-cidr sandbox: left out a torn last journal line (${dump.tornBytes} bytes, never acknowledged).\n`,
    );
  let text: string;
  try {
    text = isStructured(ctx.output)
      ? formatStructured(ctx.output, dump.state)
      : `${JSON.stringify(dump.state, null, 2)}\n`;
  } catch (err) {
    // A world of thousands of nodes is more text than one string holds: the same JSON, in lines.
    if (!(err instanceof RangeError) || ctx.output === 'yaml') throw err;
    const { writeChunkedJson } = await import('../../state/chunked-json.js');
    writeChunkedJson((piece) => ctx.stdout.write(piece), dump.state);
    return ExitCode.Success;
  }
  ctx.stdout.write(text);
  return ExitCode.Success;
}
