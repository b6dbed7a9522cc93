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
