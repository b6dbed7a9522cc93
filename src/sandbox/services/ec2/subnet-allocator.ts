/**
 * The addresses of one subnet as integers: how many ENI records hold each address (a count, so an
 * address held twice is released only when both holders let go), a lowest-free cursor, and the
 * number of used addresses in every aligned /28 (prefix delegation needs all 16 free). Taking and
 * releasing cost O(addresses changed); finding free addresses costs O(addresses skipped) from the
 * cursor, so filling a subnet is linear instead of quadratic. Pure: no state, no rules beyond AWS's
 * reserved addresses (the first four and the last).
 */
const PREFIX_SIZE = 16;

export class SubnetAllocator {
  /** How many holders each address of the block has (index = address - network). */
  private readonly holders: Uint16Array;
  /** Used addresses in each aligned /28 of the block. */
  private readonly usedInPrefix: Uint8Array;
  /** Every usable address below this one is used. */
  private cursor: number;
  /** Every usable /28 below this one has a used address. */
  private prefixCursor: number;
  /** Distinct used addresses inside the block. */
  private usedCount = 0;
  /** Addresses held that lie outside the block (never expected; counted so the figure stays exact). */
  private readonly outside = new Map<number, number>();

  constructor(
    readonly network: number,
    readonly size: number,
  ) {
    this.holders = new Uint16Array(size);
    this.usedInPrefix = new Uint8Array(Math.max(1, Math.ceil(size / PREFIX_SIZE)));
    this.cursor = this.firstUsable;
    this.prefixCursor = 0;
  }

  /** The first address EC2 hands out (network + 4) and the last (broadcast - 1), as integers. */
  get firstUsable(): number {
    return this.network + 4;
  }
  get lastUsable(): number {
    return this.network + this.size - 2;
  }

  /** Addresses held, counted once each (what `AvailableIpAddressCount` subtracts). */
  get used(): number {
    return this.usedCount + this.outside.size;
  }

  isUsed(ip: number): boolean {
    const i = ip - this.network;
    if (i < 0 || i >= this.size) return this.outside.has(ip);
    return this.holders[i]! > 0;
  }

  take(ip: number): void {
    const i = ip - this.network;
    if (i < 0 || i >= this.size) {
      this.outside.set(ip, (this.outside.get(ip) ?? 0) + 1);
      return;
    }
    const held = this.holders[i]!;
    this.holders[i] = held + 1;
    if (held === 0) {
      this.usedCount++;
      this.usedInPrefix[Math.floor(i / PREFIX_SIZE)]!++;
    }
  }

  release(ip: number): void {
    const i = ip - this.network;
    if (i < 0 || i >= this.size) {
      const n = (this.outside.get(ip) ?? 0) - 1;
      if (n > 0) this.outside.set(ip, n);
      else this.outside.delete(ip);
      return;
    }
    const held = this.holders[i]!;
    if (held === 0) return;
    this.holders[i] = held - 1;
    if (held === 1) {
      this.usedCount--;
      const p = Math.floor(i / PREFIX_SIZE);
      this.usedInPrefix[p]!--;
      if (ip < this.cursor && ip >= this.firstUsable) this.cursor = ip;
      if (p < this.prefixCursor) this.prefixCursor = p;
    }
  }

  takePrefix(network: number): void {
    for (let ip = network; ip < network + PREFIX_SIZE; ip++) this.take(ip);
  }

  releasePrefix(network: number): void {
    for (let ip = network; ip < network + PREFIX_SIZE; ip++) this.release(ip);
  }

  /** Free usable addresses (the subnet's usable count minus the used ones inside it). */
  get free(): number {
    return Math.max(0, this.lastUsable - this.firstUsable + 1 - this.usedCount);
  }

  /** `count` free addresses, lowest first, not in `skip`; undefined when there are not enough. */
  findFree(count: number, skip: ReadonlySet<number> = new Set()): number[] | undefined {
    if (count <= 0) return [];
    if (this.free < count) return undefined;
    const last = this.lastUsable;
    while (this.cursor <= last && this.isUsed(this.cursor)) this.cursor++;
    const out: number[] = [];
    for (let ip = this.cursor; ip <= last && out.length < count; ip++) {
      if (!this.isUsed(ip) && !skip.has(ip)) out.push(ip);
    }
    return out.length === count ? out : undefined;
  }

  /** True when the aligned /28 at `network` lies in the usable range and none of its addresses is used. */
  isFreePrefix(network: number, skip: ReadonlySet<number> = new Set()): boolean {
    const i = network - this.network;
    if (i % PREFIX_SIZE !== 0 || network < this.firstUsable || network + 15 > this.lastUsable) return false;
    if (this.usedInPrefix[i / PREFIX_SIZE]! > 0) return false;
    for (const ip of skip) if (ip >= network && ip < network + PREFIX_SIZE) return false;
    return true;
  }

  /** `count` free aligned /28 networks, lowest first, none touching `skip`; undefined when not enough. */
  findFreePrefixes(count: number, skip: ReadonlySet<number> = new Set()): number[] | undefined {
    if (count <= 0) return [];
    const blocks = this.usedInPrefix.length;
    while (this.prefixCursor < blocks && !this.prefixUsable(this.prefixCursor)) this.prefixCursor++;
    const out: number[] = [];
    for (let p = this.prefixCursor; p < blocks && out.length < count; p++) {
      const network = this.network + p * PREFIX_SIZE;
      if (this.isFreePrefix(network, skip)) out.push(network);
    }
    return out.length === count ? out : undefined;
  }

  /** A /28 that is unused and inside the usable range (the cursor skips the others for good). */
  private prefixUsable(p: number): boolean {
    return this.isFreePrefix(this.network + p * PREFIX_SIZE);
  }
}
