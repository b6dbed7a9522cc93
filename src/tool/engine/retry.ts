/**
 * The tool's one retry policy, for every AWS and Kubernetes call (discovery, steps, verify, report,
 * destroy), applied in one place: the gateway (gateway/retry-layer.ts), around each send; the AWS SDK
 * clients make a single attempt (`maxAttempts: 1`, adapters/aws.ts) and this module decides. Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff
 * And Jitter"): attempt n sleeps a uniform random time in [0, min(cap, base * 2^n)]. Retried:
 * throttling, 5xx, connection errors (a lost response included), and, for a call made right after a
 * create, the eventual-consistency `*.NotFound` that AWS returns until the new resource has
 * propagated. At most RETRY_POLICY.maxAttempts sends of a call fail for throttling, 5xx or the
 * connection (the 8th such failure is the caller's error); a `*.NotFound` after a create does not use
 * up those attempts (waiting for propagation is not a fault, and under throttling it would leave a
 * call too few): it has maxAttempts sends of its own. No retry starts once RETRY_POLICY.maxElapsedMs have passed since the first attempt,
 * whatever the reason, so a resource that never appears ends the call within that time. Retries do not multiply when they
 * nest (a page retried inside a listing a step retries): an error a retry gave up on is marked, and
 * no outer retry sends the call again.
 */
import { systemEngineClock, type EngineClock } from './clock.js';

export const RETRY_POLICY = {
  /** Sends per call that may fail for throttling, 5xx or the connection, the first included. */
  maxAttempts: 8,
  baseMs: 200,
  capMs: 20_000,
  /** No retry starts later than this after the first attempt. */
  maxElapsedMs: 60_000,
} as const;

/** Tests shorten the backoff of a whole CLI run with EKS_CIDR_RETRY_BASE_MS (attempts stay capped). */
function defaultBaseMs(): number {
  const fromEnv = Number(process.env.EKS_CIDR_RETRY_BASE_MS);
  return Number.isFinite(fromEnv) && fromEnv >= 0 && process.env.EKS_CIDR_RETRY_BASE_MS !== ''
    ? fromEnv
    : RETRY_POLICY.baseMs;
}

export interface RetryOptions {
  /** Default: the system clock. */
  clock?: EngineClock | undefined;
  signal?: AbortSignal | undefined;
  /** Total attempts, the first included. */
  maxAttempts?: number;
  baseMs?: number;
  capMs?: number;
  /** [0, 1); injected so tests are deterministic. */
  random?: (() => number) | undefined;
  /** The call follows a create of the resource it names: `*.NotFound` is then transient. */
  afterCreate?: boolean | undefined;
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
  /** Errors that are the call's answer, never retried (an eviction's 429: a disruption budget). */
  isAnswer?: ((err: unknown) => boolean) | undefined;
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
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'TimeoutError',
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
    return `${NOT_VISIBLE} (${code})`;
  }
  return undefined;
}

const NOT_VISIBLE = 'not visible yet';

function isNotVisibleYet(reason: string): boolean {
  return reason.startsWith(NOT_VISIBLE);
}

export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

const GAVE_UP = Symbol.for('eks-cidr.retry.gave-up');

/** True when a retry already sent this call as often as the policy allows. */
export function retriesExhausted(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[GAVE_UP] === true;
}

function gaveUp(err: unknown): unknown {
  if (typeof err === 'object' && err !== null && Object.isExtensible(err))
    Object.defineProperty(err, GAVE_UP, { value: true });
  return err;
}

export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const maxAttempts = options.maxAttempts ?? RETRY_POLICY.maxAttempts;
  const baseMs = options.baseMs ?? defaultBaseMs();
  const capMs = options.capMs ?? RETRY_POLICY.capMs;
  const random = options.random ?? Math.random;
  const clock = options.clock ?? systemEngineClock;
  const start = clock.now();
  // Sends that failed for a fault (throttling, 5xx, a connection error): at most maxAttempts sends
  // fail so. A resource not visible yet after its create is not a fault: those sends are counted
  // apart (at most maxAttempts too, and within maxElapsedMs), so propagation does not use up the
  // call's attempts against throttling.
  let faults = 0;
  let unseen = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (retriesExhausted(err) || options.isAnswer?.(err)) throw err;
      const reason = retryReason(err, options.afterCreate);
      if (reason === undefined || options.signal?.aborted) throw err;
      if ((isNotVisibleYet(reason) ? ++unseen : ++faults) >= maxAttempts) throw gaveUp(err);
      const delayMs = backoffDelay(attempt, baseMs, capMs, random);
      if (clock.now() + delayMs - start > RETRY_POLICY.maxElapsedMs) throw gaveUp(err);
      options.onRetry?.({ attempt: attempt + 1, delayMs, reason });
      await clock.sleep(delayMs, options.signal);
    }
  }
}
