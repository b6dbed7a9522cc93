/**
 * The journal: an append-only file of the steps that changed the world since the last snapshot, one
 * JSON line each, numbered. A step is appended and fsynced before it is answered, so a kill -9 loses
 * nothing a client was told about; a line torn by a crash mid-write was never acknowledged and is
 * dropped (and cut off) when the journal is read back. Cost per step: the step's own line, whatever
 * the size of the world.
 */
import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { ExitCode, UserError } from '../../shared/errors.js';

/** One journaled step; `seq` orders them, `now` is the sandbox time the step ran at. */
export interface JournalEntry {
  seq: number;
  now: number;
  /** `tick` (time passed), `aws` (an AWS API call), `kube` (a Kubernetes API write). */
  kind: string;
  [field: string]: unknown;
}

export interface JournalRead {
  entries: JournalEntry[];
  /** Bytes of whole lines; anything after (a torn last line) is not part of the journal. */
  validBytes: number;
  tornBytes: number;
}

export function readJournal(path: string): JournalRead {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], validBytes: 0, tornBytes: 0 };
    throw new UserError(
      'E_SANDBOX_STATE_UNREADABLE',
      `Cannot read the sandbox journal ${path}: ${(err as Error).message}`,
      {
        hint: 'Check the state directory permissions, or pass another --state-dir.',
        exitCode: ExitCode.Usage,
      },
    );
  }
  const entries: JournalEntry[] = [];
  let start = 0;
  for (;;) {
    const end = buf.indexOf(10, start);
    if (end < 0) break;
    const line = buf.subarray(start, end).toString('utf8');
    let entry: JournalEntry;
    try {
      entry = JSON.parse(line) as JournalEntry;
    } catch {
      break; // A line written over a torn one: nothing after it was acknowledged in order.
    }
    if (typeof entry.seq !== 'number' || typeof entry.now !== 'number' || typeof entry.kind !== 'string')
      break;
    entries.push(entry);
    start = end + 1;
  }
  return { entries, validBytes: start, tornBytes: buf.length - start };
}

/**
 * Appends entries to the journal file, opening it for each step (so a directory or file made
 * read-only, or a disk gone away, fails the very next step). Every method throws the file
 * system's error as it is.
 */
export class JournalWriter {
  bytes = 0;
  entries = 0;

  constructor(readonly path: string) {}

  /** Starts from the journal as read back, cutting off a torn tail (`validBytes` from `readJournal`). */
  open(validBytes: number, entries: number): void {
    const fd = openSync(this.path, 'a+', 0o600);
    try {
      if (fstatSync(fd).size !== validBytes) {
        ftruncateSync(fd, validBytes);
        fsyncSync(fd);
      }
    } finally {
      closeSync(fd);
    }
    this.bytes = validBytes;
    this.entries = entries;
  }

  /** Writes one line, fsynced when `sync` (a write about to be answered). */
  append(entry: JournalEntry, sync: boolean): void {
    const line = Buffer.from(`${JSON.stringify(entry)}\n`, 'utf8');
    const fd = openSync(this.path, 'a', 0o600);
    try {
      let off = 0;
      while (off < line.length) off += writeSync(fd, line, off);
      if (sync) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.bytes += line.length;
    this.entries++;
  }

  /** Empties the journal (after a snapshot took in everything it held). */
  reset(): void {
    const fd = openSync(this.path, 'a+', 0o600);
    try {
      ftruncateSync(fd, 0);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.bytes = 0;
    this.entries = 0;
  }
}
