/**
 * Sizing a replaced or rolled node group: the desired size that serves the group's demand (its pods,
 * plus its share of the Pending ones) and `--capacity-headroom` percent more, at the max-pods and pod
 * addresses its new nodes will have; never below its current size; `--node-count GROUP=N` overrides.
 * maxSize is raised to hold it. When EKS's nodes-per-group quota or `--max-nodes` cannot, or an
 * override gives less than the demand, the plan is refused (exit 2, before any write) unless
 * `--allow-capacity-loss`, which turns the refusal into a warning. Pure.
 */
import { NODES_PER_MANAGED_NODEGROUP } from '../../shared/aws-facts/eks-quotas.js';
import type { ClusterSnapshot, SnapshotNodegroup } from '../discover/snapshot.js';
import { capacitySide, instanceTypesOf, isDemandPod, isPerNodePod, smallestType } from './capacity-model.js';
import type { AddressMode } from './capacity-types.js';
import { cniVersionText, nodesOf, podsOnNodes } from './queries.js';
import type { Finding } from './types.js';

/** EKS's nodes-per-managed-node-group quota (default; `--max-nodes` lowers the limit). */
export { NODES_PER_MANAGED_NODEGROUP };

export interface SizingRequest {
  capacityHeadroomPercent: number;
  nodeCounts: Record<string, number>;
  maxNodes?: number | undefined;
  allowCapacityLoss: boolean;
}

export interface GroupSizing {
  nodegroup: string;
  current: { minSize: number; maxSize: number; desiredSize: number };
  /** Pods on the group's nodes that need an address, plus its share of the Pending ones. */
  demand: number;
  /** demand x (1 + headroom%), rounded up. */
  target: number;
  /** Pods of demand one new node can run. */
  perNode: number;
  desiredSize: number;
  maxSize: number;
  minSize: number;
  /** Pods the new size can run. */
  servable: number;
  source: 'demand' | 'current' | 'node-count';
  findings: Finding[];
}

function cleanVersion(text: string | undefined): string | undefined {
  const m = text ? /^v?(\d+\.\d+(?:\.\d+)?)/.exec(text) : null;
  return m?.[1];
}

/** The group's share of the Pending pods (no node): in proportion to its nodes among all managed nodes. */
function pendingShare(snapshot: ClusterSnapshot, ng: SnapshotNodegroup): number {
  const pending = snapshot.kube.pods.filter((p) => isDemandPod(p) && p.nodeName === undefined).length;
  if (pending === 0) return 0;
  const managed = snapshot.kube.nodes.filter((n) => n.nodegroup !== undefined).length;
  const mine = nodesOf(snapshot, ng).length;
  return managed === 0 ? 0 : Math.ceil((pending * mine) / managed);
}

export function sizeNodegroup(
  snapshot: ClusterSnapshot,
  request: SizingRequest,
  ng: SnapshotNodegroup,
  after: { maxPods: number; mode: AddressMode },
): GroupSizing {
  const nodes = nodesOf(snapshot, ng);
  const pods = podsOnNodes(
    snapshot,
    nodes.map((n) => n.name),
  );
  const demand = pods.filter(isDemandPod).length + pendingShare(snapshot, ng);
  let perNodeSlots = 0;
  let perNodeAddresses = 0;
  for (const node of nodes) {
    const on = pods.filter((p) => p.nodeName === node.name && isPerNodePod(p) && p.phase !== 'Succeeded');
    perNodeSlots = Math.max(perNodeSlots, on.length);
    perNodeAddresses = Math.max(perNodeAddresses, on.filter((p) => !p.hostNetwork).length);
  }
  const type = smallestType(instanceTypesOf(ng), after.mode, cleanVersion(cniVersionText(snapshot)));
  const perNode = capacitySide({
    nodes: 1,
    instanceType: type,
    maxPods: after.maxPods,
    mode: after.mode,
    perNode: { slots: perNodeSlots, addresses: perNodeAddresses },
  }).servablePods;
  const target = Math.ceil((demand * (100 + request.capacityHeadroomPercent)) / 100);
  const current = { ...ng.scaling };
  const needed = perNode > 0 ? Math.ceil(target / perNode) : current.desiredSize;
  const override = request.nodeCounts[ng.name];
  const findings: Finding[] = [];
  let desiredSize: number;
  let source: GroupSizing['source'];
  if (override !== undefined) {
    desiredSize = override;
    source = 'node-count';
  } else if (needed > current.desiredSize) {
    desiredSize = needed;
    source = 'demand';
  } else {
    desiredSize = current.desiredSize;
    source = 'current';
  }
  const limit = Math.min(NODES_PER_MANAGED_NODEGROUP, request.maxNodes ?? Number.POSITIVE_INFINITY);
  const shortBy = (size: number) => demand - size * perNode;
  const refuse = (message: string, hint: string) =>
    findings.push({
      severity: request.allowCapacityLoss ? 'warning' : 'error',
      code: 'E_CAPACITY_SHORT',
      field: 'capacity',
      message: request.allowCapacityLoss ? `${message} (--allow-capacity-loss: going ahead)` : message,
      hint,
    });
  if (desiredSize > limit) {
    const which =
      request.maxNodes !== undefined && request.maxNodes < NODES_PER_MANAGED_NODEGROUP
        ? `--max-nodes ${request.maxNodes}`
        : `EKS's quota of ${NODES_PER_MANAGED_NODEGROUP} nodes per managed node group`;
    refuse(
      `Node group ${ng.name} needs ${desiredSize} node(s) for ${demand} pod(s) + ${request.capacityHeadroomPercent}% headroom (${target}) at ${perNode} pod(s) per node, but ${which} allows ${limit}: ${limit} node(s) run ${limit * perNode} pod(s), ${Math.max(0, shortBy(limit))} short.`,
      'Raise --max-nodes (or the quota), use larger instance types, turn on prefix delegation, lower --capacity-headroom, or pass --allow-capacity-loss to go ahead with less.',
    );
    desiredSize = limit;
  } else if (source === 'node-count' && desiredSize * perNode < target) {
    refuse(
      `--node-count ${ng.name}=${desiredSize} runs ${desiredSize * perNode} pod(s) at ${perNode} per node, less than its ${demand} pod(s) + ${request.capacityHeadroomPercent}% headroom (${target}); ${needed} node(s) would.`,
      `Pass --node-count ${ng.name}=${needed} (or more), or --allow-capacity-loss to go ahead with less.`,
    );
  }
  const maxSize = Math.max(current.maxSize, desiredSize);
  if (maxSize > current.maxSize) {
    findings.push({
      severity: 'info',
      code: 'I_MAX_SIZE_RAISED',
      field: 'capacity',
      message: `Node group ${ng.name}: maxSize ${current.maxSize} -> ${maxSize} to hold ${desiredSize} node(s) (${demand} pod(s) + ${request.capacityHeadroomPercent}% headroom at ${perNode} per node).`,
    });
  }
  if (source === 'demand') {
    findings.push({
      severity: 'info',
      code: 'I_SIZE_RAISED',
      field: 'capacity',
      message: `Node group ${ng.name}: desired size ${current.desiredSize} -> ${desiredSize}, so ${desiredSize * perNode} pod(s) fit (${demand} now + ${request.capacityHeadroomPercent}% headroom = ${target}).`,
    });
  }
  return {
    nodegroup: ng.name,
    current,
    demand,
    target,
    perNode,
    desiredSize,
    maxSize,
    minSize: Math.min(current.minSize, desiredSize),
    servable: desiredSize * perNode,
    source,
    findings,
  };
}

/** The sizing request fields of a resolved request (defaults when a caller built one without them). */
export function sizingRequestOf(r: {
  capacityHeadroomPercent?: number | undefined;
  nodeCounts?: Record<string, number> | undefined;
  maxNodes?: number | undefined;
  allowCapacityLoss: boolean;
}): SizingRequest {
  return {
    capacityHeadroomPercent: r.capacityHeadroomPercent ?? 10,
    nodeCounts: r.nodeCounts ?? {},
    maxNodes: r.maxNodes,
    allowCapacityLoss: r.allowCapacityLoss,
  };
}
