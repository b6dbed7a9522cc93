import type { CliContext } from '../../../shared/cli/context.js';
import type { ProgressRenderer } from './events.js';
import { JsonRenderer } from './json-renderer.js';
import { PlainRenderer } from './plain-renderer.js';
import { TtyRenderer } from './tty-renderer.js';

/** JSON lines for `--output json`, a live list on a terminal, timestamped lines otherwise. */
export function rendererFor(ctx: Pick<CliContext, 'output' | 'stdout' | 'color'>): ProgressRenderer {
  if (ctx.output === 'json') return new JsonRenderer(ctx.stdout);
  if (ctx.stdout.isTTY === true) return new TtyRenderer(ctx.stdout, ctx.color);
  return new PlainRenderer(ctx.stdout);
}
