/**
 * Plain-text tables for command output: a header row and left-aligned columns padded with two spaces,
 * numbers right-aligned. No colour and no borders, so the output pastes cleanly into tickets.
 */
export type Cell = string | number | boolean | undefined | null;

export interface Column<Row> {
  header: string;
  value: (row: Row) => Cell;
  /** Default: right for numbers, left otherwise. */
  align?: 'left' | 'right';
}

function show(cell: Cell): string {
  if (cell === undefined || cell === null) return '-';
  return String(cell);
}

export function formatTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  const cells = rows.map((row) => columns.map((column) => column.value(row)));
  const texts = cells.map((row) => row.map(show));
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...texts.map((row) => (row[i] ?? '').length)),
  );
  const alignOf = (i: number): 'left' | 'right' => {
    const explicit = columns[i]?.align;
    if (explicit) return explicit;
    return cells.length > 0 && cells.every((row) => typeof row[i] === 'number') ? 'right' : 'left';
  };
  const line = (values: readonly string[]) =>
    values
      .map((value, i) => {
        const width = widths[i] ?? 0;
        const isLast = i === values.length - 1;
        if (alignOf(i) === 'right') return value.padStart(width);
        return isLast ? value : value.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...texts.map(line)].join('\n') + '\n';
}
