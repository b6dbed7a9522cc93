/**
 * One cluster's Kubernetes API model: storage (ObjectStore) plus the rules of particular resources:
 * deletion (graceful pods, finalizers, owner-reference garbage collection, namespaces and CRDs taking
 * their contents along), the eviction subresource with its PodDisruptionBudget check, cluster IPs for
 * Services, a default ServiceAccount per namespace, and CRDs becoming Established.
 */
import { deepCopy } from './deep-copy.js';
import { conflict, KubeStatusError, notFound } from './errors.js';
import { evictPod, reconcileBudget, reconcileBudgets } from './budgets.js';
import type { BudgetStatus } from './disruption.js';
import { rfc3339 } from './object-store.js';
import { WritableStore } from './writable-store.js';
import { storageKey, type ResourceInfo } from './resources.js';
import { PODS, SERVICE_ACCOUNTS } from './refs.js';
import type { DeleteOptions, DeleteResult, KubeObject, ListOptions, ResourceRef } from './types.js';

export { PODS, PDBS } from './refs.js';

export type { DeleteResult } from './types.js';

/** Which kinds own which dependents, for garbage collection (the controller-manager's job, done here). */
const DEPENDENTS: Record<string, ResourceRef[]> = {
  Deployment: [{ group: 'apps', version: 'v1', resource: 'replicasets' }],
  ReplicaSet: [PODS],
  DaemonSet: [PODS],
};

export class KubeStore extends WritableStore {
  /**
   * With a data plane (the simulation), pods on a node terminate gracefully and the simulated kubelet
   * finishes the deletion; without one, pods go at once.
   */
  gracefulPodDeletion = false;

  delete(
    ref: ResourceRef,
    namespace: string | undefined,
    name: string,
    opts: DeleteOptions = {},
  ): DeleteResult {
    const info = this.info(ref);
    const ns = this.scope(info, namespace);
    const o = this.peek(info, ns, name);
    if (!o) throw notFound(info, name);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== o.metadata.uid) {
      throw conflict(
        info,
        name,
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${o.metadata.uid ?? ''}`,
      );
    }
    if (pre?.resourceVersion && pre.resourceVersion !== o.metadata.resourceVersion) {
      throw conflict(
        info,
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${o.metadata.resourceVersion ?? ''}`,
      );
    }
    if (opts.dryRun) return { object: this.present(info, o), finished: true };
    const grace = info.kind === 'Pod' && !info.custom ? this.podGrace(o, opts.gracePeriodSeconds) : 0;
    const finalizers = (o.metadata.finalizers ?? []).length > 0;
    if (grace > 0 || finalizers) {
      const now = this.env.clock.now();
      const deadline = rfc3339(now + grace * 1000);
      const current = o.metadata.deletionTimestamp;
      // A second delete may shorten the grace period, never lengthen it.
      if (
        current &&
        current <= deadline &&
        o.metadata.deletionGracePeriodSeconds !== undefined &&
        grace >= o.metadata.deletionGracePeriodSeconds
      ) {
        return { object: this.present(info, o), finished: false };
      }
      const next = deepCopy(o);
      next.metadata.deletionTimestamp = current && current < deadline ? current : deadline;
      next.metadata.deletionGracePeriodSeconds = grace;
      const object = this.commit(info, next, o);
      this.collectDependents(info, o, opts.propagationPolicy);
      return { object, finished: false };
    }
    return { object: this.finishDelete(info, o, opts.propagationPolicy), finished: true };
  }

  deleteCollection(ref: ResourceRef, list: ListOptions, opts: DeleteOptions = {}): KubeObject[] {
    const { items } = this.list(ref, { ...list, limit: 0 });
    return items.map((o) => this.delete(ref, o.metadata.namespace, o.metadata.name ?? '', opts).object);
  }

  private podGrace(pod: KubeObject, requested: number | undefined): number {
    if (!this.gracefulPodDeletion) return 0;
    const spec = (pod.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    // Unscheduled and finished pods have no kubelet to wait for.
    if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
    const grace = requested ?? spec.terminationGracePeriodSeconds ?? 30;
    return Math.max(0, grace);
  }

  protected override finalizable(info: ResourceInfo, o: KubeObject): boolean {
    if (info.kind === 'Pod' && !info.custom)
      return o.metadata.deletionGracePeriodSeconds === 0 || !this.gracefulPodDeletion;
    return true;
  }

  private finishDelete(
    info: ResourceInfo,
    o: KubeObject,
    policy: DeleteOptions['propagationPolicy'],
  ): KubeObject {
    if (!info.custom && info.kind === 'Namespace') this.emptyNamespace(o.metadata.name ?? '');
    if (!info.custom && info.kind === 'CustomResourceDefinition') this.dropCustomResources(o);
    const removed = this.remove(info, o);
    this.collectDependents(info, o, policy);
    return removed;
  }

  private emptyNamespace(ns: string): void {
    for (const info of this.catalog().all) {
      if (!info.namespaced) continue;
      const bucket = this.objects.get(storageKey(info));
      if (!bucket) continue;
      for (const o of [...bucket.values()]) if (o.metadata.namespace === ns) this.remove(info, o);
    }
  }

  private dropCustomResources(crd: KubeObject): void {
    const spec = (crd.spec ?? {}) as { group?: string; names?: { plural?: string } };
    const info = this.catalog().all.find(
      (r) => r.custom && r.group === spec.group && r.resource === spec.names?.plural,
    );
    const bucket = this.objects.get(
      storageKey({ group: spec.group ?? '', resource: spec.names?.plural ?? '' }),
    );
    if (!info || !bucket) return;
    for (const o of [...bucket.values()]) this.remove(info, o);
  }

  /** Background (default) and foreground deletion remove dependents; orphaning drops their ownerReference. */
  private collectDependents(
    info: ResourceInfo,
    owner: KubeObject,
    policy: DeleteOptions['propagationPolicy'],
  ): void {
    const uid = owner.metadata.uid;
    for (const ref of info.custom ? [] : (DEPENDENTS[info.kind] ?? [])) {
      const dependents = this.list(ref, { namespace: owner.metadata.namespace }).items.filter((d) =>
        d.metadata.ownerReferences?.some((r) => r.uid === uid),
      );
      for (const d of dependents) {
        if (policy === 'Orphan') {
          const refs = (d.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
          this.patch(ref, d.metadata.namespace, d.metadata.name ?? '', 'merge', {
            metadata: { ownerReferences: refs.length ? refs : null },
          });
        } else if (!d.metadata.deletionTimestamp) {
          this.delete(ref, d.metadata.namespace, d.metadata.name ?? '', { propagationPolicy: 'Background' });
        }
      }
    }
  }

  /** POST pods/<name>/eviction: delete the pod unless its disruption budget forbids (429). */
  evict(namespace: string, name: string, opts: DeleteOptions = {}): DeleteResult {
    return evictPod(this, namespace, name, opts);
  }

  /** Recompute a budget's status from the pods it selects, as the disruption controller does. */
  refreshBudget(pdb: KubeObject): BudgetStatus {
    return reconcileBudget(this, pdb).status;
  }

  /** The store's resourceVersion when the budgets were last reconciled (nothing written since: clean). */
  private budgetsCleanAt: string | undefined;

  /**
   * Every budget's status follows its pods (`kubectl get pdb`); true when any changed. Budgets are
   * dirty only after a write: an idle store answers without scanning its pods.
   */
  reconcileBudgets(): boolean {
    if (this.budgetsCleanAt === this.resourceVersion) return false;
    const changed = reconcileBudgets(this);
    this.budgetsCleanAt = this.resourceVersion;
    return changed;
  }

  protected override prepareCreate(info: ResourceInfo, o: KubeObject): void {
    if (info.custom) return;
    if (info.kind === 'Service') {
      const spec = (o.spec ??= {}) as { clusterIP?: string; clusterIPs?: string[]; type?: string };
      if (spec.clusterIP !== 'None' && !spec.clusterIP) spec.clusterIP = this.nextClusterIp();
      spec.clusterIPs ??= [spec.clusterIP ?? 'None'];
    }
    if (info.kind === 'CustomResourceDefinition') {
      const spec = (o.spec ?? {}) as { names?: Record<string, unknown> };
      const names = { ...spec.names };
      const kind = typeof names.kind === 'string' ? names.kind : '';
      names.singular ??= kind.toLowerCase();
      names.listKind ??= `${kind}List`;
      const now = rfc3339(this.env.clock.now());
      o.status = {
        acceptedNames: names,
        storedVersions: ((o.spec as { versions?: { name: string; storage?: boolean }[] }).versions ?? [])
          .filter((v) => v.storage)
          .map((v) => v.name),
        conditions: [
          {
            type: 'NamesAccepted',
            status: 'True',
            lastTransitionTime: now,
            reason: 'NoConflicts',
            message: 'no conflicts found',
          },
          {
            type: 'Established',
            status: 'True',
            lastTransitionTime: now,
            reason: 'InitialNamesAccepted',
            message: 'the initial names have been accepted',
          },
        ],
      };
    }
  }

  protected override afterCreate(info: ResourceInfo, o: KubeObject): void {
    if (!info.custom && info.kind === 'Namespace') {
      this.create(SERVICE_ACCOUNTS, { metadata: { name: 'default', namespace: o.metadata.name ?? '' } });
    }
  }

  /** Service cluster IPs from EKS's default service range 10.100.0.0/16 (.1 kubernetes, .10 DNS). */
  private nextClusterIp(): string {
    const used = new Set(
      [...(this.objects.get('services')?.values() ?? [])].map(
        (s) => (s.spec as { clusterIP?: string } | undefined)?.clusterIP,
      ),
    );
    for (let n = 11; n < 65534; n++) {
      const ip = `10.100.${n >> 8}.${n & 255}`;
      if (!used.has(ip)) return ip;
    }
    throw new KubeStatusError(
      500,
      'InternalError',
      'Internal error occurred: failed to allocate a serviceIP: range is full',
    );
  }
}
