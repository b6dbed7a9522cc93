/**
 * Set operations on CIDR blocks: subtract, merge, split and allocate. The allocator is what the
 * planner uses to choose a secondary block and carve zone subnets out of it.
 */
import { cidr, InvalidCidrError, sizeOf, type Cidr } from './cidr.js';
import { normalizeRanges, rangeOf, rangeToCidrs, subtractRanges } from './ranges.js';

/** The blocks left of `from` once every block in `remove` is taken out, lowest first. */
export function subtract(from: Cidr, remove: readonly Cidr[]): Cidr[] {
  return subtractRanges([rangeOf(from)], remove.map(rangeOf)).flatMap(rangeToCidrs);
}

/** The fewest aligned blocks covering exactly the union of the input, lowest first. */
export function merge(blocks: readonly Cidr[]): Cidr[] {
  return normalizeRanges(blocks.map(rangeOf)).flatMap(rangeToCidrs);
}

/** Every subnet of `block` with the given (longer or equal) prefix length, lowest first. */
export function splitByPrefix(block: Cidr, prefix: number): Cidr[] {
  if (!Number.isInteger(prefix) || prefix < block.prefix || prefix > 32) {
    throw new InvalidCidrError('E_INVALID_SPLIT', `cannot split a /${block.prefix} into /${prefix} blocks`, {
      hint: `Choose a prefix length from ${block.prefix} to 32.`,
    });
  }
  const step = 2 ** (32 - prefix);
  const count = 2 ** (prefix - block.prefix);
  return Array.from({ length: count }, (_, i) => cidr(block.network + i * step, prefix));
}

/** The prefix length of `count` equal subnets of a /`prefix` block (the largest that fits them). */
export function prefixForSplit(prefix: number, count: number): number {
  if (!Number.isInteger(count) || count < 1) {
    throw new InvalidCidrError('E_INVALID_SPLIT', `cannot split a block into ${count} subnets`, {
      hint: 'The number of subnets is a whole number of at least 1.',
    });
  }
  return prefix + Math.ceil(Math.log2(count));
}

/**
 * `count` equal subnets of `block`, as large as possible, lowest first. When count is not a power of
 * two the remainder of the block is left unused (3 subnets of a /16 are three /18s).
 */
export function split(block: Cidr, count: number): Cidr[] {
  const prefix = prefixForSplit(block.prefix, count);
  if (prefix > 32) {
    throw new InvalidCidrError('E_INVALID_SPLIT', `a /${block.prefix} cannot hold ${count} subnets`, {
      hint: 'Use a larger block or fewer subnets.',
    });
  }
  return splitByPrefix(block, prefix).slice(0, count);
}

export interface AllocateRequest {
  /** Where the block may come from. */
  within: readonly Cidr[];
  /** Prefix length of the block wanted. */
  prefix: number;
  /** Blocks it must not overlap. */
  used: readonly Cidr[];
}

/** The lowest aligned free block of the requested size, or undefined when none fits. */
export function allocate({ within, prefix, used }: AllocateRequest): Cidr | undefined {
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32) {
    throw new InvalidCidrError('E_INVALID_CIDR', `prefix length ${prefix} is out of range`, {
      hint: 'A prefix length is a whole number from 0 to 32.',
    });
  }
  const size = 2 ** (32 - prefix);
  for (const [first, last] of subtractRanges(within.map(rangeOf), used.map(rangeOf))) {
    const start = Math.ceil(first / size) * size;
    if (start + size - 1 <= last) return cidr(start, prefix);
  }
  return undefined;
}

/** Allocates `count` blocks one after another, each avoiding the ones before it. */
export function allocateMany(request: AllocateRequest & { count: number }): Cidr[] | undefined {
  const taken: Cidr[] = [];
  for (let i = 0; i < request.count; i++) {
    const next = allocate({ ...request, used: [...request.used, ...taken] });
    if (!next) return undefined;
    taken.push(next);
  }
  return taken;
}

/** Total number of addresses in a set of blocks, counting overlaps once. */
export function addressCount(blocks: readonly Cidr[]): number {
  return merge(blocks).reduce((sum, b) => sum + sizeOf(b), 0);
}
