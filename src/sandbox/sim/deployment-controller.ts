/**
 * The Deployment controller: one ReplicaSet per pod template (named `<deployment>-<pod-template-hash>`),
 * rolling updates bounded by maxSurge / maxUnavailable (25% / 25% by default), Recreate, scaling,
 * revisions, and the status and conditions `kubectl rollout status` reads.
 */
import type { ClusterContext, Controller } from './engine.js';
import { DEPLOYMENTS, REPLICASETS, type Condition, type Deployment, type ReplicaSet } from './kube-types.js';
import { byCreation, controllerRef, isOwnedBy, sameJson, tryUpdate, tryUpdateStatus } from './kube-util.js';
import { podTemplateHash } from './names.js';
import { kubeTime } from './time.js';

const REVISION = 'deployment.kubernetes.io/revision';

/** intstr: an absolute number or a percentage of `total`, rounded up (surge) or down (unavailable). */
export function resolveIntOrPercent(
  value: number | string | undefined,
  total: number,
  fallback: string,
  roundUp: boolean,
): number {
  const v = value ?? fallback;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) return Number(v) || 0;
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

function num(status: Record<string, unknown> | undefined, key: string): number {
  const v = status?.[key];
  return typeof v === 'number' ? v : 0;
}

function scale(ctx: ClusterContext, d: Deployment, rs: ReplicaSet, replicas: number): number {
  const from = rs.spec.replicas ?? 0;
  if (from === replicas) return 0;
  const next: ReplicaSet = structuredClone(rs);
  next.spec.replicas = replicas;
  next.metadata.annotations = {
    ...next.metadata.annotations,
    'deployment.kubernetes.io/desired-replicas': String(d.spec.replicas ?? 1),
  };
  const written = tryUpdate(ctx.store, REPLICASETS, next);
  if (written) {
    rs.spec.replicas = replicas;
    const op = replicas > from ? 'up' : 'down';
    ctx.events.record({
      involved: d,
      type: 'Normal',
      reason: 'ScalingReplicaSet',
      message: `Scaled ${op} replica set ${rs.metadata.name ?? ''} to ${replicas} from ${from}`,
      source: { component: 'deployment-controller' },
      now: ctx.now,
    });
  }
  return written;
}

function newReplicaSet(
  ctx: ClusterContext,
  d: Deployment,
  hash: string,
  revision: number,
  replicas: number,
): ReplicaSet {
  const name = `${d.metadata.name ?? ''}-${hash}`;
  const template = structuredClone(d.spec.template);
  template.metadata = {
    ...template.metadata,
    labels: { ...template.metadata?.labels, 'pod-template-hash': hash },
  };
  const rs: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: d.metadata.namespace ?? 'default',
      labels: { ...template.metadata.labels },
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(d.spec.replicas ?? 1),
        'deployment.kubernetes.io/max-replicas': String(d.spec.replicas ?? 1),
        [REVISION]: String(revision),
      },
      ownerReferences: [controllerRef(d)],
    },
    spec: {
      replicas: 0,
      selector: {
        ...d.spec.selector,
        matchLabels: { ...d.spec.selector.matchLabels, 'pod-template-hash': hash },
      },
      template,
    },
  };
  const created = ctx.store.create(REPLICASETS, rs) as ReplicaSet;
  const writes = scale(ctx, d, created, replicas);
  if (writes === 0 && replicas > 0) created.spec.replicas = 0;
  return created;
}

function condition(
  type: string,
  status: boolean,
  reason: string,
  message: string,
  now: number,
  previous?: Condition,
): Condition {
  const s = status ? 'True' : 'False';
  const changed = previous?.status !== s;
  return {
    type,
    status: s,
    lastUpdateTime:
      previous && !changed && previous.reason === reason
        ? (previous.lastUpdateTime ?? kubeTime(now))
        : kubeTime(now),
    lastTransitionTime: changed ? kubeTime(now) : (previous?.lastTransitionTime ?? kubeTime(now)),
    reason,
    message,
  };
}

function reconcileOne(ctx: ClusterContext, d: Deployment, allRs: ReplicaSet[]): number {
  let writes = 0;
  const name = d.metadata.name ?? '';
  const desired = d.spec.replicas ?? 1;
  // Listed objects are the store's own (shared): scale() updates spec.replicas on these copies only.
  const owned = allRs
    .filter((rs) => isOwnedBy(rs, d))
    .map((rs) => ({ ...rs, spec: { ...rs.spec } }))
    .sort(byCreation);
  const hash = podTemplateHash(d.spec.template);
  let current = owned.find((rs) => rs.metadata.name === `${name}-${hash}`);
  const old = owned.filter((rs) => rs !== current);
  const maxRevision = Math.max(0, ...owned.map((rs) => Number(rs.metadata.annotations?.[REVISION] ?? 0)));
  if (!d.spec.paused && !d.metadata.deletionTimestamp) {
    const recreate = d.spec.strategy?.type === 'Recreate';
    const oldActive = old.reduce((n, rs) => n + (rs.spec.replicas ?? 0) + num(rs.status, 'replicas'), 0);
    if (!current && (!recreate || oldActive === 0)) {
      const initial = old.length === 0 ? desired : 0;
      current = newReplicaSet(ctx, d, hash, maxRevision + 1, initial);
      writes++;
    }
    if (recreate) {
      for (const rs of old) writes += scale(ctx, d, rs, 0);
      if (current && oldActive === 0) writes += scale(ctx, d, current, desired);
    } else if (current) {
      const surge = resolveIntOrPercent(d.spec.strategy?.rollingUpdate?.maxSurge, desired, '25%', true);
      let unavailable = resolveIntOrPercent(
        d.spec.strategy?.rollingUpdate?.maxUnavailable,
        desired,
        '25%',
        false,
      );
      if (surge === 0 && unavailable === 0) unavailable = 1;
      const all = [...old, current];
      const total = all.reduce((n, rs) => n + (rs.spec.replicas ?? 0), 0);
      const cur = current.spec.replicas ?? 0;
      if (old.every((rs) => (rs.spec.replicas ?? 0) === 0)) {
        writes += scale(ctx, d, current, desired);
      } else if (cur < desired) {
        writes += scale(ctx, d, current, Math.min(desired, cur + Math.max(0, desired + surge - total)));
      } else if (cur > desired) {
        writes += scale(ctx, d, current, desired);
      }
      const available = all.reduce((n, rs) => n + num(rs.status, 'availableReplicas'), 0);
      let canRemove = available - (desired - unavailable);
      for (const rs of old) {
        const replicas = rs.spec.replicas ?? 0;
        if (replicas === 0) continue;
        const unhealthy = Math.max(0, replicas - num(rs.status, 'availableReplicas'));
        const down = Math.min(replicas, unhealthy + Math.max(0, canRemove));
        if (down > 0) {
          writes += scale(ctx, d, rs, replicas - down);
          canRemove -= Math.max(0, down - unhealthy);
        }
      }
    }
  }
  writes += updateStatus(ctx, d, current, old);
  return writes;
}

function updateStatus(
  ctx: ClusterContext,
  d: Deployment,
  current: ReplicaSet | undefined,
  old: ReplicaSet[],
): number {
  const all = current ? [...old, current] : old;
  const desired = d.spec.replicas ?? 1;
  const sum = (key: string) => all.reduce((n, rs) => n + num(rs.status, key), 0);
  const replicas = sum('replicas');
  const available = sum('availableReplicas');
  const updated = current ? num(current.status, 'replicas') : 0;
  const previous = (d.status?.conditions as Condition[] | undefined) ?? [];
  const minAvailable =
    desired - resolveIntOrPercent(d.spec.strategy?.rollingUpdate?.maxUnavailable, desired, '25%', false);
  const isAvailable = available >= Math.min(desired, minAvailable);
  const complete = updated === desired && replicas === desired && available === desired;
  const rsName = current?.metadata.name ?? '';
  const status: Record<string, unknown> = {
    observedGeneration: d.metadata.generation ?? 1,
    replicas,
    updatedReplicas: updated,
    readyReplicas: sum('readyReplicas'),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, desired - available),
    conditions: [
      condition(
        'Available',
        isAvailable,
        isAvailable ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
        isAvailable
          ? 'Deployment has minimum availability.'
          : 'Deployment does not have minimum availability.',
        ctx.now,
        previous.find((c) => c.type === 'Available'),
      ),
      condition(
        'Progressing',
        true,
        complete ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated',
        complete
          ? `ReplicaSet "${rsName}" has successfully progressed.`
          : `ReplicaSet "${rsName}" is progressing.`,
        ctx.now,
        previous.find((c) => c.type === 'Progressing'),
      ),
    ],
  };
  for (const key of [
    'readyReplicas',
    'availableReplicas',
    'unavailableReplicas',
    'updatedReplicas',
    'replicas',
  ] as const)
    if (status[key] === 0) delete status[key];
  const revision = current?.metadata.annotations?.[REVISION];
  const annotationsChanged = revision !== undefined && d.metadata.annotations?.[REVISION] !== revision;
  if (sameJson(status, d.status ?? {}) && !annotationsChanged) return 0;
  const fresh = ctx.store.get(DEPLOYMENTS, d.metadata.namespace, d.metadata.name ?? '') as
    Deployment | undefined;
  if (!fresh) return 0;
  let writes = 0;
  let target: Deployment = fresh;
  if (annotationsChanged) {
    fresh.metadata.annotations = { ...fresh.metadata.annotations, [REVISION]: revision };
    if (tryUpdate(ctx.store, DEPLOYMENTS, fresh) === 0) return 0;
    writes++;
    target =
      (ctx.store.get(DEPLOYMENTS, d.metadata.namespace, d.metadata.name ?? '') as Deployment | undefined) ??
      fresh;
  }
  if (sameJson(status, target.status ?? {})) return writes;
  return writes + tryUpdateStatus(ctx.store, DEPLOYMENTS, { ...target, status });
}

export const deploymentController: Controller = {
  name: 'deployment',
  reconcile(ctx) {
    let writes = 0;
    const rs = ctx.store.list(REPLICASETS) as ReplicaSet[];
    for (const d of ctx.store.list(DEPLOYMENTS) as Deployment[]) writes += reconcileOne(ctx, d, rs);
    return writes;
  },
};
