/**
 * The tool's one retry layer: every AWS send (the SDK clients' middleware, gateway/aws.ts) and every
 * client-node call (gateway/kube.ts) passes `gatewayCall`, which applies the one policy
 * (engine/retry.ts RETRY_POLICY: at most 8 sends of one call). Nothing else in the tool retries a
 * call: the SDK makes one attempt per send (`maxAttempts: 1`), listings page through the gateway (so a
 * throttled page is sent again, not the listing), and callers only say how their calls are to be
 * retried, through a scope (`withCallScope`): the step's signal, clock and retry events, and whether a
 * call follows a create (its `*.NotFound` is then transient). The scope follows the async calls made
 * inside it (AsyncLocalStorage), so it reaches the gateway through the ports without a parameter.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { withRetry, type RetryOptions } from '../engine/retry.js';

/** How the calls made inside a scope are retried. */
export type CallScope = Pick<
  RetryOptions,
  'signal' | 'clock' | 'random' | 'afterCreate' | 'onRetry' | 'maxAttempts'
>;

const scopes = new AsyncLocalStorage<CallScope>();

/** Runs `fn` with its gateway calls retried as `scope` says (on top of the enclosing scope). */
export function withCallScope<T>(scope: CallScope, fn: () => Promise<T>): Promise<T> {
  return scopes.run({ ...scopes.getStore(), ...scope }, fn);
}

/** The calls inside `fn` are sent once: their caller's own loop is their retry (the lease's renewal). */
export function sentOnce<T>(fn: () => Promise<T>): Promise<T> {
  return withCallScope({ maxAttempts: 1, afterCreate: false }, fn);
}

/**
 * One call through the gateway, under the retry policy and the current scope. `isAnswer`: errors
 * that are the call's answer, never retried (an eviction's 429 is a disruption budget, not throttling).
 */
export function gatewayCall<T>(send: () => Promise<T>, isAnswer?: (err: unknown) => boolean): Promise<T> {
  return withRetry(send, { ...scopes.getStore(), isAnswer });
}
