/**
 * IPv4 addresses as unsigned 32-bit integers. Parsing is delegated to ipaddr.js; we only insist on the
 * strict four-part dotted-decimal form AWS and Kubernetes print (no octal, hex or short forms).
 */
import ipaddr from 'ipaddr.js';
import { UserError } from '../errors.js';

export class InvalidAddressError extends UserError {
  override name = 'InvalidAddressError';
}

export function isIPv4(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}

export function parseIPv4(text: string): number {
  if (typeof text !== 'string' || !ipaddr.IPv4.isValidFourPartDecimal(text)) {
    throw new InvalidAddressError('E_INVALID_IP', `'${String(text)}' is not an IPv4 address`, {
      hint: 'Write it as four decimal octets from 0 to 255, for example 100.64.0.10.',
    });
  }
  const [a, b, c, d] = ipaddr.IPv4.parse(text).octets as [number, number, number, number];
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

export function formatIPv4(value: number): string {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new InvalidAddressError('E_INVALID_IP', `${value} is not a 32-bit IPv4 address value`);
  }
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}
