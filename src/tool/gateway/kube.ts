/**
 * The Kubernetes side of the gateway: the only place the tool makes client-node API objects (lint
 * forbids `makeApiClient` elsewhere). Each is wrapped so every method call passes the read-only check,
 * the concurrency limit of its kubeconfig and the one retry layer (retry-layer.ts); the policy is attached to the KubeConfig when it is
 * loaded (adapters/kube.ts), so every API object made from it shares them.
 */
import { createHash } from 'node:crypto';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type {
  ApiType,
  Configuration,
  ConfigurationOptions,
  KubeConfig,
  RequestContext,
  ResponseContext,
} from '@kubernetes/client-node';
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
        // client-node's object APIs take (params, options): the options gain the kept connections.
        const [params = {}, options] = args as [unknown, ConfigurationOptions | undefined];
        return gatewayCall(
          () => limiter.run(async () => method.call(target, params, await keptConnections(options))),
          property === 'createNamespacedPodEviction' ? evictionAnswer : undefined,
        );
      };
    },
  });
}

/**
 * Connections kept open between calls, as kubectl keeps them. client-node makes a new agent for every
 * request, so every call would open a new TLS connection (a handshake's round trips and key exchange
 * before the request is even sent: most of a small call's time, and 1.4x of a 150,000-pod listing).
 * One keep-alive agent per TLS identity (server name, trust, client certificate), made from the
 * options client-node gave the request's own agent; a proxy's agent is left as it is. Idle sockets
 * do not keep the process alive and close before the server's keep-alive timeout.
 */
const keptAgents = new Map<string, HttpAgent>();
const KEPT_AGENTS_MAX = 16;

function digest(value: unknown): string {
  if (value === undefined || value === null) return '-';
  const items = Array.isArray(value) ? value : [value];
  const hash = createHash('sha256');
  for (const item of items) hash.update(typeof item === 'string' ? item : Buffer.from(item as Uint8Array));
  return hash.digest('base64url');
}

/** The kept agent for the identity of `agent` (a plain http/https agent client-node made), or undefined. */
export function keptAgentFor(agent: HttpAgent | undefined): HttpAgent | undefined {
  if (!agent || (agent.constructor !== HttpsAgent && agent.constructor !== HttpAgent)) return undefined;
  const o = (agent as HttpAgent & { options: Record<string, unknown> }).options;
  const tls = agent.constructor === HttpsAgent;
  const key = [
    tls ? 'https' : 'http',
    typeof o.servername === 'string' ? o.servername : '',
    o.rejectUnauthorized === false ? 'insecure' : 'verify',
    digest(o.ca),
    digest(o.cert),
    digest(o.key),
    digest(o.pfx),
    digest(o.passphrase),
  ].join('|');
  let kept = keptAgents.get(key);
  if (!kept) {
    const options = {
      keepAlive: true,
      ...Object.fromEntries(
        ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername']
          .filter((k) => o[k] !== undefined)
          .map((k) => [k, o[k]]),
      ),
    };
    kept = tls ? new HttpsAgent(options) : new HttpAgent(options);
    if (keptAgents.size >= KEPT_AGENTS_MAX) keptAgents.delete(keptAgents.keys().next().value ?? '');
    keptAgents.set(key, kept);
  }
  return kept;
}

/** `options` (a call's own, if any) plus the request middleware that swaps in the kept agent. */
async function keptConnections(options: ConfigurationOptions | undefined): Promise<ConfigurationOptions> {
  const { Observable } = await import('@kubernetes/client-node');
  const keep = {
    pre: (context: RequestContext) => {
      const kept = keptAgentFor(context.getAgent());
      if (kept) context.setAgent(kept);
      return new Observable(Promise.resolve(context));
    },
    post: (context: ResponseContext) => new Observable(Promise.resolve(context)),
  };
  return {
    ...options,
    middlewareMergeStrategy: 'append',
    middleware: [keep, ...(options?.middleware ?? [])],
  };
}

/**
 * client-node options (a list call's last argument) whose response middleware reduces each item of a
 * 200 page to the fields its reader uses (`reduceItem`) before client-node parses and types the page:
 * typing every field of 500 full objects is most of a large list's time and memory. Other answers
 * pass through untouched.
 */
export async function reducedListOptions(
  reduceItem: (item: unknown) => unknown,
): Promise<ConfigurationOptions> {
  const { Observable } = await import('@kubernetes/client-node');
  return {
    middlewareMergeStrategy: 'append',
    middleware: [
      {
        pre: (context) => new Observable(Promise.resolve(context)),
        post: (context) =>
          new Observable(
            (async () => {
              if (context.httpStatusCode !== 200) return context;
              const list = JSON.parse(await context.body.text()) as { items?: unknown[] | null };
              if (Array.isArray(list.items)) list.items = list.items.map(reduceItem);
              // The response's stream is read once: client-node parses this text.
              const text = JSON.stringify(list);
              context.body = {
                text: () => Promise.resolve(text),
                binary: () => Promise.resolve(Buffer.from(text)),
              };
              return context;
            })(),
          ),
      },
    ],
  };
}
