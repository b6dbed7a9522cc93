/**
 * Watch fan-out with a bounded history, so a client that lists at version N and then watches from N
 * (client-node informers, kubectl rollout status, kubectl delete --wait) sees every change after N,
 * and one asking for a version older than the history gets 410 Expired, as from etcd compaction.
 */
import { gone } from './errors.js';
import type { FieldSelector, LabelSelector } from './selectors.js';
import type { KubeObject, WatchEvent, WatchListener } from './types.js';

export interface Watcher {
  namespace?: string;
  name?: string;
  labels: LabelSelector;
  fields: FieldSelector;
  listener: WatchListener;
}

interface HistoryEntry {
  rv: number;
  key: string;
  old: KubeObject | undefined;
  /** After the change; for a deletion, the object as removed (with the deletion's version). */
  current: KubeObject;
  deleted: boolean;
}

const HISTORY_LIMIT = 10_000;

export class WatchHub {
  private readonly watchers = new Map<string, Set<Watcher>>();
  private readonly history: HistoryEntry[] = [];
  /** Entries before this index are no longer kept. */
  private head = 0;

  /** @param oldestReplayable versions after this one can be replayed. */
  constructor(private oldestReplayable: number) {}

  matches(w: Watcher, obj: KubeObject | undefined): obj is KubeObject {
    if (!obj) return false;
    if (w.namespace !== undefined && obj.metadata.namespace !== w.namespace) return false;
    if (w.name !== undefined && obj.metadata.name !== w.name) return false;
    return w.labels(obj.metadata.labels) && w.fields(obj);
  }

  /** What a watcher sees of one change: objects leaving its selection look DELETED, arriving ADDED. */
  eventFor(w: Watcher, h: Omit<HistoryEntry, 'rv' | 'key'>): WatchEvent | undefined {
    const was = this.matches(w, h.old);
    if (h.deleted) return was ? { type: 'DELETED', object: h.current } : undefined;
    const is = this.matches(w, h.current);
    if (is) return { type: was ? 'MODIFIED' : 'ADDED', object: h.current };
    // An object leaving the watcher's selection looks deleted to it.
    return was ? { type: 'DELETED', object: h.current } : undefined;
  }

  publish(rv: number, key: string, old: KubeObject | undefined, current: KubeObject, deleted: boolean): void {
    const entry = { rv, key, old, current, deleted };
    this.history.push(entry);
    if (this.history.length - this.head > HISTORY_LIMIT) {
      // Dropped by moving the head; the array is compacted once per HISTORY_LIMIT drops (amortized O(1)).
      this.oldestReplayable = this.history[this.head]?.rv ?? this.oldestReplayable;
      this.head++;
      if (this.head >= HISTORY_LIMIT) {
        this.history.splice(0, this.head);
        this.head = 0;
      }
    }
    for (const w of this.watchers.get(key) ?? []) {
      const event = this.eventFor(w, entry);
      if (event) w.listener(event);
    }
  }

  /** Events after `fromRv` for this watcher, or 410 when they are no longer kept. */
  replay(key: string, w: Watcher, fromRv: number): WatchEvent[] {
    if (fromRv < this.oldestReplayable) {
      throw gone(`too old resource version: ${fromRv} (${this.oldestReplayable})`);
    }
    const out: WatchEvent[] = [];
    for (let i = this.head; i < this.history.length; i++) {
      const h = this.history[i];
      if (!h || h.rv <= fromRv || h.key !== key) continue;
      const event = this.eventFor(w, h);
      if (event) out.push(event);
    }
    return out;
  }

  subscribe(key: string, w: Watcher): () => void {
    const set = this.watchers.get(key) ?? new Set<Watcher>();
    set.add(w);
    this.watchers.set(key, set);
    return () => {
      set.delete(w);
    };
  }

  watcherCount(): number {
    let n = 0;
    for (const s of this.watchers.values()) n += s.size;
    return n;
  }
}
