/**
 * IPv4 addresses as unsigned 32-bit integers. Parsing is delegated to ipaddr.js; we only insist on the
 * strict four-part dotted-decimal form AWS and Kubernetes print (no octal, hex or short forms).
 */
import ipaddr from 'ipaddr.js';
import { UserError } from '../errors.js';

export class InvalidAddressError extends UserError {
  override name = 'InvalidAddressError';
}

/**
 * Parsed addresses by text. The sandbox parses the same subnet addresses on every allocation; going
 * through ipaddr.js's regular expressions each time was most of the time to build a large cluster.
 * Bounded: cleared when full, so memory stays flat whatever the input.
 */
const parsed = new Map<string, number>();
const PARSED_LIMIT = 1 << 16;

function valueOf(text: string): number | undefined {
  const hit = parsed.get(text);
  if (hit !== undefined) return hit;
  if (!ipaddr.IPv4.isValidFourPartDecimal(text)) return undefined;
  const [a, b, c, d] = ipaddr.IPv4.parse(text).octets as [number, number, number, number];
  const value = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
  if (parsed.size >= PARSED_LIMIT) parsed.clear();
  parsed.set(text, value);
  return value;
}

export function isIPv4(text: string): boolean {
  return typeof text === 'string' && valueOf(text) !== undefined;
}

export function parseIPv4(text: string): number {
  const value = typeof text === 'string' ? valueOf(text) : undefined;
  if (value === undefined) {
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
