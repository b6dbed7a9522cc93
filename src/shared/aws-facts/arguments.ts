/**
 * Guards for the public functions of aws-facts: callers in JavaScript (or JSON from a file) can pass
 * anything, and a wrong shape must be a clear UserError, never a TypeError from deep inside.
 */
import { ExitCode, UserError } from '../errors.js';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `'${value}'` : typeof value;
}

export function invalidArgument(name: string, expected: string, value: unknown): UserError {
  return new UserError('E_INVALID_ARGUMENT', `${name} must be ${expected}, not ${describe(value)}`, {
    exitCode: ExitCode.Usage,
  });
}

export function requireObject<T extends object>(name: string, value: T | null | undefined): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidArgument(name, 'an object', value);
  }
  return value;
}

export function requireStringArray(name: string, value: readonly unknown[] | undefined): readonly string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw invalidArgument(name, 'an array of strings', value);
  }
  return value;
}

export function requireCidrAssociations(
  name: string,
  value: readonly { cidr: string; state: string }[] | undefined,
): void {
  const valid =
    Array.isArray(value) &&
    value.every(
      (a: { cidr?: unknown; state?: unknown } | null) =>
        typeof a?.cidr === 'string' && typeof a.state === 'string',
    );
  if (!valid) throw invalidArgument(name, 'an array of { cidr, state } objects', value);
}
