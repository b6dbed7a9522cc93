/**
 * The world's snapshot on disk: `state.json`, written atomically (temporary file, fsync, rename) so a
 * crash or kill -9 leaves either the old or the new state, never half of one. A state file that
 * cannot be read is an error, never a silently emptied sandbox.
 */
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import { readChunkedJson, writeChunkedJson } from './chunked-json.js';
import { UserError, ExitCode } from '../../shared/errors.js';
import type { WorldState } from '../world.js';

/** Up to this size a state file is read as one string (any JSON layout); larger, line by line. */
const ONE_STRING_MAX_BYTES = 256 * 1024 * 1024;

export function loadState(path: string, oneStringMaxBytes = ONE_STRING_MAX_BYTES): WorldState | undefined {
  let parsed: unknown;
  try {
    parsed =
      statSync(path).size <= oneStringMaxBytes
        ? JSON.parse(readFileSync(path, 'utf8'))
        : readChunkedJson(path);
  } catch (err) {
    if (err instanceof SyntaxError) throw corrupt(path, err.message);
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

/** Writes `content` (a text, or what the function writes to the file descriptor) to `path` atomically. */
export function writeFileAtomic(path: string, content: string | ((fd: number) => void)): void {
  const tmp = `${path}.${process.pid}.${++tmpCounter}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    if (typeof content === 'string') writeSync(fd, content);
    else content(fd);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/**
 * The state as JSON, written in lines (chunked-json.ts): a world of thousands of nodes is more text
 * than one string can hold.
 */
export function saveState(dir: string, path: string, state: WorldState): void {
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(path, (fd) => writeChunkedJson(fd, state));
}
