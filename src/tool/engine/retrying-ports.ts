/**
 * The ports with every call under the one retry policy, for the readers that do not run as plan
 * steps (verify, report): each method of the EC2, EKS and Kubernetes ports is wrapped in withRetry.
 * The lease keeps its own port: the lock's renewal loop is its retry. Step executors get the bare
 * ports and retry through `ctx.call` (the same withRetry), so no call is retried twice.
 */
import type { Ports } from '../steps/ports.js';
import { withRetry } from './retry.js';

function wrap<T extends object>(port: T, signal: AbortSignal | undefined, skip: string[] = []): T {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(port)) {
    out[name] =
      typeof value === 'function' && !skip.includes(name)
        ? (...args: unknown[]) =>
            withRetry(() => (value as (...a: unknown[]) => Promise<unknown>).apply(port, args), { signal })
        : value;
  }
  return out as T;
}

export function retryingPorts(ports: Ports, signal?: AbortSignal): Ports {
  return {
    ec2: wrap(ports.ec2, signal),
    eks: wrap(ports.eks, signal),
    kube: wrap(ports.kube, signal),
  };
}
