/**
 * EKS's update objects: UpdateNodegroupConfig and UpdateAddon each return one (InProgress), which ends
 * Successful or Failed when the resource's transition completes; DescribeUpdate and ListUpdates read them.
 */
import { clusterEntry } from './context.js';
import type { EksContext } from './context.js';
import type { ClusterEntry, UpdateRecord } from './types.js';

export function startUpdate(
  ctx: EksContext,
  entry: ClusterEntry,
  type: string,
  params: { type: string; value: string }[],
  scope: { nodegroupName?: string; addonName?: string },
): UpdateRecord {
  const update: UpdateRecord = {
    id: ctx.env.ids.uuid(),
    status: 'InProgress',
    type,
    params,
    createdAt: ctx.env.clock.now(),
    errors: [],
    ...scope,
  };
  entry.updates[update.id] = update;
  return update;
}

export function finishUpdate(
  entry: ClusterEntry,
  updateId: string | undefined,
  outcome: { errorCode: string; errorMessage: string; resourceIds: string[] } | undefined,
): void {
  const update = updateId ? entry.updates[updateId] : undefined;
  if (!update) return;
  update.status = outcome ? 'Failed' : 'Successful';
  if (outcome) update.errors.push(outcome);
}

/** Update IDs of a cluster, a node group or an add-on, oldest first. */
export function listUpdates(
  ctx: EksContext,
  cluster: string,
  scope: { nodegroupName?: string; addonName?: string },
): string[] {
  const entry = clusterEntry(ctx, cluster);
  return Object.values(entry.updates)
    .filter((u) => u.nodegroupName === scope.nodegroupName && u.addonName === scope.addonName)
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((u) => u.id);
}
