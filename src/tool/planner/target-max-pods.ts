/**
 * max-pods once the plan applies, by mode and prefix delegation: the value a replacement node group
 * gets, and whether a node group must be replaced to reach it. Custom networking replaces nodes whose
 * pods still use node-subnet addresses; prefix delegation (either mode) replaces nodes whose max-pods
 * is below the prefix formula's, as max-pods is fixed when a node boots. Pure.
 */
import type { ClusterSnapshot, SnapshotNodegroup } from '../discover/snapshot.js';
import { currentMaxPods, maxPodsWith, needsRotation, isReplacement } from './nodegroups.js';
import { prefixDelegationOn, prefixDelegationWanted } from './prefix-delegation.js';
import { nodesOf } from './queries.js';
import type { ResolvedRequest } from './types.js';

type ModeRequest = Pick<ResolvedRequest, 'mode' | 'prefixDelegation' | 'stopNodeSubnetPods'>;

/** The max-pods a replacement of this node group gets (the calculator's, for the target setting). */
export function replacementMaxPods(
  snapshot: ClusterSnapshot,
  request: ModeRequest,
  ng: SnapshotNodegroup,
): number | undefined {
  return maxPodsWith(snapshot, ng, {
    // The primary ENI serves no pods under custom networking, nor once the node subnets are tagged 0.
    customNetworking: request.mode !== 'subnet-discovery' || request.stopNodeSubnetPods === true,
    prefixDelegation: prefixDelegationWanted(snapshot, request),
  });
}

/**
 * Prefix delegation, or the node subnets tagged 0 (`--stop-node-subnet-pods`), changes the node group's
 * max-pods: its nodes must be replaced to get the new value.
 */
export function needsDensityRotation(
  snapshot: ClusterSnapshot,
  request: ModeRequest,
  ng: SnapshotNodegroup,
): boolean {
  if (isReplacement(snapshot, ng) || nodesOf(snapshot, ng).length === 0) return false;
  if (
    prefixDelegationWanted(snapshot, request) === prefixDelegationOn(snapshot) &&
    request.prefixDelegation === 'keep' &&
    !(request.mode === 'subnet-discovery' && request.stopNodeSubnetPods)
  )
    return false;
  const target = replacementMaxPods(snapshot, request, ng);
  const now = currentMaxPods(snapshot, ng);
  return target !== undefined && now !== undefined && now !== target;
}

/** Whether the plan replaces this node group: custom networking's rule, or prefix delegation's. */
export function rotationNeeded(
  snapshot: ClusterSnapshot,
  request: ModeRequest & Pick<ResolvedRequest, 'cidr'>,
  ng: SnapshotNodegroup,
  cniConfigured: boolean,
): boolean {
  const forMode =
    request.mode !== 'subnet-discovery' && needsRotation(snapshot, ng, request.cidr, cniConfigured);
  return forMode || needsDensityRotation(snapshot, request, ng);
}
