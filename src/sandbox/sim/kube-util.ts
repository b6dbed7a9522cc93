/** Small helpers over the store shared by the controllers. */
import type { KubeObject, OwnerReference, Pod, ResourceRef } from './kube-types.js';
import type { SimKubeStore } from './ports.js';

/** Writes that lose a race (409 Conflict, 404 gone) are retried by the next pass, as a work queue would. */
export function isConflictOrGone(error: unknown): boolean {
  const e = error as { code?: unknown; status?: unknown; statusCode?: unknown; reason?: unknown };
  const code = [e.code, e.status, e.statusCode].find((v) => typeof v === 'number');
  return code === 409 || code === 404 || e.reason === 'Conflict' || e.reason === 'NotFound';
}

export function tryUpdate(store: SimKubeStore, ref: ResourceRef, obj: KubeObject): number {
  try {
    store.update(ref, obj);
    return 1;
  } catch (error) {
    if (isConflictOrGone(error)) return 0;
    throw error;
  }
}

/** Status goes through the /status subresource when the store has one. */
export function tryUpdateStatus(store: SimKubeStore, ref: ResourceRef, obj: KubeObject): number {
  try {
    if (store.updateStatus) store.updateStatus(ref, obj);
    else store.update(ref, obj);
    return 1;
  } catch (error) {
    if (isConflictOrGone(error)) return 0;
    throw error;
  }
}

export function tryDelete(
  store: SimKubeStore,
  ref: ResourceRef,
  obj: KubeObject,
  gracePeriodSeconds?: number,
): number {
  try {
    store.delete(
      ref,
      obj.metadata.namespace,
      obj.metadata.name ?? '',
      gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds },
    );
    return 1;
  } catch (error) {
    if (isConflictOrGone(error)) return 0;
    throw error;
  }
}

export function controllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion ?? '',
    kind: owner.kind ?? '',
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function isOwnedBy(obj: KubeObject, owner: KubeObject): boolean {
  return (obj.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === owner.metadata.uid);
}

export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return (obj.metadata.ownerReferences ?? []).find((r) => r.controller);
}

export function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** Active as controllers count pods: not terminal, not being deleted. */
export function isActive(pod: Pod): boolean {
  return !isTerminal(pod) && !pod.metadata.deletionTimestamp;
}

export function isPodReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

export function byCreation(a: KubeObject, b: KubeObject): number {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
}

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
