/**
 * What `destroy` would undo, from a discovery snapshot, pure. Only resources carrying eks-cidr's
 * ownership tags (subnets, node groups) or labels (ENIConfigs) are touched; a CIDR block (which EC2
 * cannot tag) is disassociated only when every subnet it ever held here was ours and none is left.
 * The order is the reverse of apply: CNI back to default networking, ENIConfigs, route-table
 * associations, subnets, the CIDR block.
 */
import { contains, parseCidr, parseIPv4 } from '../../shared/cidr/index.js';
import type { ClusterSnapshot, SnapshotNodegroup } from '../discover/snapshot.js';
import { isOwnedBy } from '../planner/ownership.js';

export type DestroyAction =
  | { kind: 'revert-cni'; mode: 'managed-addon' | 'self-managed'; configurationValues?: string | undefined }
  | { kind: 'delete-eniconfig'; name: string }
  | { kind: 'disassociate-route-table'; associationId: string; subnetId: string; routeTableId: string }
  | { kind: 'delete-subnet'; subnetId: string; cidr: string }
  | { kind: 'disassociate-cidr'; associationId: string; cidr: string };

export interface DestroyPlan {
  actions: DestroyAction[];
  /** Pods whose addresses lie in eks-cidr's pod subnets: destroy refuses while there are any. */
  podsInPodSubnets: string[];
  /** Node groups eks-cidr created, which --force rotates back to default networking first. */
  ownedNodegroups: SnapshotNodegroup[];
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
      return `disassociate ${a.cidr} from the VPC`;
  }
}

export function computeDestroy(snapshot: ClusterSnapshot): DestroyPlan {
  const cluster = snapshot.cluster.name;
  const owned = snapshot.subnets.filter((s) => isOwnedBy(s.tags, cluster));
  const ownedIds = new Set(owned.map((s) => s.subnetId));
  const blocks = owned.map((s) => parseCidr(s.cidr));
  const kept: string[] = [];

  const podsInPodSubnets = snapshot.kube.pods
    .filter((p) => !p.hostNetwork && p.podIP && p.phase !== 'Succeeded' && p.phase !== 'Failed')
    .filter((p) => blocks.some((b) => contains(b, parseIPv4(p.podIP!))))
    .map((p) => `${p.namespace}/${p.name} (${p.podIP!})`);

  const actions: DestroyAction[] = [];
  const ownedEniConfigs = snapshot.kube.eniConfigs.filter((e) => isOwnedBy(e.labels, cluster));
  for (const e of snapshot.kube.eniConfigs) {
    if (!isOwnedBy(e.labels, cluster)) kept.push(`ENIConfig ${e.name}: not created by eks-cidr`);
  }
  if (snapshot.cni.env.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG === 'true' && ownedEniConfigs.length > 0) {
    if (snapshot.cni.install === 'managed-addon') {
      actions.push({
        kind: 'revert-cni',
        mode: 'managed-addon',
        configurationValues: snapshot.cni.configurationValues,
      });
    } else if (snapshot.cni.install === 'self-managed') {
      actions.push({ kind: 'revert-cni', mode: 'self-managed' });
    }
  }
  for (const e of ownedEniConfigs) actions.push({ kind: 'delete-eniconfig', name: e.name });
  for (const table of snapshot.routeTables) {
    for (const a of table.associations) {
      if (a.subnetId && ownedIds.has(a.subnetId) && !a.main) {
        actions.push({
          kind: 'disassociate-route-table',
          associationId: a.associationId,
          subnetId: a.subnetId,
          routeTableId: table.routeTableId,
        });
      }
    }
  }
  for (const s of owned) actions.push({ kind: 'delete-subnet', subnetId: s.subnetId, cidr: s.cidr });

  const primary = snapshot.vpc.cidrAssociations[0]?.associationId;
  for (const assoc of snapshot.vpc.cidrAssociations) {
    if (assoc.associationId === primary || assoc.state !== 'associated') continue;
    const block = parseCidr(assoc.cidr);
    const inside = snapshot.subnets.filter((s) => contains(block, parseCidr(s.cidr)));
    const ours = inside.filter((s) => ownedIds.has(s.subnetId));
    if (ours.length > 0 && ours.length === inside.length) {
      actions.push({ kind: 'disassociate-cidr', associationId: assoc.associationId, cidr: assoc.cidr });
    } else if (ours.length > 0) {
      kept.push(`CIDR block ${assoc.cidr}: it also holds subnets eks-cidr did not create`);
    }
  }
  for (const s of snapshot.subnets) {
    if (
      !ownedIds.has(s.subnetId) &&
      blocks.length > 0 &&
      snapshot.vpc.cidrAssociations.slice(1).some((a) => contains(parseCidr(a.cidr), parseCidr(s.cidr)))
    ) {
      kept.push(`subnet ${s.subnetId} (${s.cidr}): not created by eks-cidr`);
    }
  }
  const ownedNodegroups = snapshot.nodegroups.filter((n) => isOwnedBy(n.tags, cluster));
  return { actions, podsInPodSubnets, ownedNodegroups, kept };
}
