/**
 * Fault injection, off by default: added latency per call, a throttling rate, a rate of 500s, and
 * eventual consistency (a just-created resource is missing from Describe and List calls for a while).
 * Set by `startSandbox({ faults })` / CLI flags, and re-read from `<stateDir>/faults.json` when that
 * file changes, so a running sandbox can be made flaky without a restart.
 */
import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { AwsError } from '../services/aws-error.js';
import type { ApiService } from './auth/auth-errors.js';

export const faultConfigSchema = z
  .object({
    /** Milliseconds added to every AWS API response. */
    latencyMs: z.number().int().min(0).max(60_000).default(0),
    /** Fraction (0..1) of calls answered with the service's throttling error. */
    throttleRate: z.number().min(0).max(1).default(0),
    /** Fraction (0..1) of calls answered with a 500 internal error. */
    errorRate: z.number().min(0).max(1).default(0),
    /** How long a just-created resource stays invisible to Describe and List calls, in ms. */
    consistencyDelayMs: z.number().int().min(0).max(600_000).default(0),
    /** Limit the rate-based faults to these actions (`DescribeSubnets`, `CreateNodegroup`); all when absent. */
    actions: z.array(z.string()).optional(),
    /**
     * Lost responses: the first N successful calls of each named action make their change, then the
     * connection is closed without an answer (`{"AssociateVpcCidrBlock": 1}`), as when a response is
     * lost on the way back. The client sees a connection reset and may send the call again.
     */
    loseResponses: z.record(z.string(), z.number().int().min(0).max(1000)).optional(),
    /**
     * At most this many rate-based faults in a row for one request (the same action with the same
     * parameters, as a client's retry sends it again); the next send of that request then goes
     * through. Real throttling comes in bursts that a token bucket ends; without a cap, 50% throttling
     * fails any finite retry policy now and then. Counted per request, not per action: with calls of
     * one action in flight in parallel, a streak per action is reset by the others' successes and one
     * call could fail any number of times in a row.
     */
    maxConsecutive: z.number().int().min(1).max(1000).optional(),
  })
  .strict();

export type FaultConfig = z.infer<typeof faultConfigSchema>;
export type FaultConfigInput = z.input<typeof faultConfigSchema>;

/** Request keys whose failure streak is remembered at once. */
const MAX_STREAKS = 10_000;

export const noFaults: FaultConfig = faultConfigSchema.parse({});

export function parseFaultConfig(input: unknown): FaultConfig {
  return faultConfigSchema.parse(input ?? {});
}

/** The error a rate-based fault answers with, per service, as the real endpoints do. */
export function throttlingError(service: ApiService): AwsError {
  if (service === 'ec2') return new AwsError('RequestLimitExceeded', 'Request limit exceeded.', 503);
  if (service === 'eks') return new AwsError('ThrottlingException', 'Rate exceeded', 429);
  return new AwsError('Throttling', 'Rate exceeded', 400);
}

export function internalError(service: ApiService): AwsError {
  if (service === 'ec2') return new AwsError('InternalError', 'An internal error has occurred', 500);
  if (service === 'eks') return new AwsError('ServerException', 'An internal server error occurred.', 500);
  return new AwsError('InternalFailure', 'An internal error has occurred.', 500);
}

/** Decides faults per call. `random` is injectable so tests are deterministic. */
export class FaultInjector {
  private fileMtime = -1;
  private fromFile: FaultConfig | undefined;

  constructor(
    private readonly base: FaultConfig,
    private readonly filePath: string | undefined,
    private readonly random: () => number = Math.random,
  ) {}

  /** The active configuration: the file's when present (re-read when it changes), else the base. */
  config(): FaultConfig {
    if (!this.filePath) return this.base;
    let mtime: number;
    try {
      mtime = statSync(this.filePath).mtimeMs;
    } catch {
      this.fromFile = undefined;
      this.fileMtime = -1;
      return this.base;
    }
    if (mtime !== this.fileMtime) {
      this.fileMtime = mtime;
      try {
        this.fromFile = parseFaultConfig({
          ...this.base,
          ...(JSON.parse(readFileSync(this.filePath, 'utf8')) as object),
        });
      } catch {
        // A half-written or invalid file: keep the flags' configuration rather than crash.
        this.fromFile = undefined;
      }
    }
    return this.fromFile ?? this.base;
  }

  private lost = new Map<string, number>();
  private lostFor: FaultConfig | undefined;

  /** True when this successful call's response is to be lost (counted per action). */
  loseResponse(action: string): boolean {
    const cfg = this.config();
    if (cfg !== this.lostFor) {
      this.lostFor = cfg;
      this.lost.clear();
    }
    const budget = cfg.loseResponses?.[action] ?? 0;
    const used = this.lost.get(action) ?? 0;
    if (used >= budget) return false;
    this.lost.set(action, used + 1);
    return true;
  }

  /** Failures in a row per request key; a request that goes through is forgotten. */
  private streak = new Map<string, number>();

  /**
   * The injected failure for this call, if any (throttling is drawn before internal errors).
   * `request` identifies the request within its action (method, path and body): a client's retry of
   * one call sends the same request again, so `maxConsecutive` bounds the failures one call sees.
   */
  failureFor(service: ApiService, action: string, request = ''): AwsError | undefined {
    const cfg = this.config();
    if (cfg.actions && !cfg.actions.includes(action)) return undefined;
    const key = `${action}\n${request}`;
    const streak = this.streak.get(key) ?? 0;
    if (cfg.maxConsecutive !== undefined && streak >= cfg.maxConsecutive) {
      this.streak.delete(key);
      return undefined;
    }
    let failure: AwsError | undefined;
    if (cfg.throttleRate > 0 && this.random() < cfg.throttleRate) failure = throttlingError(service);
    else if (cfg.errorRate > 0 && this.random() < cfg.errorRate) failure = internalError(service);
    if (failure) {
      // Bounded: a client that never retries leaves its key behind; forget the oldest.
      if (this.streak.size >= MAX_STREAKS && !this.streak.has(key)) {
        const oldest = this.streak.keys().next().value;
        if (oldest !== undefined) this.streak.delete(oldest);
      }
      this.streak.set(key, streak + 1);
    } else this.streak.delete(key);
    return failure;
  }
}
