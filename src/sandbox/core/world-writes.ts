/**
 * How the codecs run a write on the world: through the sandbox's journal, which advances the world to
 * now, makes the write durable, then runs it at one pinned instant. A codec answers
 * `PersistenceUnavailableError` with a 503 in its own envelope.
 */
export interface WorldWrites {
  /** Advances the world's transitions to now (journaled when something changed). */
  tick(): boolean;
  /** Runs one write `run`, journaled as `kind` with `fields` (enough to replay it) before it runs. */
  write<T>(kind: string, fields: Record<string, unknown>, run: () => T): T;
  /** `write` for a step that completes in microtasks (a Kubernetes write with its body read). */
  writeAsync<T>(kind: string, fields: Record<string, unknown>, run: () => Promise<T>): Promise<T>;
}

export class PersistenceUnavailableError extends Error {
  constructor(cause: unknown) {
    super(
      `The sandbox could not persist this change (${cause instanceof Error ? cause.message : String(cause)}); nothing was changed. Check the state directory (disk space, permissions) and the sandbox log.`,
    );
    this.name = 'PersistenceUnavailableError';
  }
}

/** Writes run directly: a world nobody persists (tests of one codec). */
export function unjournaledWrites(tick: () => boolean): WorldWrites {
  return {
    tick,
    write: (_kind, _fields, run) => {
      tick();
      return run();
    },
    writeAsync: (_kind, _fields, run) => {
      tick();
      return run();
    },
  };
}
