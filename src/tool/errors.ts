/**
 * The tool's one error type: an EksCidrError has a stable `code`, the exit code it maps to, a `hint`
 * that says what to do, and its `cause`.
 */
import { ExitCode, UserError, type UserErrorOptions } from '../shared/errors.js';

export { ExitCode } from '../shared/errors.js';

export class EksCidrError extends UserError {
  override name = 'EksCidrError';
  constructor(code: string, message: string, options: UserErrorOptions = {}) {
    super(code, message, options);
  }
}

/** A usage or validation error (exit 2): nothing was changed. */
export function usageError(code: string, message: string, hint?: string, details?: Record<string, unknown>) {
  return new EksCidrError(code, message, { exitCode: ExitCode.Usage, hint, details });
}

/** An AWS or Kubernetes API call failed (exit 3). */
export function apiError(code: string, message: string, hint?: string, cause?: unknown) {
  return new EksCidrError(code, message, { exitCode: ExitCode.Api, hint, cause });
}
