/**
 * Values a user typed are echoed in messages so they can see what was refused, but a 10 KB value
 * must not flood the terminal: anything longer than LONG_VALUE is cut to its first CUT_TO
 * characters, then '...' and its length. Pure.
 */
export const CUT_TO = 64;
/** Longer than this is cut (a little above CUT_TO, so ordinary URLs and ARNs stay whole). */
export const LONG_VALUE = 120;

export function cutValue(value: string): string {
  return value.length > LONG_VALUE ? `${value.slice(0, CUT_TO)}... (${value.length} characters)` : value;
}

/** Cuts every long run of characters other than spaces and quotes in a message, and any line past 4 KB. */
export function cutLongValues(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const cut = line.replace(/[^\s'"`]{121,}/g, (run) => cutValue(run));
      return cut.length > 4096 ? `${cut.slice(0, 4096)}... (line cut at 4096 characters)` : cut;
    })
    .join('\n');
}
