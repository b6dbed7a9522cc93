/**
 * Retries with exponential backoff and full jitter (AWS Architecture Blog, "Exponential Backoff And
 * Jitter"): attempt n sleeps a uniform random time in [0, min(cap, base * 2^n)]. Retried: throttling,
 * 5xx, and, for a call made right after a create, the eventual-consistency `*.NotFound` that AWS
 * returns until the new resource has propagated.
 */
import type { EngineClock } from './clock.js';

export interface RetryOptions {
  clock: EngineClock;
  signal?: AbortSignal | undefined;
  /** Total attempts, the first included. */
  maxAttempts?: number;
  baseMs?: number;
  capMs?: number;
  /** [0, 1); injected so tests are deterministic. */
  random?: () => number;
  /** The call follows a create of the resource it names: `*.NotFound` is then transient. */
  afterCreate?: boolean;
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
]);

const TRANSIENT_CODES = new Set([
  'InternalError',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'ServerException',
  'RequestTimeout',
  'RequestTimeoutException',
  'Unavailable',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
]);

/** The AWS error code (SDK v3 `name`), Kubernetes status reason, or Node errno code of an error. */
export function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { name?: unknown; code?: unknown; Code?: unknown };
  if (typeof e.Code === 'string') return e.Code;
  if (typeof e.code === 'string') return e.code;
  if (typeof e.name === 'string' && e.name !== 'Error') return e.name;
  return undefined;
}

/** The HTTP status of an SDK v3 error (`$metadata.httpStatusCode`) or a client-node ApiException (`code`). */
export function httpStatus(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { $metadata?: { httpStatusCode?: unknown }; code?: unknown; statusCode?: unknown };
  if (typeof e.$metadata?.httpStatusCode === 'number') return e.$metadata.httpStatusCode;
  if (typeof e.code === 'number') return e.code;
  if (typeof e.statusCode === 'number') return e.statusCode;
  return undefined;
}

/** Why an error is worth retrying, or undefined when it is not. */
export function retryReason(err: unknown, afterCreate = false): string | undefined {
  const code = errorCode(err);
  const status = httpStatus(err);
  if (code && THROTTLING_CODES.has(code)) return `throttled (${code})`;
  if (status === 429) return 'throttled (429)';
  if (status !== undefined && status >= 500) return `server error (${status}${code ? ` ${code}` : ''})`;
  if (code && TRANSIENT_CODES.has(code)) return `transient (${code})`;
  const retryable = (err as { $retryable?: unknown } | null)?.$retryable;
  if (retryable && typeof retryable === 'object') return `retryable (${code ?? 'unknown'})`;
  if (afterCreate && code && (code.endsWith('.NotFound') || code === 'ResourceNotFoundException')) {
    return `not visible yet (${code})`;
  }
  return undefined;
}

export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 8;
  const baseMs = options.baseMs ?? 200;
  const capMs = options.capMs ?? 20_000;
  const random = options.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const reason = retryReason(err, options.afterCreate);
      if (reason === undefined || attempt + 1 >= maxAttempts || options.signal?.aborted) throw err;
      const delayMs = backoffDelay(attempt, baseMs, capMs, random);
      options.onRetry?.({ attempt: attempt + 1, delayMs, reason });
      await options.clock.sleep(delayMs, options.signal);
    }
  }
}
