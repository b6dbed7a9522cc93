/**
 * The gateway's policy: how many calls a backend may have in flight, and whether the command is
 * read-only (plan, doctor, snapshot, report, max-pods). A read-only gateway refuses a mutating call
 * before it is sent: a bug that would write from a read-only command fails loudly instead.
 */
import { EksCidrError, ExitCode } from '../errors.js';

export interface GatewayPolicy {
  /** Refuse every call that is not a read. */
  readOnly?: boolean | undefined;
  /** Calls in flight at once per backend (default 16). */
  concurrency?: number | undefined;
}

export const DEFAULT_CONCURRENCY = 16;

/** AWS reads: Describe*, List*, Get* (GetCallerIdentity included). */
export function isAwsRead(commandName: string): boolean {
  return /^(Describe|List|Get)[A-Z]/.test(commandName.replace(/Command$/, ''));
}

/** client-node reads: list*, read*, get* (discovery, version). */
export function isKubeRead(method: string): boolean {
  return /^(list|read|get)[A-Z]/.test(method);
}

export function readOnlyViolation(backend: 'AWS' | 'Kubernetes', call: string): EksCidrError {
  return new EksCidrError(
    'E_READ_ONLY_VIOLATION',
    `a read-only command tried a mutating ${backend} call (${call}); it was not sent`,
    {
      exitCode: ExitCode.Api,
      hint: 'This is a bug in eks-cidr: nothing was changed. Please report it with the command you ran.',
    },
  );
}

/** At most `limit` tasks running at once; the others wait in order. */
export class Limiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
