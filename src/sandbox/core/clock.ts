/**
 * Time is injected: the sandbox reads it only through a Clock, so tests and the simulation can
 * fast-forward, and status transitions (associating -> associated, CREATING -> ACTIVE) are computed
 * from the stored time they fall due.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that moves only when told; for tests and fast-forwarded simulations. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(ms: number): void {
    this.current = ms;
  }
}

/**
 * A clock that can be held at one instant: while pinned, `now()` answers the pinned time. The
 * sandbox pins it for each journaled step (a tick, an API call), so the step sees one time live and
 * exactly the same time when the journal is replayed after a restart.
 */
export class PinnableClock implements Clock {
  private pinned: number | undefined;
  constructor(private readonly base: Clock) {}
  now(): number {
    return this.pinned ?? this.base.now();
  }
  /** Runs `fn` with the clock held at `at` (nested calls keep the outer pin). */
  at<T>(at: number, fn: () => T): T {
    if (this.pinned !== undefined) return fn();
    this.pinned = at;
    try {
      return fn();
    } finally {
      this.pinned = undefined;
    }
  }
  /** `at` for a step that completes in microtasks (no timer or I/O may run while it is pinned). */
  async atAsync<T>(at: number, fn: () => Promise<T>): Promise<T> {
    if (this.pinned !== undefined) return fn();
    this.pinned = at;
    try {
      return await fn();
    } finally {
      this.pinned = undefined;
    }
  }
}
