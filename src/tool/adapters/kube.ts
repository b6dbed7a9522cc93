/**
 * Kubernetes access through @kubernetes/client-node (1.x): a KubeConfig from `--kubeconfig`, else
 * every KUBECONFIG file merged as kubectl does, else ~/.kube/config, with the context chosen by the cluster's endpoint. A context that
 * points at another cluster is refused: running against the wrong cluster is the costliest mistake.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { delimiter } from 'node:path';
import { existsSync } from 'node:fs';
import { usageError } from '../errors.js';
import { kubeconfigSource, mergeKubeconfigs } from './kubeconfig-merge.js';
import { attachKubePolicy } from '../gateway/kube.js';

export interface KubeOptions {
  kubeconfig?: string | undefined;
  context?: string | undefined;
  env?: Record<string, string | undefined>;
  /** Read-only commands: the gateway refuses any Kubernetes write made through this access. */
  readOnly?: boolean | undefined;
}

export interface KubeAccess {
  kubeConfig: KubeConfig;
  contextName: string;
  server: string;
}

/** Compares API server URLs by scheme, host, port and path, ignoring a trailing slash and case of the host. */
export function sameServer(a: string, b: string): boolean {
  const norm = (s: string) => {
    try {
      const u = new URL(s);
      const port = u.port || (u.protocol === 'https:' ? '443' : '80');
      return `${u.protocol}//${u.hostname.toLowerCase()}:${port}${u.pathname.replace(/\/+$/, '')}`;
    } catch {
      return s.replace(/\/+$/, '');
    }
  };
  return norm(a) === norm(b);
}

export interface ContextInfo {
  name: string;
  server: string | undefined;
}

/**
 * Picks the context for a cluster endpoint. Pure, so the rules are testable:
 * `--context` must point at the endpoint; otherwise the current context when it does, else the first
 * context that does.
 */
export function chooseContext(input: {
  contexts: ContextInfo[];
  current: string | undefined;
  requested: string | undefined;
  endpoint: string;
  clusterName: string;
}): ContextInfo {
  const { contexts, current, requested, endpoint, clusterName } = input;
  const updateHint = `Run 'aws eks update-kubeconfig --name ${clusterName}' to add a context for it, or pass --context.`;
  if (requested) {
    const ctx = contexts.find((c) => c.name === requested);
    if (!ctx) {
      throw usageError(
        'E_KUBE_CONTEXT_NOT_FOUND',
        `The kubeconfig has no context '${requested}' (contexts: ${contexts.map((c) => c.name).join(', ') || 'none'}).`,
        updateHint,
      );
    }
    if (!ctx.server || !sameServer(ctx.server, endpoint)) {
      throw usageError(
        'E_KUBE_CONTEXT_MISMATCH',
        `Context '${requested}' points at ${ctx.server ?? 'no server'}, not at cluster '${clusterName}' (${endpoint}).`,
        `Choose the context of cluster '${clusterName}'. ${updateHint}`,
      );
    }
    return ctx;
  }
  const matching = contexts.filter((c) => c.server !== undefined && sameServer(c.server, endpoint));
  const chosen = matching.find((c) => c.name === current) ?? matching[0];
  if (!chosen) {
    throw usageError(
      'E_KUBE_CONTEXT_MISMATCH',
      `No kubeconfig context points at cluster '${clusterName}' (${endpoint})` +
        (current ? `; the current context '${current}' points elsewhere.` : '.'),
      updateHint,
    );
  }
  return chosen;
}

/**
 * Reads every kubeconfig file of the source and merges them as kubectl does (kubeconfig-merge.ts).
 * Each file is loaded on its own first so that relative certificate paths resolve against its folder.
 */
async function loadMergedKubeConfig(options: KubeOptions, clusterName: string): Promise<KubeConfig> {
  const { KubeConfig: KubeConfigClass } = await import('@kubernetes/client-node');
  const source = kubeconfigSource(options);
  const present = source.paths.filter((p) => existsSync(p));
  if (present.length === 0 || (source.explicit && present.length < source.paths.length)) {
    const where = source.paths.join(delimiter);
    throw usageError(
      'E_KUBECONFIG_NOT_FOUND',
      `No kubeconfig file found (${source.origin}: ${where}).`,
      source.explicit
        ? `Check the path given to --kubeconfig, or run 'aws eks update-kubeconfig --name ${clusterName}' to create the default one.`
        : `Run 'aws eks update-kubeconfig --name ${clusterName}' to create one, or pass --kubeconfig <path>.`,
    );
  }
  const loaded = present.map((path) => {
    const one = new KubeConfigClass();
    try {
      one.loadFromFile(path);
    } catch (err) {
      throw usageError(
        'E_KUBECONFIG_INVALID',
        `Cannot read kubeconfig ${path}: ${err instanceof Error ? err.message : String(err)}`,
        'Fix the file (it must be a YAML kubeconfig with clusters, users and contexts), or point --kubeconfig/KUBECONFIG elsewhere.',
      );
    }
    return {
      clusters: one.clusters,
      users: one.users,
      contexts: one.contexts,
      currentContext: one.getCurrentContext() || undefined,
    };
  });
  const merged = mergeKubeconfigs(loaded);
  const kc = new KubeConfigClass();
  kc.loadFromOptions({ ...merged, currentContext: merged.currentContext ?? '' });
  return kc;
}

/** Loads the kubeconfig and selects the context of the cluster at `endpoint`. */
export async function loadKubeAccess(
  options: KubeOptions,
  cluster: { name: string; endpoint: string },
): Promise<KubeAccess> {
  const kc = await loadMergedKubeConfig(options, cluster.name);
  const contexts: ContextInfo[] = kc
    .getContexts()
    .map((c) => ({ name: c.name, server: kc.getCluster(c.cluster)?.server }));
  const chosen = chooseContext({
    contexts,
    current: kc.getCurrentContext() || undefined,
    requested: options.context,
    endpoint: cluster.endpoint,
    clusterName: cluster.name,
  });
  kc.setCurrentContext(chosen.name);
  attachKubePolicy(kc, { readOnly: options.readOnly });
  return { kubeConfig: kc, contextName: chosen.name, server: chosen.server ?? cluster.endpoint };
}
