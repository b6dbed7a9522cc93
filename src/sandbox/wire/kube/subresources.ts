/**
 * The `scale` (autoscaling/v1 Scale) and `eviction` (policy/v1 Eviction) subresources as
 * the apiserver presents them over a Deployment/ReplicaSet and a Pod.
 */
import { badRequest } from '../../services/kube/errors.js';
import type { KubeStore } from '../../services/kube/kube-store.js';
import { applyPatch } from '../../services/kube/patch.js';
import type { ResourceInfo } from '../../services/kube/resources.js';
import type { DeleteOptions, KubeObject, PatchType, ResourceRef } from '../../services/kube/types.js';

function selectorString(sel: unknown): string {
  const labels = (sel as { matchLabels?: Record<string, string> } | undefined)?.matchLabels ?? {};
  // The apiserver prints a selector with its requirements sorted by key.
  return Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

export function toScale(o: KubeObject): KubeObject {
  const spec = (o.spec ?? {}) as { replicas?: number; selector?: unknown };
  const status = (o.status ?? {}) as { replicas?: number };
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: o.metadata.name,
      namespace: o.metadata.namespace,
      uid: o.metadata.uid,
      resourceVersion: o.metadata.resourceVersion,
      creationTimestamp: o.metadata.creationTimestamp,
    },
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: status.replicas ?? 0, selector: selectorString(spec.selector) },
  };
}

/** Write a Scale (PUT) or a patch of one (PATCH) to the workload's spec.replicas. */
export function writeScale(
  store: KubeStore,
  info: ResourceInfo,
  ref: ResourceRef,
  namespace: string | undefined,
  name: string,
  change: { scale: KubeObject } | { patchType: PatchType; patch: unknown },
  dryRun: boolean,
): KubeObject {
  const current = store.get(ref, namespace, name);
  const scale =
    'scale' in change
      ? change.scale
      : applyPatch(
          { ...info, custom: false, kind: 'Scale' },
          toScale(current),
          change.patchType,
          change.patch,
        );
  const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas;
  if (typeof replicas !== 'number') throw badRequest('spec.replicas: Required value');
  const rv = scale.metadata?.resourceVersion;
  const updated = store.update(
    ref,
    {
      ...current,
      metadata: { ...current.metadata, ...(rv ? { resourceVersion: rv } : {}) },
      spec: { ...(current.spec as object), replicas },
    },
    { dryRun },
  );
  return toScale(updated);
}

export function evictionOptions(body: unknown): DeleteOptions {
  const b = (body ?? {}) as { deleteOptions?: { gracePeriodSeconds?: number; dryRun?: string[] } };
  return {
    ...(b.deleteOptions?.gracePeriodSeconds !== undefined
      ? { gracePeriodSeconds: b.deleteOptions.gracePeriodSeconds }
      : {}),
    ...(b.deleteOptions?.dryRun?.includes('All') ? { dryRun: true } : {}),
  };
}

/**
 * `pods/<name>/log`: the simulated containers write nothing, but the apiserver's refusals are kept:
 * no container named for a multi-container pod, an unknown container, one not started yet.
 */
export function podLog(pod: KubeObject, container: string | undefined): string {
  const name = pod.metadata.name ?? '';
  const spec = (pod.spec ?? {}) as { nodeName?: string; containers?: { name: string }[] };
  const names = (spec.containers ?? []).map((c) => c.name);
  if (container === undefined) {
    if (names.length !== 1) {
      throw badRequest(
        `a container name must be specified for pod ${name}, choose one of: [${names.join(' ')}]`,
      );
    }
    container = names[0] ?? '';
  } else if (!names.includes(container)) {
    throw badRequest(`container ${container} is not valid for pod ${name}`);
  }
  const statuses =
    (
      pod.status as
        { containerStatuses?: { name: string; state?: { waiting?: { reason?: string } } }[] } | undefined
    )?.containerStatuses ?? [];
  const status = statuses.find((s) => s.name === container);
  const waiting = status?.state?.waiting?.reason ?? (status ? undefined : 'ContainerCreating');
  if (!spec.nodeName || waiting) {
    throw badRequest(
      `container "${container}" in pod "${name}" is waiting to start: ${waiting ?? 'ContainerCreating'}`,
    );
  }
  return '';
}
