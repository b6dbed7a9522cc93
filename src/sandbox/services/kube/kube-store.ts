/**
 * One cluster's Kubernetes API model: storage (ObjectStore) plus the rules of particular resources:
 * deletion (graceful pods, finalizers, owner-reference garbage collection, namespaces and CRDs taking
 * their contents along), the eviction subresource with its PodDisruptionBudget check, cluster IPs for
 * Services, a default ServiceAccount per namespace, and CRDs becoming Established.
 */
import { deepCopy } from './deep-copy.js';
import { conflict, KubeStatusError, notFound } from './errors.js';
import { budgetStatus, evictionAllowed } from './disruption.js';
import { ObjectStore, rfc3339 } from './object-store.js';
import { storageKey, type ResourceInfo } from './resources.js';
import { matchesSelectorObject, type LabelSelectorObject } from './selectors.js';
import type { DeleteOptions, KubeObject, ListOptions, ResourceRef } from './types.js';

export const PODS: ResourceRef = { group: '', version: 'v1', resource: 'pods' };
export const PDBS: ResourceRef = { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets' };
const SERVICE_ACCOUNTS: ResourceRef = { group: '', version: 'v1', resource: 'serviceaccounts' };

export interface DeleteResult {
  /** The object as deleted, or as it now is while it terminates (deletionTimestamp set). */
  object: KubeObject;
  /** False while the object waits for finalizers or a pod's grace period. */
  finished: boolean;
}

/** Which kinds own which dependents, for garbage collection (the controller-manager's job, done here). */
const DEPENDENTS: Record<string, ResourceRef[]> = {
  Deployment: [{ group: 'apps', version: 'v1', resource: 'replicasets' }],
  ReplicaSet: [PODS],
  DaemonSet: [PODS],
};

export class KubeStore extends ObjectStore {
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
    const pod = this.get(PODS, namespace, name);
    if (!pod.metadata.deletionTimestamp) {
      const pdbs = this.list(PDBS, { namespace }).items.filter((p) =>
        matchesSelectorObject(
          (p.spec as { selector?: LabelSelectorObject } | undefined)?.selector,
          pod.metadata.labels,
        ),
      );
      if (pdbs.length > 1) {
        throw new KubeStatusError(
          500,
          'InternalError',
          'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
        );
      }
      const pdb = pdbs[0];
      if (pdb) {
        const status = this.refreshBudget(pdb);
        if (!evictionAllowed(pdb, pod, status)) {
          throw new KubeStatusError(
            429,
            'TooManyRequests',
            "Cannot evict pod as it would violate the pod's disruption budget.",
            {
              causes: [
                {
                  reason: 'DisruptionBudget',
                  message: `The disruption budget ${pdb.metadata.name ?? ''} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`,
                },
              ],
            },
          );
        }
      }
    }
    const result = this.delete(PODS, namespace, name, opts);
    if (!opts.dryRun) this.refreshBudgetsFor(namespace);
    return result;
  }

  /** Recompute a budget's status from the pods it selects, as the disruption controller does. */
  refreshBudget(pdb: KubeObject): ReturnType<typeof budgetStatus> {
    return this.reconcileBudget(pdb).status;
  }

  private reconcileBudget(pdb: KubeObject): { status: ReturnType<typeof budgetStatus>; changed: boolean } {
    const ns = pdb.metadata.namespace ?? '';
    const selector = (pdb.spec as { selector?: LabelSelectorObject } | undefined)?.selector;
    const pods = this.scan(PODS, ns).filter((p) => matchesSelectorObject(selector, p.metadata.labels));
    const status = budgetStatus(pdb, pods, (uid) => this.controllerScale(ns, uid));
    const current = (pdb.status ?? {}) as Record<string, unknown>;
    const changed = (Object.keys(status) as (keyof typeof status)[]).some((k) => current[k] !== status[k]);
    if (changed) {
      const next = { ...current, ...status, observedGeneration: pdb.metadata.generation ?? 1 };
      this.patch(PDBS, ns, pdb.metadata.name ?? '', 'merge', { status: next }, { subresource: 'status' });
    }
    return { status, changed };
  }

  refreshBudgetsFor(namespace: string): void {
    for (const pdb of this.scan(PDBS, namespace)) this.reconcileBudget(pdb);
  }

  /**
   * The disruption controller's loop: every budget's status (expected, desired and current healthy
   * pods, disruptions allowed) follows its pods, so `kubectl get pdb` shows ALLOWED DISRUPTIONS.
   * Returns whether anything changed.
   */
  reconcileBudgets(): boolean {
    let changed = false;
    for (const pdb of this.scan(PDBS)) if (this.reconcileBudget(pdb).changed) changed = true;
    return changed;
  }

  private controllerScale(namespace: string, uid: string): number | undefined {
    for (const resource of ['replicasets', 'deployments']) {
      const found = this.scan({ group: 'apps', version: 'v1', resource }, namespace).find(
        (o) => o.metadata.uid === uid,
      );
      if (found) return (found.spec as { replicas?: number } | undefined)?.replicas ?? 1;
    }
    return undefined;
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
