/** The files of a sandbox state directory. */
import { join, resolve } from 'node:path';

export interface StatePaths {
  dir: string;
  state: string;
  /** The steps since the last snapshot (state.json), replayed at start. */
  journal: string;
  trail: string;
  faults: string;
  /** Written by a running sandbox: its pid and endpoints (the lock, and what `sandbox env` reads). */
  runtime: string;
  kubeconfig: string;
  log: string;
}

export function statePaths(dir: string): StatePaths {
  const abs = resolve(dir);
  return {
    dir: abs,
    state: join(abs, 'state.json'),
    journal: join(abs, 'journal.jsonl'),
    trail: join(abs, 'trail.jsonl'),
    faults: join(abs, 'faults.json'),
    runtime: join(abs, 'sandbox.json'),
    kubeconfig: join(abs, 'kubeconfig'),
    log: join(abs, 'sandbox.log'),
  };
}

/** `$EKS_CIDR_SANDBOX_DIR`, else `.sandbox/` in the working directory. */
export function defaultStateDir(env: Record<string, string | undefined>, cwd: string): string {
  return env.EKS_CIDR_SANDBOX_DIR || join(cwd, '.sandbox');
}
