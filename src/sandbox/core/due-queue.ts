/**
 * Time as a queue: keys scheduled at due times, taken in time order once the clock reaches them. A
 * key has one due time (scheduling it again replaces it; a replaced entry left in the heap is skipped
 * when it surfaces), so a model notes "this resource has something due at t" wherever it sets a due
 * time, and its tick costs O(1) while nothing is due and O(k log n) for the k keys that are.
 */
import TinyQueue from 'tinyqueue';

interface Entry {
  at: number;
  key: string;
}

export class DueQueue {
  private readonly heap = new TinyQueue<Entry>([], (a, b) => a.at - b.at);
  private readonly dueAt = new Map<string, number>();

  /** `key` is due at `at` (replacing an earlier schedule of the same key). */
  schedule(key: string, at: number): void {
    if (this.dueAt.get(key) === at) return;
    this.dueAt.set(key, at);
    this.heap.push({ at, key });
  }

  /** The earliest due time, or undefined when nothing is scheduled. */
  nextAt(): number | undefined {
    this.dropStale();
    return this.heap.peek()?.at;
  }

  /** Removes and returns the keys due by `now`, earliest first. */
  takeDue(now: number): string[] {
    const out: string[] = [];
    for (let top = this.peekLive(); top && top.at <= now; top = this.peekLive()) {
      this.heap.pop();
      this.dueAt.delete(top.key);
      out.push(top.key);
    }
    return out;
  }

  get size(): number {
    return this.dueAt.size;
  }

  private peekLive(): Entry | undefined {
    this.dropStale();
    return this.heap.peek();
  }

  private dropStale(): void {
    for (let top = this.heap.peek(); top && this.dueAt.get(top.key) !== top.at; top = this.heap.peek())
      this.heap.pop();
  }
}
