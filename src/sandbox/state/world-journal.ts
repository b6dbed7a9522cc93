/**
 * Persistence in O(change): the world is a deterministic machine driven by time passing (ticks) and
 * API writes, so the state directory holds a snapshot (`state.json`, written atomically now and then)
 * and the journal of every step since (`journal.jsonl`). A write is journaled and fsynced before it
 * runs, with the clock pinned to one instant, so it is durable before its response is sent and a
 * restart replays it at the same instant. A tick that changed the world is journaled too (synced with
 * the next write). A journal that cannot be written refuses writes (`PersistenceUnavailableError`,
 * answered 503) and says so in the log, until a snapshot can be written again.
 */
import type { PinnableClock } from '../core/clock.js';
import { PersistenceUnavailableError, type WorldWrites } from '../core/world-writes.js';
import type { World, WorldState } from '../world.js';
import { JournalWriter, readJournal, type JournalEntry, type JournalRead } from './journal.js';
import { saveState } from './state-store.js';

export type { JournalEntry } from './journal.js';

/** The world's snapshot as persisted: the journal entries up to `journalSeq` are inside it. */
export type PersistedState = WorldState & { journalSeq?: number };

/** Replays one journaled write (`aws`, `kube`) on the world; the clock is already pinned. */
export type StepReplayer = (entry: JournalEntry) => void | Promise<void>;

export interface WorldJournalOptions {
  world: World;
  clock: PinnableClock;
  /** Where state.json and journal.jsonl live; undefined keeps nothing (in-memory sandbox). */
  files?: { dir: string; state: string; journal: string } | undefined;
  log: (line: string) => void;
  /** Snapshot (and empty the journal) once it holds this many entries or bytes. */
  compactEntries?: number;
  compactBytes?: number;
}

export class WorldJournal implements WorldWrites {
  private readonly writer: JournalWriter | undefined;
  private seq = 0;
  /** Entries since the last snapshot (whatever the writer managed to write). */
  private sinceSnapshot = 0;
  /** The journal may have lost or torn a line: only a snapshot makes it whole again. */
  private broken = false;
  private compactTimer: NodeJS.Immediate | undefined;
  readonly replayers: Record<string, StepReplayer> = {};
  /** Called after every step that changed the world (the kubeconfig follows the cluster list). */
  afterChange: () => void = () => {};

  constructor(private readonly o: WorldJournalOptions) {
    this.writer = o.files ? new JournalWriter(o.files.journal) : undefined;
  }

  /** Replays the journal left after `restored` (or snapshots a fresh world) and opens it for appending. */
  async open(restored: PersistedState | undefined): Promise<{ replayed: number; torn: boolean }> {
    const files = this.o.files;
    if (!files || !this.writer) return { replayed: 0, torn: false };
    if (!restored) {
      this.writer.open(0, 0);
      this.snapshot();
      return { replayed: 0, torn: false };
    }
    const { replayed, read } = await this.replayFile(files.journal, restored.journalSeq ?? 0);
    if (read.tornBytes > 0)
      this.o.log(
        `sandbox: dropped a torn last line of ${files.journal} (${read.tornBytes} bytes, never acknowledged)`,
      );
    this.writer.open(read.validBytes, read.entries.length);
    this.sinceSnapshot = read.entries.length;
    return { replayed, torn: read.tornBytes > 0 };
  }

  /**
   * Replays the entries of the journal at `path` after step `afterSeq` onto the world (a restart, and
   * `sandbox dump`, which reads a running sandbox's files without writing them).
   */
  async replayFile(path: string, afterSeq: number): Promise<{ replayed: number; read: JournalRead }> {
    this.seq = afterSeq;
    const read = readJournal(path);
    let replayed = 0;
    for (const entry of read.entries) {
      if (entry.seq <= this.seq) continue;
      await this.replay(entry);
      this.seq = entry.seq;
      replayed++;
    }
    return { replayed, read };
  }

  private async replay(entry: JournalEntry): Promise<void> {
    const { world, clock } = this.o;
    if (entry.kind === 'tick') {
      clock.at(entry.now, () => settle(world));
      return;
    }
    const replayer = this.replayers[entry.kind];
    if (!replayer)
      throw new Error(`The sandbox journal has a step of unknown kind '${entry.kind}' (seq ${entry.seq}).`);
    await clock.atAsync(entry.now, async () => {
      settle(world);
      try {
        await replayer(entry);
      } catch (err) {
        // It failed live too (the journal records writes before they run): same state either way.
        this.o.log(
          `sandbox: journal step ${entry.seq} (${entry.kind}) failed again on replay: ${String(err)}`,
        );
      }
    });
  }

  /** Advances the world to now; journals the tick when it changed something. */
  tick(): boolean {
    const now = this.o.clock.now();
    const changed = this.o.clock.at(now, () => settle(this.o.world));
    if (changed) {
      try {
        this.record({ kind: 'tick', now }, false);
      } catch {
        // Logged; the journal now waits for a snapshot, which the next write (or compaction) takes.
      }
      this.afterChange();
    }
    return changed;
  }

  /**
   * Runs one write: journals it (fsynced), then, with the clock pinned, advances the world to now and
   * runs it; replay does exactly the same. Throws `PersistenceUnavailableError` (and runs nothing,
   * not even the tick) when the journal cannot take it.
   */
  write<T>(kind: string, fields: Record<string, unknown>, run: () => T): T {
    const now = this.o.clock.now();
    return this.o.clock.at(now, () => {
      this.journalWrite({ ...fields, kind, now });
      settle(this.o.world);
      const out = run();
      this.afterChange();
      return out;
    });
  }

  /** `write` for a step that completes in microtasks (a Kubernetes write with its body read). */
  async writeAsync<T>(kind: string, fields: Record<string, unknown>, run: () => Promise<T>): Promise<T> {
    const now = this.o.clock.now();
    return this.o.clock.atAsync(now, async () => {
      this.journalWrite({ ...fields, kind, now });
      settle(this.o.world);
      const out = await run();
      this.afterChange();
      return out;
    });
  }

  private journalWrite(step: { kind: string; now: number }): void {
    if (!this.writer) return;
    if (this.broken) {
      try {
        this.snapshot();
      } catch (err) {
        throw new PersistenceUnavailableError(err);
      }
    }
    try {
      this.record(step, true);
    } catch (err) {
      throw new PersistenceUnavailableError(err);
    }
  }

  private record(step: { kind: string; now: number }, sync: boolean): void {
    if (!this.writer) return;
    const entry = { seq: this.seq + 1, ...step } as JournalEntry;
    try {
      if (this.broken) throw new Error('the journal is waiting for a snapshot');
      this.writer.append(entry, sync);
    } catch (err) {
      if (!this.broken) this.o.log(`sandbox: cannot write the journal ${this.writer.path}: ${errText(err)}`);
      this.broken = true;
      // The number is used up: a line that reached the file anyway is covered by the next snapshot
      // (a tick is in memory; a write refused with 503 never ran), so replay skips it.
      this.seq = entry.seq;
      throw err;
    } finally {
      this.scheduleCompaction();
    }
    this.seq = entry.seq;
    this.sinceSnapshot++;
  }

  private scheduleCompaction(): void {
    if (!this.writer || this.compactTimer) return;
    const due =
      this.broken ||
      this.sinceSnapshot >= (this.o.compactEntries ?? 20_000) ||
      this.writer.bytes >= (this.o.compactBytes ?? 32 * 1024 * 1024);
    if (!due) return;
    this.compactTimer = setImmediate(() => {
      this.compactTimer = undefined;
      try {
        this.snapshot();
      } catch {
        // Logged by snapshot(); the next write tries again and answers 503 if it still fails.
      }
    });
    this.compactTimer.unref?.();
  }

  /** Writes the whole world as the new snapshot and empties the journal (O(world); now and then). */
  snapshot(): void {
    const files = this.o.files;
    if (!files || !this.writer) return;
    try {
      const state: PersistedState = { ...this.o.world.snapshot(), journalSeq: this.seq };
      saveState(files.dir, files.state, state);
      this.writer.reset();
      if (this.broken) this.o.log(`sandbox: the journal ${this.writer.path} is writable again`);
      this.broken = false;
      this.sinceSnapshot = 0;
    } catch (err) {
      this.o.log(`sandbox: cannot write the snapshot ${files.state}: ${errText(err)}`);
      this.broken = true;
      throw err;
    }
  }

  /** Steps journaled since the last snapshot, and the journal's size. */
  stats(): { seq: number; sinceSnapshot: number; journalBytes: number; broken: boolean } {
    return {
      seq: this.seq,
      sinceSnapshot: this.sinceSnapshot,
      journalBytes: this.writer?.bytes ?? 0,
      broken: this.broken,
    };
  }

  close(): void {
    if (this.compactTimer) clearImmediate(this.compactTimer);
    this.compactTimer = undefined;
  }
}

/** One tick of every model at the pinned instant (live and on replay alike). */
function settle(world: World): boolean {
  return world.tick();
}

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
