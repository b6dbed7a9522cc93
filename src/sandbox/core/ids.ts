/**
 * Resource IDs in AWS's shapes (`vpc-` and 17 hex digits, ...), deterministic from a seed and a
 * counter that live in the persisted state, so a restarted sandbox never reissues an ID and a seeded
 * scenario always produces the same IDs.
 */
export interface IdState {
  seed: number;
  counter: number;
}

export interface IdSource {
  /** `next('vpc')` -> 'vpc-0c6f5a8e9b1d2e3f4'. */
  next(prefix: string, hexDigits?: number): string;
  /** A random-looking hex string of the given length (request IDs, tokens). */
  hex(digits: number): string;
  /** A UUID-shaped string (EKS request IDs, node group IDs). */
  uuid(): string;
}

/** splitmix32: tiny, well-distributed, and enough for IDs (not for secrets). */
function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export class SeededIds implements IdSource {
  /** Ids handed out before any generated one, per prefix (a twin rebuilds a cluster with its ids). */
  private readonly given = new Map<string, string[]>();

  constructor(private readonly state: IdState) {}

  /**
   * Runs `fn` so that the models' next ids of each prefix are the given ones, in order: how a twin
   * is built through the models' ordinary public methods with a real cluster's ids. Ids not
   * consumed by `fn` are dropped; an id already in use is the caller's to avoid.
   */
  withGiven<T>(ids: Record<string, string[] | string | undefined>, fn: () => T): T {
    for (const [prefix, value] of Object.entries(ids)) {
      if (value === undefined) continue;
      this.given.set(prefix, Array.isArray(value) ? [...value] : [value]);
    }
    try {
      return fn();
    } finally {
      this.given.clear();
    }
  }

  hex(digits: number): string {
    let out = '';
    while (out.length < digits) {
      this.state.counter++;
      out += splitmix32(this.state.seed ^ Math.imul(this.state.counter, 0x27d4eb2d))
        .toString(16)
        .padStart(8, '0');
    }
    return out.slice(0, digits);
  }

  next(prefix: string, hexDigits = 17): string {
    const given = this.given.get(prefix)?.shift();
    if (given !== undefined) return given;
    return `${prefix}-${this.hex(hexDigits)}`;
  }

  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}
