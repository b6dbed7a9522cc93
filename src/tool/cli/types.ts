import type { CliContext } from '../../shared/cli/context.js';

/** A command's body: runs with the parsed global options and returns the exit code. */
export type CommandRunner = (ctx: CliContext) => Promise<number>;
