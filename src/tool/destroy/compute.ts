/**
 * What `destroy` would undo, from a discovery snapshot and the network interfaces in the pod
 * subnets, pure and whole before the first write. Only resources carrying eks-cidr's ownership tags
 * (subnets, node groups) or labels (ENIConfigs) are touched; a CIDR block (which EC2 cannot tag) only
 * when the VPC's `eks-cidr.io/cidr-block/<cidr>` tag names its association (planner/ownership.ts).
 * The undo is a list of undoers, one per thing apply sets up, each adding its actions to a phase;
 * actions run phase by phase (the reverse of apply): the CNI back to default networking, the
 * Kubernetes objects, the network, the CIDR block. A networking mode plugs its own undo in here.
 */
import { contains, parseCidr, parseIPv4 } from '../../shared/cidr/index.js';
import type { ClusterSnapshot, SnapshotNodegroup, SnapshotSubnet } from '../discover/snapshot.js';
import {
  CIDR_BLOCK_TAG_PREFIX,
  cidrBlockOwnership,
  cidrBlockTagKey,
  isOwnedBy,
} from '../planner/ownership.js';
import type { NetworkInterfaceInfo } from '../steps/ports.js';
import {
  compareVersions,
  SUBNET_DISCOVERY_TAG,
  SUBNET_EXCLUSION_MIN_CNI,
} from '../../shared/aws-facts/index.js';
import { cniVersionNumber } from '../planner/mode.js';
import { cniRoleWasTag } from '../planner/stop-node-subnets.js';
import { classifyInterfaces, type DestroyBlocker, type ForeignNode } from './blockers.js';
import { rolledKept, type RolledNodegroup } from './roll-back.js';

export type DestroyAction =
  | { kind: 'revert-cni'; mode: 'managed-addon' | 'self-managed'; configurationValues?: string | undefined }
  | { kind: 'delete-eniconfig'; name: string }
  | { kind: 'disassociate-route-table'; associationId: string; subnetId: string; routeTableId: string }
  | { kind: 'delete-subnet'; subnetId: string; cidr: string }
  | { kind: 'disassociate-cidr'; vpcId: string; associationId: string; cidr: string }
  | { kind: 'untag-vpc'; vpcId: string; key: string; why: string };

/** Phases run in this order; actions of one phase run one after the other. */
export const DESTROY_PHASES = ['cni', 'kube', 'network', 'cidr'] as const;
export type DestroyPhase = (typeof DESTROY_PHASES)[number];

export interface DestroyInput {
  snapshot: ClusterSnapshot;
  /** Network interfaces in eks-cidr's pod subnets (EC2 DescribeNetworkInterfaces). */
  interfaces: readonly NetworkInterfaceInfo[];
  /** What the undoers share: this cluster's owned subnets and their blocks. */
  owned: SnapshotSubnet[];
}

export interface UndoResult {
  actions: { phase: DestroyPhase; action: DestroyAction }[];
  kept: string[];
}

/** One piece of apply's set-up and how to undo it. */
export type Undoer = (input: DestroyInput) => UndoResult;

export interface DestroyPlan {
  actions: DestroyAction[];
  /** Pods whose addresses lie in eks-cidr's pod subnets: destroy needs --force while there are any. */
  podsInPodSubnets: string[];
  /** Node groups eks-cidr created, which --force rotates back to default networking first. */
  ownedNodegroups: SnapshotNodegroup[];
  /** Node groups eks-cidr rolled in place, which --force rolls back to their launch template version. */
  rolledNodegroups: RolledNodegroup[];
  /** True when eks-cidr's node groups must be rotated back first (pods or their ENIs in the pod subnets). */
  needsRotation: boolean;
  /** Nodes of managed node groups eks-cidr did not create holding interfaces in the pod subnets. */
  foreignNodes: ForeignNode[];
  /** eks-cidr's pod subnets (what the interfaces were read from). */
  podSubnetIds: string[];
  /** eks-cidr's subnets opted in for subnet discovery: taken out of it first (no new ENI there). */
  discoverySubnets: string[];
  /**
   * How: `kubernetes.io/role/cni=0` (VPC CNI 1.22 and later, or unknown); removing the key where the
   * CNI (1.18 to 1.21) reads only the key, to which `0` still means opted in.
   */
  discoveryOff: 'tag-0' | 'remove-tag';
  /**
   * Node subnets apply tagged kubernetes.io/role/cni=0 (`--stop-node-subnet-pods`), with the value the
   * tag had before (`absent`: none): restored first, so the nodes started from then on (the rotated-back
   * ones) give pods node-subnet addresses again. Only subnets carrying this cluster's marker.
   */
  restoredNodeSubnets: { subnetId: string; zone: string; was: string }[];
  /** What destroy will not remove and that would make it fail: it refuses up front while any remain. */
  blockers: DestroyBlocker[];
  /** Resources left alone, and why (shown to the user). */
  kept: string[];
}

export function describeAction(a: DestroyAction): string {
  switch (a.kind) {
    case 'revert-cni':
      return `turn custom networking off in the VPC CNI (${a.mode})`;
    case 'delete-eniconfig':
      return `delete ENIConfig ${a.name}`;
    case 'disassociate-route-table':
      return `disassociate ${a.subnetId} from ${a.routeTableId}`;
    case 'delete-subnet':
      return `delete subnet ${a.subnetId} (${a.cidr})`;
    case 'disassociate-cidr':
      return `disassociate ${a.cidr} (${a.associationId}) from the VPC and remove its ownership tag`;
    case 'untag-vpc':
      return `remove tag ${a.key} from ${a.vpcId} (${a.why})`;
  }
}

const cniUndo: Undoer = ({ snapshot }) => {
  const cluster = snapshot.cluster.name;
  const ownsEniConfigs = snapshot.kube.eniConfigs.some((e) => isOwnedBy(e.labels, cluster));
  if (snapshot.cni.env.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG !== 'true' || !ownsEniConfigs)
    return { actions: [], kept: [] };
  const cni = snapshot.cni;
  const action: DestroyAction | undefined =
    cni.install === 'managed-addon'
      ? { kind: 'revert-cni', mode: 'managed-addon', configurationValues: cni.configurationValues }
      : cni.install === 'self-managed'
        ? { kind: 'revert-cni', mode: 'self-managed' }
        : undefined;
  return { actions: action ? [{ phase: 'cni', action }] : [], kept: [] };
};

const eniConfigUndo: Undoer = ({ snapshot }) => {
  const cluster = snapshot.cluster.name;
  const result: UndoResult = { actions: [], kept: [] };
  for (const e of snapshot.kube.eniConfigs) {
    if (isOwnedBy(e.labels, cluster))
      result.actions.push({ phase: 'kube', action: { kind: 'delete-eniconfig', name: e.name } });
    else result.kept.push(`ENIConfig ${e.name}: not created by eks-cidr`);
  }
  return result;
};

const subnetUndo: Undoer = ({ snapshot, owned }) => {
  const ownedIds = new Set(owned.map((s) => s.subnetId));
  const result: UndoResult = { actions: [], kept: [] };
  for (const table of snapshot.routeTables) {
    for (const a of table.associations) {
      if (!a.subnetId || !ownedIds.has(a.subnetId) || a.main) continue;
      result.actions.push({
        phase: 'network',
        action: {
          kind: 'disassociate-route-table',
          associationId: a.associationId,
          subnetId: a.subnetId,
          routeTableId: table.routeTableId,
        },
      });
    }
  }
  for (const s of owned)
    result.actions.push({
      phase: 'network',
      action: { kind: 'delete-subnet', subnetId: s.subnetId, cidr: s.cidr },
    });
  return result;
};

const cidrBlockUndo: Undoer = ({ snapshot, owned }) => {
  const cluster = snapshot.cluster.name;
  const vpcId = snapshot.vpc.vpcId;
  const ownedIds = new Set(owned.map((s) => s.subnetId));
  const result: UndoResult = { actions: [], kept: [] };
  const primary = snapshot.vpc.cidrAssociations[0]?.associationId;
  const live = snapshot.vpc.cidrAssociations.filter(
    (a) => a.associationId !== primary && /^associat/.test(a.state),
  );
  for (const assoc of live) {
    const block = parseCidr(assoc.cidr);
    const inside = snapshot.subnets.filter((s) => contains(block, parseCidr(s.cidr)));
    const ours = inside.filter((s) => ownedIds.has(s.subnetId));
    const ownership = cidrBlockOwnership(snapshot.vpc.tags, cluster, assoc.cidr, assoc.associationId);
    if (ownership === 'not-owned') {
      if (ours.length > 0)
        result.kept.push(
          `CIDR block ${assoc.cidr}: not associated by eks-cidr (no ${cidrBlockTagKey(assoc.cidr)} tag naming ${assoc.associationId} on ${vpcId})`,
        );
    } else if (ours.length < inside.length) {
      result.kept.push(`CIDR block ${assoc.cidr}: it also holds subnets eks-cidr did not create`);
    } else {
      result.actions.push({
        phase: 'cidr',
        action: { kind: 'disassociate-cidr', vpcId, associationId: assoc.associationId, cidr: assoc.cidr },
      });
    }
  }
  // A tag left by an interrupted run: its block is gone (or was never associated).
  for (const t of snapshot.vpc.tags) {
    if (!t.key.startsWith(CIDR_BLOCK_TAG_PREFIX) || !t.value.startsWith(`${cluster} `)) continue;
    const cidr = t.key.slice(CIDR_BLOCK_TAG_PREFIX.length);
    if (live.some((a) => a.cidr === cidr)) continue;
    result.actions.push({
      phase: 'cidr',
      action: { kind: 'untag-vpc', vpcId, key: t.key, why: `${cidr} is no longer associated` },
    });
  }
  return result;
};

/** The undo of everything apply sets up, in the order of DESTROY_PHASES. Modes add theirs here. */
export const UNDOERS: readonly Undoer[] = [cniUndo, eniConfigUndo, subnetUndo, cidrBlockUndo];

export function computeDestroy(
  snapshot: ClusterSnapshot,
  interfaces: readonly NetworkInterfaceInfo[] = [],
  undoers: readonly Undoer[] = UNDOERS,
  /** Node groups eks-cidr rolled in place (roll-back.ts findRolled). */
  rolled: readonly RolledNodegroup[] = [],
): DestroyPlan {
  const cluster = snapshot.cluster.name;
  const owned = snapshot.subnets.filter((s) => isOwnedBy(s.tags, cluster));
  const blocks = owned.map((s) => parseCidr(s.cidr));
  const input: DestroyInput = { snapshot, interfaces, owned };
  const results = undoers.map((u) => u(input));
  const all = results.flatMap((r) => r.actions);
  const actions = DESTROY_PHASES.flatMap((phase) =>
    all.filter((a) => a.phase === phase).map((a) => a.action),
  );
  const kept = results.flatMap((r) => r.kept);
  for (const s of snapshot.subnets) {
    const ownedId = owned.some((o) => o.subnetId === s.subnetId);
    const inSecondary = snapshot.vpc.cidrAssociations
      .slice(1)
      .some((a) => contains(parseCidr(a.cidr), parseCidr(s.cidr)));
    if (!ownedId && blocks.length > 0 && inSecondary)
      kept.push(`subnet ${s.subnetId} (${s.cidr}): not created by eks-cidr`);
  }

  const podsInPodSubnets = snapshot.kube.pods
    .filter((p) => !p.hostNetwork && p.podIP && p.phase !== 'Succeeded' && p.phase !== 'Failed')
    .filter((p) => blocks.some((b) => contains(b, parseIPv4(p.podIP!))))
    .map((p) => `${p.namespace}/${p.name} (${p.podIP!})`);
  const { ownedNodeInterfaces, foreignNodes, blockers } = classifyInterfaces(
    snapshot,
    interfaces,
    new Set(rolled.map((r) => r.nodegroup.name)),
  );
  const ownedNodegroups = snapshot.nodegroups.filter((n) => isOwnedBy(n.tags, cluster));
  const needsRotation = podsInPodSubnets.length > 0 || ownedNodeInterfaces.length > 0;
  // A rolled group is rolled back with the rotation; without one (nothing in the pod subnets) it is left.
  const rolledNodegroups = needsRotation ? [...rolled] : [];
  kept.push(...rolledNodegroups.map(rolledKept));
  const version = cniVersionNumber(snapshot);
  const discoveryOff =
    version && compareVersions(version, SUBNET_EXCLUSION_MIN_CNI) < 0 ? 'remove-tag' : 'tag-0';
  return {
    actions,
    podsInPodSubnets,
    ownedNodegroups,
    rolledNodegroups,
    needsRotation,
    foreignNodes,
    podSubnetIds: owned.map((s) => s.subnetId),
    discoverySubnets: owned
      .filter((s) =>
        s.tags.some(
          (t) => t.key === SUBNET_DISCOVERY_TAG && (discoveryOff === 'remove-tag' || t.value !== '0'),
        ),
      )
      .map((s) => s.subnetId),
    discoveryOff,
    restoredNodeSubnets: snapshot.subnets.flatMap((s) => {
      const was = s.tags.find((t) => t.key === cniRoleWasTag(cluster))?.value;
      return was === undefined ? [] : [{ subnetId: s.subnetId, zone: s.zone, was }];
    }),
    blockers,
    kept,
  };
}
