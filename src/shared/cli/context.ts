/**
 * What every command handler receives from the command line's composition root (src/cli): the global
 * options and where to write. Types only; the streams are passed in, so handlers stay testable.
 */
export type OutputFormat = 'text' | 'json';

export interface TextSink {
  write(chunk: string): unknown;
  /** True when the sink is an interactive terminal. */
  isTTY?: boolean | undefined;
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
