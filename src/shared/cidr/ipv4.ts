/**
 * IPv4 addresses as unsigned 32-bit integers, in the strict four-part dotted-decimal form AWS and
 * Kubernetes print (no octal, hex or short forms).
 */
import { UserError } from '../errors.js';

export class InvalidAddressError extends UserError {
  override name = 'InvalidAddressError';
}

/**
 * The address's value, or -1 when `text` is not strict dotted decimal: four parts, each `0` or a
 * number without leading zeros, at most 255 (what ipaddr.js's `isValidFourPartDecimal` accepts).
 * Hand-written because the sandbox parses every address of a subnet on each allocation: through
 * ipaddr.js's regular expressions that was most of the time to build a 5,000-node cluster.
 */
function scanIPv4(text: string): number {
  let value = 0;
  let parts = 0;
  let i = 0;
  const n = text.length;
  while (parts < 4) {
    const start = i;
    let octet = 0;
    while (i < n) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      octet = octet * 10 + c;
      i++;
    }
    const digits = i - start;
    if (digits === 0 || digits > 3 || octet > 255 || (digits > 1 && text.charCodeAt(start) === 48)) return -1;
    value = value * 256 + octet;
    parts++;
    if (parts < 4) {
      if (text.charCodeAt(i) !== 46) return -1;
      i++;
    }
  }
  return i === n ? value : -1;
}

export function isIPv4(text: string): boolean {
  return typeof text === 'string' && scanIPv4(text) >= 0;
}

export function parseIPv4(text: string): number {
  const value = typeof text === 'string' ? scanIPv4(text) : -1;
  if (value < 0) {
    throw new InvalidAddressError('E_INVALID_IP', `'${String(text)}' is not an IPv4 address`, {
      hint: 'Write it as four decimal octets from 0 to 255, for example 100.64.0.10.',
    });
  }
  return value;
}

export function formatIPv4(value: number): string {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new InvalidAddressError('E_INVALID_IP', `${value} is not a 32-bit IPv4 address value`);
  }
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}
