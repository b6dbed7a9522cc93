/**
 * The Kubernetes side of the gateway: the only place the tool makes client-node API objects (lint
 * forbids `makeApiClient` elsewhere). Each is wrapped so every method call passes the read-only check,
 * the concurrency limit of its kubeconfig and the one retry layer (retry-layer.ts); the policy is attached to the KubeConfig when it is
 * loaded (adapters/kube.ts), so every API object made from it shares them.
 */
import type { ApiType, Configuration, KubeConfig } from '@kubernetes/client-node';
import { httpStatus } from '../engine/retry.js';
import { gatewayCall } from './retry-layer.js';
import { DEFAULT_CONCURRENCY, isKubeRead, Limiter, readOnlyViolation, type GatewayPolicy } from './policy.js';

/** The API methods that make a request (all of client-node's, each returning a Promise). */
const CALL = /^(list|read|get|create|patch|replace|delete|connect)[A-Z]/;

/** An eviction's 429 says a PodDisruptionBudget blocks it: the drain decides, not the retry. */
const evictionAnswer = (err: unknown) => httpStatus(err) === 429;

const policies = new WeakMap<KubeConfig, { policy: GatewayPolicy; limiter: Limiter }>();

/** Sets the policy of every API object made from `kc` through kubeApi(). */
export function attachKubePolicy(kc: KubeConfig, policy: GatewayPolicy): void {
  policies.set(kc, { policy, limiter: new Limiter(policy.concurrency ?? DEFAULT_CONCURRENCY) });
}

/** `kc.makeApiClient(Api)`, behind the gateway. */
export function kubeApi<T extends ApiType>(kc: KubeConfig, Api: new (config: Configuration) => T): T {
  const api = kc.makeApiClient(Api);
  let entry = policies.get(kc);
  if (!entry) {
    attachKubePolicy(kc, {});
    entry = policies.get(kc)!;
  }
  const { policy, limiter } = entry;
  return new Proxy(api, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string' || !CALL.test(property)) return value;
      const method = value as (...args: unknown[]) => Promise<unknown>;
      return (...args: unknown[]) => {
        if (policy.readOnly && !isKubeRead(property))
          return Promise.reject(readOnlyViolation('Kubernetes', `${Api.name}.${property}`));
        return gatewayCall(
          () => limiter.run(() => method.apply(target, args)),
          property === 'createNamespacedPodEviction' ? evictionAnswer : undefined,
        );
      };
    },
  });
}
