/**
 * The world's state on disk: `state.json`, written atomically (temporary file, fsync, rename) so a
 * crash or kill -9 leaves either the old or the new state, never half of one. A state file that
 * cannot be read is an error, never a silently emptied sandbox.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { UserError, ExitCode } from '../../shared/errors.js';
import type { WorldState } from '../world.js';

export function loadState(path: string): WorldState | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UserError(
      'E_SANDBOX_STATE_UNREADABLE',
      `Cannot read the sandbox state ${path}: ${(err as Error).message}`,
      {
        hint: 'Check the state directory permissions, or pass another --state-dir.',
        exitCode: ExitCode.Usage,
      },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw corrupt(path, (err as Error).message);
  }
  const s = parsed as Partial<WorldState> | null;
  if (
    !s ||
    typeof s !== 'object' ||
    s.version !== 1 ||
    typeof s.ids?.seed !== 'number' ||
    typeof s.ids.counter !== 'number'
  ) {
    throw corrupt(path, 'not a version 1 sandbox state');
  }
  return s as WorldState;
}

function corrupt(path: string, why: string): UserError {
  return new UserError('E_SANDBOX_STATE_CORRUPT', `The sandbox state ${path} is corrupt (${why}).`, {
    hint: `Move it aside to keep it, or run 'eks-cidr sandbox reset --yes' to start from an empty sandbox.`,
    exitCode: ExitCode.Usage,
  });
}

let tmpCounter = 0;

/** Writes `text` to `path` atomically. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.${++tmpCounter}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

export function saveState(dir: string, path: string, state: WorldState): void {
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(path, JSON.stringify(state));
}

/**
 * Coalesces saves: many mutations within `delayMs` become one write of the latest snapshot.
 * `flush()` writes now (on stop).
 */
export class PersistScheduler {
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;
  private lastWriteMs = 0;
  writes = 0;

  constructor(
    private readonly write: () => void,
    private readonly delayMs = 50,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  markDirty(): void {
    this.dirty = true;
    if (this.timer) return;
    // A big world (thousands of pods) takes a while to serialise: back off so writing never
    // takes more than about a fifth of the time.
    const delay = Math.max(this.delayMs, Math.min(5_000, this.lastWriteMs * 4));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, delay);
    this.timer.unref?.();
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.dirty) return;
    this.dirty = false;
    const started = performance.now();
    try {
      this.write();
      this.writes++;
      this.lastWriteMs = performance.now() - started;
    } catch (err) {
      this.dirty = true;
      this.onError(err);
    }
  }
}
