/**
 * Who holds the cluster lock, unique across machines and PID namespaces: a random run id (never
 * reused), the user and host for people reading it, and what proves a holder is a process of *this*
 * machine and namespace: the kernel's boot id, the PID namespace's inode, the pid and the process's
 * start time (so a reused pid is not mistaken for the holder). Two containers on one host share the
 * hostname and may share pids, but not the PID namespace; a holder lacking any of these facts (another
 * OS, an older eks-cidr) can never be proven dead, so only its lease expiry frees the lock.
 *
 *   ann@box pid 42 run 9f2c4e1a0b7d3e55 boot 1b2f...e9 pidns 4026531836 start 123456
 */
import { readFileSync, readlinkSync } from 'node:fs';

export interface ProcessIdentity {
  user: string;
  host: string;
  pid: number;
  run: string;
  bootId?: string | undefined;
  pidNamespace?: string | undefined;
  /** Start time of the process in clock ticks since boot (/proc/<pid>/stat field 22). */
  startTime?: string | undefined;
}

export function formatHolder(id: ProcessIdentity): string {
  return (
    `${id.user}@${id.host} pid ${id.pid} run ${id.run}` +
    (id.bootId ? ` boot ${id.bootId}` : '') +
    (id.pidNamespace ? ` pidns ${id.pidNamespace}` : '') +
    (id.startTime ? ` start ${id.startTime}` : '')
  );
}

export function parseHolder(holder: string): ProcessIdentity | undefined {
  const m = /^(.+)@(\S+) pid (\d+) run (\S+)((?: (?:boot|pidns|start) \S+)*)$/.exec(holder);
  if (!m) return undefined;
  const extra = new Map<string, string>();
  for (const [, k, v] of (m[5] ?? '').matchAll(/ (boot|pidns|start) (\S+)/g)) extra.set(k!, v!);
  return {
    user: m[1]!,
    host: m[2]!,
    pid: Number(m[3]),
    run: m[4]!,
    bootId: extra.get('boot'),
    pidNamespace: extra.get('pidns'),
    startTime: extra.get('start'),
  };
}

/** What this machine can tell about a local process (injected in tests). */
export interface LocalProcesses {
  host: string;
  bootId: string | undefined;
  pidNamespace: string | undefined;
  /** undefined: no such process in this namespace; else its start time ('' when unknown). */
  startTimeOf(pid: number): string | undefined;
}

/**
 * True only when the holder is provably a dead process of this machine and PID namespace: same host,
 * same boot, same namespace, and its pid runs no process (or a different one, started later).
 */
export function holderProvablyGone(holder: string, local: LocalProcesses): boolean {
  const h = parseHolder(holder);
  if (!h?.bootId || !h.pidNamespace || !local.bootId || !local.pidNamespace) return false;
  if (h.host !== local.host || h.bootId !== local.bootId || h.pidNamespace !== local.pidNamespace)
    return false;
  const running = local.startTimeOf(h.pid);
  if (running === undefined) return true;
  return h.startTime !== undefined && running !== '' && running !== h.startTime;
}

function readOr(read: () => string): string | undefined {
  try {
    return read().trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Field 22 of /proc/<pid>/stat; the command name (field 2) may hold spaces, so split after its ')'. */
export function startTimeFromStat(stat: string): string | undefined {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19];
}

/** This machine's facts, from Linux's /proc (undefined elsewhere). */
export function localProcesses(host: string): LocalProcesses {
  return {
    host,
    bootId: readOr(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8')),
    pidNamespace: readOr(() => /\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/pid'))?.[1] ?? ''),
    startTimeOf(pid) {
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        try {
          process.kill(pid, 0);
          return '';
        } catch (err) {
          return (err as { code?: string }).code === 'EPERM' ? '' : undefined;
        }
      }
      return startTimeFromStat(stat) ?? '';
    },
  };
}
