import type { OutputFormat } from '../shared/cli/context.js';
import { formatStructured, isStructured } from '../shared/cli/structured.js';
import { isUserError } from '../shared/errors.js';
import { cutLongValues } from '../shared/cli/cut-value.js';

/** Every string in a JSON error body, with long values cut (a 10 KB flag value is not echoed whole). */
function cutStrings(value: unknown): unknown {
  if (typeof value === 'string') return cutLongValues(value);
  if (Array.isArray(value)) return value.map(cutStrings);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cutStrings(v)]));
  return value;
}

/**
 * One clear message for a failure: what failed and why (the message), what to do (the hint), the
 * stable code; the stack only with --verbose. Unknown errors are reported as internal.
 */
export function formatError(err: unknown, opts: { verbose: boolean; output: OutputFormat }): string {
  if (isStructured(opts.output)) {
    const body = isUserError(err)
      ? err.toJSON()
      : { code: 'E_INTERNAL', message: err instanceof Error ? err.message : String(err), exitCode: 3 };
    return formatStructured(opts.output, { error: cutStrings(body) }, { compact: true });
  }
  const lines: string[] = [];
  if (isUserError(err)) {
    // The code goes on the first line, so a message listing several problems does not end with it.
    const [first, ...rest] = cutLongValues(err.message).split('\n');
    lines.push(`Error: ${first ?? ''} [${err.code}]`, ...rest);
    if (err.hint) lines.push(`  ${cutLongValues(err.hint)}`);
  } else {
    const message = cutLongValues(err instanceof Error ? err.message : String(err));
    lines.push(`Error: ${message} [E_INTERNAL]`);
    lines.push('  This is unexpected. Re-run with --verbose and report the output.');
  }
  if (opts.verbose && err instanceof Error && err.stack) {
    lines.push('', err.stack);
    let cause = err.cause;
    while (cause instanceof Error) {
      lines.push(`Caused by: ${cause.stack ?? cause.message}`);
      cause = cause.cause;
    }
  }
  return lines.join('\n') + '\n';
}
