/**
 * KUBECONFIG as kubectl reads it: a list of files joined by the platform's path delimiter, missing
 * files skipped, and the files merged so that the FIRST file to define a context, cluster or user (or
 * current-context) wins. client-node's own `loadFromDefault` lets later files override
 * current-context and throws on a name defined twice, so the tool merges itself.
 */
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface KubeconfigParts<C = { name: string }, U = { name: string }, X = { name: string }> {
  clusters: C[];
  users: U[];
  contexts: X[];
  currentContext: string | undefined;
}

export interface KubeconfigSource {
  /** Files to read, in precedence order. */
  paths: string[];
  /** True for `--kubeconfig`: the file must exist (kubectl fails too); KUBECONFIG entries may be missing. */
  explicit: boolean;
  /** Where the paths came from, for messages. */
  origin: '--kubeconfig' | 'KUBECONFIG' | 'default';
}

/** The kubeconfig files to read: `--kubeconfig`, else every KUBECONFIG entry, else ~/.kube/config. */
export function kubeconfigSource(options: {
  kubeconfig?: string | undefined;
  env?: Record<string, string | undefined>;
}): KubeconfigSource {
  if (options.kubeconfig) return { paths: [options.kubeconfig], explicit: true, origin: '--kubeconfig' };
  const fromEnv = options.env?.KUBECONFIG;
  if (fromEnv) {
    const paths = [...new Set(fromEnv.split(delimiter).filter((p) => p.length > 0))];
    if (paths.length > 0) return { paths, explicit: false, origin: 'KUBECONFIG' };
  }
  const home = options.env?.HOME ?? homedir();
  return { paths: [join(home, '.kube', 'config')], explicit: false, origin: 'default' };
}

function firstByName<T extends { name: string }>(lists: T[][]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of lists.flat()) {
    if (seen.has(item.name)) continue;
    seen.add(item.name);
    out.push(item);
  }
  return out;
}

/** Merges loaded kubeconfigs in precedence order: the first definition of each name wins. Pure. */
export function mergeKubeconfigs<
  C extends { name: string },
  U extends { name: string },
  X extends { name: string },
>(configs: KubeconfigParts<C, U, X>[]): KubeconfigParts<C, U, X> {
  return {
    clusters: firstByName(configs.map((c) => c.clusters)),
    users: firstByName(configs.map((c) => c.users)),
    contexts: firstByName(configs.map((c) => c.contexts)),
    currentContext: configs.map((c) => c.currentContext).find((name) => name !== undefined && name !== ''),
  };
}
