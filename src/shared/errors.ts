/**
 * The base of every error a user may see, from the tool, the sandbox's CLI or a shared pure module:
 * a stable `code`, the exit code it maps to, and a `hint` that says what to do. Pure: no I/O.
 * (AWS wire errors in the sandbox are a different family: they carry AWS's own codes and HTTP status.)
 */

/** Documented exit codes (README "Exit codes"). */
export const ExitCode = {
  Success: 0,
  /** Verification failed, or drift was found. */
  VerificationFailed: 1,
  /** Bad usage or a request that fails validation; nothing was changed. */
  Usage: 2,
  /** An AWS or Kubernetes API call failed. */
  Api: 3,
  /** Another eks-cidr run holds the cluster's lock. */
  LockHeld: 4,
  /** Stopped by SIGINT (Ctrl-C): 128 + 2, as shells report it. */
  Interrupted: 130,
  /** Stopped by SIGTERM: 128 + 15. */
  Terminated: 143,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface UserErrorOptions {
  /** What to do about it, in one or two sentences. */
  hint?: string | undefined;
  exitCode?: ExitCode | undefined;
  cause?: unknown;
  /** Extra machine-readable facts for `--output json`. */
  details?: Record<string, unknown> | undefined;
}

export class UserError extends Error {
  override name = 'UserError';
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: UserErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.exitCode = options.exitCode ?? ExitCode.Usage;
    this.hint = options.hint;
    this.details = options.details;
  }

  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint ? { hint: this.hint } : {}),
      exitCode: this.exitCode,
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

export function isUserError(value: unknown): value is UserError {
  return value instanceof UserError;
}

/** The signals a run stops on, and the exit code each maps to (128 + the signal number). */
export type StopSignal = 'SIGINT' | 'SIGTERM';

export function exitCodeForSignal(signal: StopSignal): ExitCode {
  return signal === 'SIGINT' ? ExitCode.Interrupted : ExitCode.Terminated;
}

/**
 * The reason a run's AbortSignal carries when the user stops it. Commands that stop early throw an
 * `E_INTERRUPTED` UserError saying what was done; the composition root adds how to continue.
 */
export class InterruptedError extends UserError {
  override name = 'InterruptedError';
  constructor(
    readonly signal: StopSignal,
    message = `interrupted by ${signal}`,
    hint?: string,
  ) {
    super('E_INTERRUPTED', message, { exitCode: exitCodeForSignal(signal), hint });
  }
}

export function isInterrupted(value: unknown): value is UserError {
  return isUserError(value) && value.code === 'E_INTERRUPTED';
}
