/**
 * Whether to colour output, by the conventions most command-line tools share (and Node.js documents):
 * `--no-color` always wins; FORCE_COLOR forces colour even into a pipe (FORCE_COLOR=0 or false turns it
 * off) and overrides NO_COLOR; NO_COLOR (any non-empty value) turns it off; otherwise colour only on
 * a terminal that is not TERM=dumb.
 */
export interface ColorInputs {
  /** commander's `color`: false after `--no-color`. */
  flag: boolean;
  env: Record<string, string | undefined>;
  isTTY: boolean;
}

export function colorEnabled({ flag, env, isTTY }: ColorInputs): boolean {
  if (!flag) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !/^(0|false)$/i.test(force.trim());
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY && env.TERM !== 'dumb';
}
