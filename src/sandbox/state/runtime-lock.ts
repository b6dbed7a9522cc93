/**
 * One sandbox per state directory: a running sandbox holds `sandbox.json` (created exclusively)
 * with its pid and endpoints. A second `up` finds it, checks the pid is alive, and reports the
 * running sandbox instead of sharing (and corrupting) its state. A lock left by a killed process
 * is taken over.
 */
import {
  accessSync,
  closeSync,
  constants,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { ExitCode, UserError } from '../../shared/errors.js';
import { writeFileAtomic } from './state-store.js';

export interface RuntimeInfo {
  pid: number;
  endpoint: string;
  kubeEndpoint?: string | undefined;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  kubeconfig?: string | undefined;
  startedAt: string;
  stateDir: string;
}

/** True when `pid` runs; a zombie (killed, not yet reaped by a parent that exited) counts as dead. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

export function readRuntime(path: string): RuntimeInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as RuntimeInfo;
    return typeof info.pid === 'number' ? info : undefined;
  } catch {
    return undefined;
  }
}

/** The running sandbox of a state dir, or undefined (a stale file from a dead process counts as none). */
export function runningSandbox(path: string): RuntimeInfo | undefined {
  const info = readRuntime(path);
  return info && isAlive(info.pid) ? info : undefined;
}

export class SandboxRunningError extends UserError {
  constructor(readonly info: RuntimeInfo) {
    super(
      'E_SANDBOX_RUNNING',
      `A sandbox is already running on ${info.stateDir} (pid ${info.pid}, ${info.endpoint}).`,
      {
        hint: `Use it ('eks-cidr sandbox env'), stop it ('eks-cidr sandbox down'), or pick another --state-dir.`,
        exitCode: ExitCode.LockHeld,
        details: { pid: info.pid, endpoint: info.endpoint },
      },
    );
  }
}

/** Creates the state directory, or says clearly why it cannot be used. */
export function prepareStateDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    accessSync(dir, constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new UserError(
      'E_SANDBOX_STATE_DIR',
      `Cannot use ${dir} as the sandbox state directory (${code}).`,
      {
        hint: 'Pass a writable directory with --state-dir (or set EKS_CIDR_SANDBOX_DIR).',
        exitCode: ExitCode.Usage,
        cause: err,
      },
    );
  }
}

export class RuntimeLock {
  private held = false;
  constructor(
    readonly dir: string,
    readonly path: string,
  ) {}

  /** Claims the state dir for this process; throws SandboxRunningError when another holds it. */
  acquire(pid = process.pid): void {
    prepareStateDir(this.dir);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fd = openSync(this.path, 'wx', 0o600);
        writeSync(
          fd,
          JSON.stringify({ pid, endpoint: '', startedAt: new Date().toISOString(), stateDir: this.dir }),
        );
        closeSync(fd);
        this.held = true;
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const info = readRuntime(this.path);
        // Our own pid counts too: two sandboxes in one process must not share a directory either.
        if (info && isAlive(info.pid)) throw new SandboxRunningError(info);
        rmSync(this.path, { force: true });
      }
    }
    throw new UserError('E_SANDBOX_LOCK', `Could not claim ${this.path}.`, { exitCode: ExitCode.LockHeld });
  }

  /** Publishes the endpoints once listening. */
  publish(info: RuntimeInfo): void {
    if (this.held) writeFileAtomic(this.path, `${JSON.stringify(info, null, 2)}\n`);
  }

  release(): void {
    if (!this.held) return;
    this.held = false;
    const info = readRuntime(this.path);
    if (!info || info.pid === process.pid) rmSync(this.path, { force: true });
  }
}
