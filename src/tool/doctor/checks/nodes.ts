/**
 * The nodes: rotated into the mode the CNI is in, and a kubelet max-pods their interfaces can
 * address (max-pods-calculator.sh's formula without its 110/250 ceiling is the address count + 2).
 */
import { maxPodsDetails } from '../../../shared/aws-facts/index.js';
import type { SnapshotNode } from '../../discover/snapshot.js';
import type { Check, Finding } from '../types.js';
import { applyFix, groupBy, listed } from './common.js';

export const nodesNotRotated: Check = {
  id: 'nodes-not-rotated',
  run(snapshot, facts) {
    if (!facts.customNetworking || facts.notRotated.size === 0) return [];
    const nodes = snapshot.kube.nodes.filter((n) => facts.notRotated.has(n.name));
    return [...groupBy(nodes, (n) => n.nodegroup ?? '')].map(([group, members]): Finding => {
      const podsOnNodeSubnets = snapshot.kube.pods.filter(
        (p) =>
          !p.hostNetwork &&
          p.podIP &&
          p.nodeName &&
          members.some((m) => m.name === p.nodeName) &&
          !facts.podSubnetIds.has(facts.subnetOfIp(p.podIP)?.subnetId ?? ''),
      );
      return {
        check: 'nodes-not-rotated',
        severity: 'error',
        resource: group ? `nodegroup/${group}` : `node/${members[0]!.name}`,
        message: `${members.length} node(s) started before custom networking was turned on: ipamd reads the mode at start, so their pods still take addresses from the node subnets.`,
        evidence: [
          `nodes: ${listed(members.map((n) => n.name))}`,
          `pods with node-subnet addresses: ${podsOnNodeSubnets.length}${
            podsOnNodeSubnets.length > 0
              ? ` (${listed(
                  podsOnNodeSubnets.map((p) => `${p.namespace}/${p.name} ${p.podIP ?? ''}`),
                  3,
                )})`
              : ''
          }`,
        ],
        fix: group
          ? `${applyFix(snapshot.cluster.name)} (replaces the node group with one whose nodes start in custom networking)`
          : `Replace the nodes: kubectl drain ${members[0]!.name} --ignore-daemonsets --delete-emptydir-data, then terminate the instance so its group launches a new one.`,
      };
    });
  },
};

interface Capacity {
  addresses: number;
  formula: string;
  mode: string;
}

function capacityOf(
  node: SnapshotNode,
  customNetworking: boolean,
  prefixDelegation: boolean,
  cniVersion?: string,
): Capacity | undefined {
  if (!node.instanceType) return undefined;
  const input = { instanceType: node.instanceType, customNetworking, prefixDelegation };
  // An unreadable CNI version is judged as the default one; an unknown instance type is skipped.
  for (const attempt of [{ ...input, cniVersion }, input]) {
    try {
      const d = maxPodsDetails(attempt);
      return { addresses: d.uncappedMaxPods, formula: d.formula, mode: d.mode };
    } catch {
      continue;
    }
  }
  return undefined;
}

export const maxPodsExceedsAddresses: Check = {
  id: 'max-pods-exceeds-addresses',
  run(snapshot, facts) {
    const over = snapshot.kube.nodes.flatMap((node) => {
      if (node.allocatablePods === undefined) return [];
      const custom = facts.customNetworking && !facts.notRotated.has(node.name);
      const capacity = capacityOf(node, custom, facts.prefixDelegation, facts.cniVersion);
      return capacity && node.allocatablePods > capacity.addresses ? [{ node, capacity }] : [];
    });
    return [...groupBy(over, (o) => o.node.nodegroup ?? o.node.name)].map(([key, items]): Finding => {
      const first = items[0]!;
      const group = first.node.nodegroup;
      return {
        check: 'max-pods-exceeds-addresses',
        severity: 'error',
        resource: group ? `nodegroup/${group}` : `node/${key}`,
        message: `max-pods is ${first.node.allocatablePods ?? '?'} on ${items.length} ${first.node.instanceType ?? ''} node(s), but their interfaces address only ${first.capacity.addresses - 2} pods (+2 host-network) in ${first.capacity.mode}: the pods above that are scheduled and stay ContainerCreating ("failed to assign an IP address to container").`,
        evidence: [
          `nodes: ${listed(items.map((i) => i.node.name))}`,
          `allocatable pods: ${first.node.allocatablePods ?? '?'}`,
          `addressable: ${first.capacity.formula}`,
        ],
        fix: group
          ? `${applyFix(snapshot.cluster.name)} (launches the node group with max-pods ${first.capacity.addresses} for this mode), or set --max-pods=${first.capacity.addresses} in the launch template's bootstrap arguments (eks-cidr max-pods -i ${first.node.instanceType ?? 'TYPE'}${facts.customNetworking ? ' --custom-networking' : ''}${facts.prefixDelegation ? ' --prefix-delegation' : ''}).`
          : `Start the node with --max-pods=${first.capacity.addresses} (eks-cidr max-pods -i ${first.node.instanceType ?? 'TYPE'}${facts.customNetworking ? ' --custom-networking' : ''}).`,
      };
    });
  },
};
