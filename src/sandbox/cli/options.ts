/**
 * The options of the sandbox's commands and their checks, apart from the command definitions
 * (register.ts) so each command body can use them without importing the registry that loads it.
 */
import { UserError } from '../../shared/errors.js';

export interface StateDirOptions {
  stateDir?: string;
  state?: string;
}

export interface UpOptions extends StateDirOptions {
  port: string;
  kubePort?: string;
  host: string;
  scenario?: string;
  from?: string;
  /** Sizes of `--scenario large`. */
  nodes?: string;
  podsPerNode?: string;
  detach: boolean;
  latency?: string;
  throttleRate?: string;
  errorRate?: string;
  consistencyDelay?: string;
  ipamdCooldown?: string;
}

export function parseNumberOption(
  name: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new UserError('E_USAGE', `--${name} must be a number from ${min} to ${max}, got '${value}'.`);
  }
  return n;
}
