/**
 * The world's snapshot on disk: `state.json`, written atomically (temporary file, fsync, rename) so a
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
