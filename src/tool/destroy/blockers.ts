/**
 * What keeps eks-cidr's pod subnets from being deleted, found before destroy's first write: every
 * network interface in them. Interfaces of nodes of eks-cidr's own node groups, and of groups it
 * rolled in place, go away when `--force` rotates those groups back; those of nodes of other managed node groups (the nodes that
 * put an ENI in the new subnets under subnet discovery, or after aws-node restarted under custom
 * networking) go away when `--force` replaces those nodes one at a time (the groups themselves are
 * not changed). Anything else (self-managed instances, VPC endpoints, load balancers, leftover CNI
 * interfaces) is a blocker that destroy will not remove, so it refuses up front and says what to do
 * about each. Pure.
 */
import type { ClusterSnapshot } from '../discover/snapshot.js';
import { isOwnedBy } from '../planner/ownership.js';
import type { NetworkInterfaceInfo } from '../steps/ports.js';

export interface DestroyBlocker {
  /** What is in the way (`node group extra: 2 network interfaces (i-0abc, i-0def)`). */
  what: string;
  /** What the user can do about it. */
  todo: string;
}

/** A node of a managed node group eks-cidr did not create, with interfaces in the pod subnets. */
export interface ForeignNode {
  nodegroup: string;
  instanceId: string;
  nodeName: string;
}

export interface InterfaceClassification {
  /** Interfaces of nodes of eks-cidr's node groups (removed by `--force`'s rotation). */
  ownedNodeInterfaces: NetworkInterfaceInfo[];
  /** Nodes of other managed node groups holding interfaces there (replaced by `--force`). */
  foreignNodes: ForeignNode[];
  blockers: DestroyBlocker[];
}

function list(items: string[], max = 5): string {
  return items.slice(0, max).join(', ') + (items.length > max ? `, +${items.length - max} more` : '');
}

export function classifyInterfaces(
  snapshot: ClusterSnapshot,
  interfaces: readonly NetworkInterfaceInfo[],
  /** Node groups eks-cidr rolled in place: `--force` rolls them back, so their nodes' interfaces go too. */
  rolledGroups: ReadonlySet<string> = new Set(),
): InterfaceClassification {
  const cluster = snapshot.cluster.name;
  const ownedGroups = new Set([
    ...snapshot.nodegroups.filter((n) => isOwnedBy(n.tags, cluster)).map((n) => n.name),
    ...rolledGroups,
  ]);
  const managed = new Set(snapshot.nodegroups.map((n) => n.name));
  const groupOf = new Map<string, string | undefined>();
  const nodeOf = new Map<string, string>();
  for (const node of snapshot.kube.nodes) {
    if (!node.instanceId) continue;
    groupOf.set(node.instanceId, node.nodegroup);
    nodeOf.set(node.instanceId, node.name);
  }
  const foreign = new Map<string, ForeignNode>();

  const ownedNodeInterfaces: NetworkInterfaceInfo[] = [];
  const byGroup = new Map<string, Set<string>>();
  const instances = new Set<string>();
  const others: NetworkInterfaceInfo[] = [];
  for (const eni of interfaces) {
    const instance = eni.instanceId ?? /^aws-K8S-(i-[0-9a-f]+)$/.exec(eni.description)?.[1];
    const attached = eni.instanceId !== undefined;
    const group = instance ? groupOf.get(instance) : undefined;
    if (attached && group && ownedGroups.has(group)) ownedNodeInterfaces.push(eni);
    else if (attached && group && managed.has(group))
      foreign.set(instance!, { nodegroup: group, instanceId: instance!, nodeName: nodeOf.get(instance!)! });
    else if (attached && group) byGroup.set(group, (byGroup.get(group) ?? new Set()).add(instance!));
    else if (attached && instance) instances.add(instance);
    else others.push(eni);
  }

  const blockers: DestroyBlocker[] = [];
  for (const [group, ids] of byGroup) {
    blockers.push({
      what: `nodes ${list([...ids])} of ${group} (not a managed node group) have network interfaces in the pod subnets`,
      todo:
        `destroy replaces only nodes of managed node groups. Replace these nodes (drain each, ` +
        `terminate it, let ${group} launch a new one) after destroy has tagged the pod subnets ` +
        `kubernetes.io/role/cni=0 or turned custom networking off (cluster ${cluster}), then re-run destroy.`,
    });
  }
  if (instances.size > 0) {
    blockers.push({
      what: `instances ${list([...instances])} (not nodes of an eks-cidr node group) have network interfaces in the pod subnets`,
      todo: 'Terminate or replace them (self-managed nodes: after destroy turns custom networking off), then re-run destroy.',
    });
  }
  for (const eni of others) {
    const leftover = /^aws-K8S-/.test(eni.description) && eni.status === 'available';
    blockers.push({
      what:
        `network interface ${eni.networkInterfaceId} in ${eni.subnetId} (${eni.interfaceType}` +
        `${eni.description ? `, "${eni.description.slice(0, 80)}"` : ''}, ${eni.status})`,
      todo: leftover
        ? `A VPC CNI interface left by a node that is gone: aws ec2 delete-network-interface --network-interface-id ${eni.networkInterfaceId}`
        : eni.requesterManaged || eni.interfaceType !== 'interface'
          ? `Remove it from ${eni.subnetId} through the service that owns it (VPC endpoint, load balancer, NAT gateway...).`
          : `Delete it or move what uses it out of ${eni.subnetId}.`,
    });
  }
  const foreignNodes = [...foreign.values()].sort(
    (a, b) => a.nodegroup.localeCompare(b.nodegroup) || a.nodeName.localeCompare(b.nodeName),
  );
  return { ownedNodeInterfaces, foreignNodes, blockers };
}
