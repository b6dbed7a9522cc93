/**
 * What verify tells as it goes (the library's `events`, docs/library.md): the start, each poll's
 * progress line, the smoke test's deployment, readiness and removal, and the verdict.
 */
export type VerifyEvent =
  | { type: 'verify-start'; cluster: string; smoke: boolean; waitSeconds: number }
  /** What verify still waits for, each time it changes: `waiting (N s left): ...`. */
  | { type: 'verify-progress'; message: string; secondsLeft: number }
  | {
      type: 'smoke-progress';
      /** deployed: the test deployment was created; poll: a poll's count of its pods (when it changed); deleted: removed. */
      stage: 'deployed' | 'poll' | 'deleted';
      replicas: number;
      ready: number;
      running: number;
      pending: number;
      message: string;
    }
  /** mode: the networking judged (custom-networking, subnet-discovery), when one was. */
  | { type: 'verify-done'; ok: boolean; mode?: string | undefined; problems: number };
