import type { CliContext, TextSink } from '../../../shared/cli/context.js';
import { isStructured } from '../../../shared/cli/structured.js';
import type { ProgressRenderer } from './events.js';
import { JsonRenderer } from './json-renderer.js';
import { PlainRenderer } from './plain-renderer.js';
import { TtyRenderer } from './tty-renderer.js';

/**
 * A terminal that can be redrawn: a TTY with a size. A pty created without one (0x0, as some CI
 * runners and `script` give) would show a live list as nothing at all, so it gets plain lines.
 */
export function canRedraw(out: TextSink): boolean {
  return out.isTTY === true && (out.columns ?? 0) > 0 && (out.rows ?? 0) > 0;
}

/** JSON lines or YAML documents for `-o json|yaml`, a live list on a sized terminal, lines otherwise. */
export function rendererFor(ctx: Pick<CliContext, 'output' | 'stdout' | 'color'>): ProgressRenderer {
  if (isStructured(ctx.output)) return new JsonRenderer(ctx.stdout, ctx.output);
  if (canRedraw(ctx.stdout)) return new TtyRenderer(ctx.stdout, ctx.color);
  return new PlainRenderer(ctx.stdout);
}
