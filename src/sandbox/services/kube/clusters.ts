/**
 * Every sandbox EKS cluster's Kubernetes API model, by cluster name; one JSON-serialisable state.
 */
import { KubeStore } from './kube-store.js';
import type { KubeEnv, KubeStoreState } from './object-store.js';
import { seedCluster } from './seed.js';

export interface KubeClusterState extends KubeStoreState {
  /** The Kubernetes minor version `/version` reports, e.g. '1.31'. */
  version: string;
}

export interface KubeClustersState {
  clusters: Record<string, KubeClusterState>;
}

export const DEFAULT_KUBERNETES_VERSION = '1.31';

export class KubeClusters {
  private readonly stores = new Map<string, { store: KubeStore; version: string }>();
  private graceful = false;

  constructor(
    private readonly env: KubeEnv,
    state?: KubeClustersState,
  ) {
    for (const [name, s] of Object.entries(state?.clusters ?? {})) {
      this.stores.set(name, { store: new KubeStore(env, s), version: s.version });
    }
  }

  /** The cluster's API, created and seeded on first use. */
  ensure(clusterName: string, options: { version?: string } = {}): KubeStore {
    const existing = this.stores.get(clusterName);
    if (existing) return existing.store;
    const version = options.version ?? DEFAULT_KUBERNETES_VERSION;
    const store = new KubeStore(this.env);
    store.gracefulPodDeletion = this.graceful;
    seedCluster(store, this.env.region, version);
    this.stores.set(clusterName, { store, version });
    return store;
  }

  get(clusterName: string): KubeStore | undefined {
    return this.stores.get(clusterName)?.store;
  }

  versionOf(clusterName: string): string | undefined {
    return this.stores.get(clusterName)?.version;
  }

  remove(clusterName: string): void {
    this.stores.delete(clusterName);
  }

  names(): string[] {
    return [...this.stores.keys()];
  }

  /**
   * The simulation turns this on: pods on nodes then terminate gracefully and its kubelets finish the
   * deletion. Without a data plane, pods are removed at once.
   */
  set gracefulPodDeletion(on: boolean) {
    this.graceful = on;
    for (const { store } of this.stores.values()) store.gracefulPodDeletion = on;
  }

  get gracefulPodDeletion(): boolean {
    return this.graceful;
  }

  /** Controllers that belong to the control plane rather than the data plane (disruption budgets). */
  tick(_now: number): boolean {
    let changed = false;
    for (const { store } of this.stores.values()) if (store.reconcileBudgets()) changed = true;
    return changed;
  }

  snapshot(): KubeClustersState {
    const clusters: Record<string, KubeClusterState> = {};
    for (const [name, { store, version }] of this.stores) clusters[name] = { ...store.snapshot(), version };
    return { clusters };
  }
}
