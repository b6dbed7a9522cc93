/**
 * Address ranges, the workhorse behind subtract, merge and allocate: a set of blocks is turned into
 * sorted, disjoint inclusive ranges, combined, and turned back into the fewest aligned blocks.
 */
import { cidr, lastAddress, type Cidr } from './cidr.js';

/** Inclusive range of addresses [first, last]. */
export type AddressRange = readonly [first: number, last: number];

export function rangeOf(block: Cidr): AddressRange {
  return [block.network, lastAddress(block)];
}

/** Sorted, disjoint, non-adjacent ranges covering the same addresses as the input. */
export function normalizeRanges(ranges: readonly AddressRange[]): AddressRange[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [first, last] of sorted) {
    const top = out[out.length - 1];
    if (top && first <= top[1] + 1) top[1] = Math.max(top[1], last);
    else out.push([first, last]);
  }
  return out;
}

/** Addresses in `from` and not in `remove`; both inputs normalised or not. */
export function subtractRanges(
  from: readonly AddressRange[],
  remove: readonly AddressRange[],
): AddressRange[] {
  const cuts = normalizeRanges(remove);
  const out: AddressRange[] = [];
  for (const [first, last] of normalizeRanges(from)) {
    let cursor = first;
    for (const [cutFirst, cutLast] of cuts) {
      if (cutLast < cursor) continue;
      if (cutFirst > last) break;
      if (cutFirst > cursor) out.push([cursor, cutFirst - 1]);
      cursor = cutLast + 1;
      if (cursor > last) break;
    }
    if (cursor <= last) out.push([cursor, last]);
  }
  return out;
}

/** The fewest aligned CIDR blocks that cover exactly the range, lowest first. */
export function rangeToCidrs([first, last]: AddressRange): Cidr[] {
  const out: Cidr[] = [];
  let cursor = first;
  while (cursor <= last) {
    // The largest block that starts at cursor (alignment) and does not pass last (length).
    let prefix = cursor === 0 ? 0 : 32 - Math.min(32, countTrailingZeros(cursor));
    while (cursor + 2 ** (32 - prefix) - 1 > last) prefix++;
    out.push(cidr(cursor, prefix));
    cursor += 2 ** (32 - prefix);
  }
  return out;
}

function countTrailingZeros(value: number): number {
  let count = 0;
  let v = value;
  while (count < 32 && v % 2 === 0) {
    v /= 2;
    count++;
  }
  return count;
}
