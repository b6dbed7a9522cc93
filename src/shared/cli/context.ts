/**
 * What every command handler receives from the command line's composition root (src/cli): the global
 * options and where to write. Types only; the streams are passed in, so handlers stay testable.
 */
export type OutputFormat = 'text' | 'json' | 'yaml';

/** The formats that print data (`-o json|yaml`) rather than text for people. */
export type StructuredFormat = Exclude<OutputFormat, 'text'>;

export interface TextSink {
  write(chunk: string): unknown;
  /** True when the sink is an interactive terminal. */
  isTTY?: boolean | undefined;
  /** The terminal's size; 0 or absent when it has none (a 0x0 pty, a pipe). */
  columns?: number | undefined;
  rows?: number | undefined;
}

export interface GlobalOptions {
  region?: string | undefined;
  profile?: string | undefined;
  output: OutputFormat;
  color: boolean;
  verbose: boolean;
}

export interface CliContext extends GlobalOptions {
  stdout: TextSink;
  stderr: TextSink;
  env: Record<string, string | undefined>;
  /** Set by the composition root; handlers return an exit code instead of calling process.exit. */
  signal: AbortSignal;
}
