/**
 * What keeps eks-cidr's pod subnets from being deleted, found before destroy's first write: every
 * network interface in them. Interfaces of nodes of eks-cidr's own node groups, and of groups it
 * rolled in place, go away when `--force` rotates those groups back; anything else (nodes of node groups eks-cidr did not create,
 * self-managed instances, VPC endpoints, load balancers, leftover CNI interfaces) is a blocker that
 * destroy will not remove, so it refuses up front and says what to do about each. Pure.
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

export interface InterfaceClassification {
  /** Interfaces of nodes of eks-cidr's node groups (removed by `--force`'s rotation). */
  ownedNodeInterfaces: NetworkInterfaceInfo[];
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
  const groupOf = new Map<string, string | undefined>();
  for (const node of snapshot.kube.nodes) if (node.instanceId) groupOf.set(node.instanceId, node.nodegroup);

  const ownedNodeInterfaces: NetworkInterfaceInfo[] = [];
  const byGroup = new Map<string, Set<string>>();
  const instances = new Set<string>();
  const others: NetworkInterfaceInfo[] = [];
  for (const eni of interfaces) {
    const instance = eni.instanceId ?? /^aws-K8S-(i-[0-9a-f]+)$/.exec(eni.description)?.[1];
    const attached = eni.instanceId !== undefined;
    const group = instance ? groupOf.get(instance) : undefined;
    if (attached && group && ownedGroups.has(group)) ownedNodeInterfaces.push(eni);
    else if (attached && group) byGroup.set(group, (byGroup.get(group) ?? new Set()).add(instance!));
    else if (attached && instance) instances.add(instance);
    else others.push(eni);
  }

  const blockers: DestroyBlocker[] = [];
  for (const [group, ids] of byGroup) {
    blockers.push({
      what: `node group ${group} (not created by eks-cidr): nodes ${list([...ids])} have network interfaces in the pod subnets`,
      todo:
        `destroy never touches node groups it did not create. Delete ${group} (aws eks delete-nodegroup ` +
        `--cluster-name ${cluster} --nodegroup-name ${group}) or scale it to 0, re-run destroy, and ` +
        `re-create it afterwards in default networking.`,
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
  return { ownedNodeInterfaces, blockers };
}
