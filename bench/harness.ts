/**
 * A tiny benchmark harness: runs a function until a time budget is spent, reports the mean time per
 * call, and prints cases side by side as ratios to a baseline. It prints figures; it never asserts a
 * duration (timings depend on the machine).
 */
import { performance } from 'node:perf_hooks';

export interface Measurement {
  name: string;
  iterations: number;
  nsPerOp: number;
  /** Extra columns a bench wants to show (for example the input size). */
  extra?: Record<string, string | number>;
}

/** Keeps results alive so the optimiser cannot drop the measured work. */
let sink: unknown;
export function consume(value: unknown): void {
  sink = value;
}
export function lastSink(): unknown {
  return sink;
}

export function measure(
  name: string,
  fn: () => unknown,
  budgetMs = 200,
  extra?: Measurement['extra'],
): Measurement {
  // Warm up for a quarter of the budget so the JIT has compiled the code before it is timed.
  const warmUntil = performance.now() + budgetMs / 4;
  while (performance.now() < warmUntil) consume(fn());
  let iterations = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < budgetMs) {
    consume(fn());
    iterations++;
    elapsed = performance.now() - start;
  }
  return { name, iterations, nsPerOp: (elapsed * 1e6) / iterations, ...(extra ? { extra } : {}) };
}

function formatNs(ns: number): string {
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} us`;
  return `${ns.toFixed(0)} ns`;
}

/** Prints a group of measurements with each one's ratio to the first. */
export function report(title: string, rows: readonly Measurement[]): void {
  const base = rows[0]?.nsPerOp ?? 1;
  const extraKeys = [...new Set(rows.flatMap((r) => Object.keys(r.extra ?? {})))];
  const header = ['case', ...extraKeys, 'time/op', 'ops/s', 'x first'];
  const body = rows.map((r) => [
    r.name,
    ...extraKeys.map((k) => String(r.extra?.[k] ?? '')),
    formatNs(r.nsPerOp),
    Math.round(1e9 / r.nsPerOp).toLocaleString('en-US'),
    (r.nsPerOp / base).toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  for (const row of body) console.log(line(row));
}

/** Prints any table: the first column left-aligned, the others right-aligned. */
export function printTable(
  title: string,
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): void {
  const body = rows.map((row) => row.map((c) => (typeof c === 'number' ? formatNumber(c) : c)));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  for (const row of body) console.log(line(row));
}

function formatNumber(n: number): string {
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
}

/** `a / b` as `1.23x` (a ratio column). */
export function ratio(a: number, b: number): string {
  return b === 0 ? 'n/a' : `${(a / b).toFixed(2)}x`;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return NaN;
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Milliseconds with two decimals. */
export function ms(value: number): string {
  return `${value.toFixed(2)} ms`;
}
