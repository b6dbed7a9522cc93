/**
 * IPv4 CIDR blocks: parse, format, compare. A block is its first address and prefix length; every
 * function here is pure and total over valid blocks.
 */
import { UserError } from '../errors.js';
import { formatIPv4, isIPv4, parseIPv4 } from './ipv4.js';

export interface Cidr {
  /** First address, as an unsigned 32-bit integer; host bits are always zero. */
  readonly network: number;
  /** Prefix length, 0..32. */
  readonly prefix: number;
}

export class InvalidCidrError extends UserError {
  override name = 'InvalidCidrError';
}

export interface ParseOptions {
  /**
   * When false, host bits are cleared instead of refused ('10.0.0.1/16' reads as 10.0.0.0/16), as
   * EC2 does for CreateSubnet. Default true: a user who typed host bits probably meant another block.
   */
  strict?: boolean;
}

/** Mask of the network bits for a prefix length, as an unsigned integer. */
export function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function cidr(network: number, prefix: number): Cidr {
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32) {
    throw new InvalidCidrError('E_INVALID_CIDR', `prefix length ${prefix} is out of range`, {
      hint: 'A prefix length is a whole number from 0 to 32.',
    });
  }
  return { network: (network & maskOf(prefix)) >>> 0, prefix };
}

export function parseCidr(text: string, options: ParseOptions = {}): Cidr {
  const strict = options.strict ?? true;
  const shown = typeof text === 'string' ? text : String(text);
  const match = typeof text === 'string' ? /^([^/]+)\/(\d{1,2})$/.exec(text.trim()) : null;
  if (!match) {
    throw new InvalidCidrError('E_INVALID_CIDR', `'${shown}' is not an IPv4 CIDR block`, {
      hint: 'Write it as address/prefix, for example 100.64.0.0/16.',
    });
  }
  const [, address = '', prefixText = ''] = match;
  if (!isIPv4(address)) {
    throw new InvalidCidrError(
      'E_INVALID_CIDR',
      `'${shown}' is not an IPv4 CIDR block: '${address}' is not an IPv4 address`,
      {
        hint: 'Each of the four octets is a decimal number from 0 to 255, for example 100.64.0.0/16.',
      },
    );
  }
  const prefix = Number(prefixText);
  if (prefix > 32) {
    throw new InvalidCidrError(
      'E_INVALID_CIDR',
      `'${shown}' is not an IPv4 CIDR block: prefix /${prefix} is over 32`,
      {
        hint: 'The prefix length is a number from 0 to 32.',
      },
    );
  }
  const value = parseIPv4(address);
  const block = cidr(value, prefix);
  if (strict && block.network !== value) {
    const suggestion = formatCidr(block);
    throw new InvalidCidrError(
      'E_CIDR_HOST_BITS',
      `'${shown}' is not a network address: its host bits are set (the network address is ${suggestion})`,
      {
        hint: `Did you mean ${suggestion}?`,
        details: { suggestion },
      },
    );
  }
  return block;
}

export function formatCidr(block: Cidr): string {
  return `${formatIPv4(block.network)}/${block.prefix}`;
}

/** Number of addresses in the block. */
export function sizeOf(block: Cidr): number {
  return 2 ** (32 - block.prefix);
}

export function lastAddress(block: Cidr): number {
  return block.network + sizeOf(block) - 1;
}

/** True when `inner` (a block or an address) lies wholly inside `outer`. */
export function contains(outer: Cidr, inner: Cidr | number): boolean {
  if (typeof inner === 'number') return inner >= outer.network && inner <= lastAddress(outer);
  return (
    inner.prefix >= outer.prefix && inner.network >= outer.network && lastAddress(inner) <= lastAddress(outer)
  );
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.network <= lastAddress(b) && b.network <= lastAddress(a);
}

export function equals(a: Cidr, b: Cidr): boolean {
  return a.network === b.network && a.prefix === b.prefix;
}

/** Orders by first address, then larger blocks first. */
export function compareCidrs(a: Cidr, b: Cidr): number {
  return a.network - b.network || a.prefix - b.prefix;
}
