/**
 * The eviction subresource and the disruption controller: an eviction deletes its pod unless the one
 * PodDisruptionBudget selecting it has no disruption left (429 with the apiserver's message), and
 * every budget's status follows its pods.
 */
import { budgetStatus, evictionAllowed } from './disruption.js';
import { KubeStatusError } from './errors.js';
import type { DeleteResult, ListOptions, ObjectList, PatchType, ResourceRef, WriteOptions } from './types.js';
import { PDBS, PODS } from './refs.js';
import { matchesSelectorObject, type LabelSelectorObject } from './selectors.js';
import type { DeleteOptions, KubeObject } from './types.js';

/** What the budgets need of a cluster's store (`KubeStore` satisfies it). */
export interface BudgetStore {
  get(ref: ResourceRef, namespace: string | undefined, name: string): KubeObject;
  scan(ref: ResourceRef, namespace?: string): KubeObject[];
  list(ref: ResourceRef, opts?: ListOptions): ObjectList;
  patch(
    ref: ResourceRef,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    opts?: WriteOptions,
  ): KubeObject;
  delete(ref: ResourceRef, namespace: string | undefined, name: string, opts?: DeleteOptions): DeleteResult;
}

/** POST pods/<name>/eviction: delete the pod unless its disruption budget forbids (429). */
export function evictPod(
  store: BudgetStore,
  namespace: string,
  name: string,
  opts: DeleteOptions = {},
): DeleteResult {
  const pod = store.get(PODS, namespace, name);
  if (!pod.metadata.deletionTimestamp) {
    const pdbs = store
      .list(PDBS, { namespace })
      .items.filter((p) =>
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
      const status = reconcileBudget(store, pdb).status;
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
  const result = store.delete(PODS, namespace, name, opts);
  if (!opts.dryRun) refreshBudgetsFor(store, namespace);
  return result;
}

/** Recompute a budget's status from the pods it selects, as the disruption controller does. */
export function reconcileBudget(
  store: BudgetStore,
  pdb: KubeObject,
): { status: ReturnType<typeof budgetStatus>; changed: boolean } {
  const ns = pdb.metadata.namespace ?? '';
  const selector = (pdb.spec as { selector?: LabelSelectorObject } | undefined)?.selector;
  const pods = store.scan(PODS, ns).filter((p) => matchesSelectorObject(selector, p.metadata.labels));
  const status = budgetStatus(pdb, pods, (uid) => controllerScale(store, ns, uid));
  const current = (pdb.status ?? {}) as Record<string, unknown>;
  const changed = (Object.keys(status) as (keyof typeof status)[]).some((k) => current[k] !== status[k]);
  if (changed) {
    const next = { ...current, ...status, observedGeneration: pdb.metadata.generation ?? 1 };
    store.patch(PDBS, ns, pdb.metadata.name ?? '', 'merge', { status: next }, { subresource: 'status' });
  }
  return { status, changed };
}

export function refreshBudgetsFor(store: BudgetStore, namespace: string): void {
  for (const pdb of store.scan(PDBS, namespace)) reconcileBudget(store, pdb);
}

/**
 * The disruption controller's loop: every budget's status (expected, desired and current healthy
 * pods, disruptions allowed) follows its pods, so `kubectl get pdb` shows ALLOWED DISRUPTIONS.
 * Returns whether anything changed.
 */
export function reconcileBudgets(store: BudgetStore): boolean {
  let changed = false;
  for (const pdb of store.scan(PDBS)) if (reconcileBudget(store, pdb).changed) changed = true;
  return changed;
}

function controllerScale(store: BudgetStore, namespace: string, uid: string): number | undefined {
  for (const resource of ['replicasets', 'deployments']) {
    const found = store
      .scan({ group: 'apps', version: 'v1', resource }, namespace)
      .find((o) => o.metadata.uid === uid);
    if (found) return (found.spec as { replicas?: number } | undefined)?.replicas ?? 1;
  }
  return undefined;
}
