/**
 * Amazon VPC CNI versions as they appear in image tags and add-on versions: `v1.18.3-eksbuild.1`,
 * `1.9.0`, `v1.12`. Only numbers are compared; the `-eksbuild.N` suffix is kept for display.
 */
import { ExitCode, UserError } from '../errors.js';
import { invalidArgument } from './arguments.js';

export interface CniVersion {
  major: number;
  minor: number;
  patch: number;
  /** Anything after '-', such as 'eksbuild.1'. */
  suffix: string | undefined;
  text: string;
}

const VERSION = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?$/;

export function parseCniVersion(text: string): CniVersion {
  if (typeof text !== 'string') throw invalidArgument('a VPC CNI version', 'a string such as 1.18.3', text);
  const shown = text;
  const match = VERSION.exec(shown.trim());
  if (!match) {
    throw new UserError('E_INVALID_CNI_VERSION', `'${shown}' is not a VPC CNI version`, {
      exitCode: ExitCode.Usage,
      hint: 'Write it as X.Y.Z, optionally with a leading v and a suffix, for example 1.18.3 or v1.18.3-eksbuild.1.',
    });
  }
  const [, major = '0', minor = '0', patch = '0', suffix] = match;
  return { major: Number(major), minor: Number(minor), patch: Number(patch), suffix, text: shown.trim() };
}

/** Negative when a < b, 0 when equal (suffixes ignored), positive when a > b. */
export function compareVersions(a: string | CniVersion, b: string | CniVersion): number {
  const x = typeof a === 'string' ? parseCniVersion(a) : a;
  const y = typeof b === 'string' ? parseCniVersion(b) : b;
  return Math.sign(x.major - y.major || x.minor - y.minor || x.patch - y.patch);
}

/**
 * Prefix delegation arrived in VPC CNI 1.9.0. max-pods-calculator.sh's gate: major > 1, or major 1
 * and minor > 8.
 */
export const PREFIX_DELEGATION_MIN_CNI = '1.9.0';

export function cniSupportsPrefixDelegation(version: string | CniVersion): boolean {
  const v = typeof version === 'string' ? parseCniVersion(version) : version;
  return v.major > 1 || (v.major === 1 && v.minor > 8);
}
