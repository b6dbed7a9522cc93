/**
 * The verify rules of subnet-discovery mode, pure: every running, non-hostNetwork pod's address lies
 * in its node's own subnet or in a subnet of the node's zone the VPC CNI discovers for this cluster
 * (`kubernetes.io/role/cni=1`, no cluster-scoped tag naming only other clusters). A pod still waiting
 * for an address while such a subnet in its zone has room gets the likely causes named.
 */
import {
  SUBNET_DISCOVERY_CLUSTER_TAG_PREFIX,
  SUBNET_DISCOVERY_ENV,
  SUBNET_DISCOVERY_IAM_ACTION,
  SUBNET_DISCOVERY_MIN_CNI,
  SUBNET_DISCOVERY_TAG,
  cniSupportsSubnetDiscovery,
  subnetDiscoveryClusterTag,
} from '../../shared/aws-facts/index.js';
import { contains, parseCidr, parseIPv4 } from '../../shared/cidr/index.js';
import type { NodeInfo, SubnetInfo } from '../steps/ports.js';
import type { VerifyInput, VerifyProblem, VerifyResult } from './evaluate.js';

const ZONE_LABEL = 'topology.kubernetes.io/zone';

function holds(subnet: SubnetInfo, ip: string | undefined): boolean {
  if (!ip) return false;
  try {
    return contains(parseCidr(subnet.cidr), parseIPv4(ip));
  } catch {
    return false;
  }
}

const tagOf = (s: SubnetInfo, key: string) => s.tags.find((t) => t.key === key)?.value;

/** Whether the VPC CNI of this cluster puts new ENIs in the subnet (1.22's tag table). */
export function discoveredFor(subnet: SubnetInfo, cluster: string | undefined): boolean {
  const value = tagOf(subnet, SUBNET_DISCOVERY_TAG);
  if (value === undefined || value === '' || value === '0') return false;
  const scoped = subnet.tags.filter((t) => t.key.startsWith(SUBNET_DISCOVERY_CLUSTER_TAG_PREFIX));
  return !cluster || scoped.length === 0 || scoped.some((t) => t.key === subnetDiscoveryClusterTag(cluster));
}

/** Subnets tagged for discovery at all (any value): what makes a cluster one in subnet-discovery mode. */
export function discoverySubnets(subnets: readonly SubnetInfo[]): SubnetInfo[] {
  return subnets.filter((s) => tagOf(s, SUBNET_DISCOVERY_TAG) !== undefined);
}

/** The node's own subnet: the one holding its primary address. */
export function nodeSubnetOf(node: NodeInfo, subnets: readonly SubnetInfo[]): SubnetInfo | undefined {
  return subnets.find((s) => holds(s, node.internalIp));
}

/** Why a pod may wait for an address while a discovered subnet of its zone has room. */
function likelyCauses(input: VerifyInput, zoneSubnets: SubnetInfo[]): string {
  const causes: string[] = [];
  if (input.cniEnv[SUBNET_DISCOVERY_ENV]?.toLowerCase() === 'false')
    causes.push(`${SUBNET_DISCOVERY_ENV} is false on aws-node`);
  if (input.cniVersion && !cniSupportsSubnetDiscovery(input.cniVersion))
    causes.push(`the VPC CNI is ${input.cniVersion}, older than ${SUBNET_DISCOVERY_MIN_CNI}`);
  const tagged = zoneSubnets.filter((s) => tagOf(s, SUBNET_DISCOVERY_TAG) !== undefined);
  const zero = tagged.filter((s) => tagOf(s, SUBNET_DISCOVERY_TAG) === '0');
  if (zero.length > 0 && zero.length === tagged.length)
    causes.push(`the zone's subnets are tagged ${SUBNET_DISCOVERY_TAG}=0 (excluded), not 1`);
  const otherClusters = tagged.filter(
    (s) => tagOf(s, SUBNET_DISCOVERY_TAG) !== '0' && !discoveredFor(s, input.cluster),
  );
  if (otherClusters.length > 0)
    causes.push(
      `${otherClusters.map((s) => s.subnetId).join(', ')} carry cluster tags for other clusters only (add ${subnetDiscoveryClusterTag(input.cluster ?? '<cluster>')})`,
    );
  causes.push(`the CNI's IAM role may lack ${SUBNET_DISCOVERY_IAM_ACTION}`);
  return `likely cause: ${causes.join('; or ')}`;
}

export function evaluateDiscovery(input: VerifyInput): VerifyResult {
  const problems: VerifyProblem[] = [];
  if (input.cniEnv[SUBNET_DISCOVERY_ENV]?.toLowerCase() === 'false') {
    problems.push({
      kind: 'cluster',
      name: 'aws-node',
      reason: `subnet discovery is off (${SUBNET_DISCOVERY_ENV}=false): the tagged subnets are never used`,
      transient: false,
    });
  }
  const nodes = new Map(input.nodes.map((n) => [n.name, n]));
  const zoneOf = (n: NodeInfo | undefined) => n?.labels[ZONE_LABEL];
  let podsChecked = 0;
  for (const pod of input.pods) {
    if (pod.hostNetwork || pod.phase === 'Succeeded' || pod.phase === 'Failed') continue;
    podsChecked++;
    const key = `${pod.namespace}/${pod.name}`;
    const node = pod.nodeName ? nodes.get(pod.nodeName) : undefined;
    const zone = zoneOf(node);
    const zoneSubnets = input.subnets.filter((s) => s.zone === zone);
    const discovered = zoneSubnets.filter((s) => discoveredFor(s, input.cluster));
    if (pod.phase !== 'Running' || !pod.podIp) {
      const events = input.events.get(key) ?? [];
      const last = events.filter((e) => e.type === 'Warning').at(-1) ?? events.at(-1);
      const stuck = last ? `${last.reason}: ${last.message}` : 'no events yet';
      const room = discovered.filter((s) => s.availableIpAddressCount > 0);
      const waitingForAddress = /assign an IP|IP address|InsufficientFreeAddresses/i.test(stuck);
      problems.push({
        kind: 'pod',
        name: key,
        reason:
          `${pod.phase}${pod.nodeName ? ` on ${pod.nodeName}` : ' (not scheduled)'}: ${stuck}` +
          (waitingForAddress && room.length > 0
            ? ` while ${room.map((s) => `${s.subnetId} (${s.availableIpAddressCount} free)`).join(', ')} in ${zone} has room; ${likelyCauses(input, zoneSubnets)}`
            : ''),
        transient: true,
      });
      continue;
    }
    const own = node ? nodeSubnetOf(node, input.subnets) : undefined;
    if (own && holds(own, pod.podIp)) {
      // A node subnet tagged 0 (`--stop-node-subnet-pods`) feeds no pod on a node started after the tag.
      if (tagOf(own, SUBNET_DISCOVERY_TAG) === '0')
        problems.push({
          kind: 'pod',
          name: key,
          reason: `IP ${pod.podIp} is in node ${pod.nodeName ?? '?'}'s own subnet ${own.subnetId}, which is tagged ${SUBNET_DISCOVERY_TAG}=0: the node started before the tag (its ipamd still serves pods from it); replace the node (eks-cidr apply rotates the node groups)`,
          transient: false,
        });
      continue;
    }
    if (discovered.some((s) => holds(s, pod.podIp))) continue;
    const where = input.subnets.find((s) => holds(s, pod.podIp));
    problems.push({
      kind: 'pod',
      name: key,
      reason: where
        ? `IP ${pod.podIp} is in ${where.subnetId} (${where.zone}), neither node ${pod.nodeName ?? '?'}'s own subnet nor a subnet of ${zone ?? 'its zone'} tagged ${SUBNET_DISCOVERY_TAG}=1 for this cluster`
        : `IP ${pod.podIp} on node ${pod.nodeName ?? '?'} is in no subnet of the VPC`,
      transient: false,
    });
  }
  for (const zone of new Set(input.nodes.map((n) => zoneOf(n)).filter((z) => z !== undefined))) {
    if (input.subnets.some((s) => s.zone === zone && discoveredFor(s, input.cluster))) continue;
    problems.push({
      kind: 'cluster',
      name: zone,
      reason: `no subnet of ${zone} is tagged ${SUBNET_DISCOVERY_TAG}=1 for this cluster: its nodes' pods can only use the node subnets`,
      transient: false,
    });
  }
  return {
    ok: problems.length === 0,
    nodesChecked: input.nodes.length,
    podsChecked,
    problems,
    mode: 'subnet-discovery',
  };
}

/**
 * The smoke test's proof in subnet-discovery mode: smoke pods on nodes that existed before the test
 * whose addresses come from a discovered subnet (not the node's own), as `pod ip node`.
 */
export function discoveryProof(
  input: VerifyInput,
  existingNodes: ReadonlySet<string>,
  app: string,
): string[] {
  const discovered = input.subnets.filter((s) => discoveredFor(s, input.cluster));
  const nodes = new Map(input.nodes.map((n) => [n.name, n]));
  return input.pods.flatMap((p) => {
    if (p.labels.app !== app || p.phase !== 'Running' || !p.podIp || !p.nodeName) return [];
    if (!existingNodes.has(p.nodeName)) return [];
    const node = nodes.get(p.nodeName);
    const own = node ? nodeSubnetOf(node, input.subnets) : undefined;
    if (own && holds(own, p.podIp)) return [];
    const subnet = discovered.find((s) => holds(s, p.podIp) && s.zone === node?.labels[ZONE_LABEL]);
    return subnet ? [`${p.name} ${p.podIp} (${subnet.subnetId}) on ${p.nodeName}`] : [];
  });
}
