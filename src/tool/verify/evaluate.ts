/**
 * The verify rules, pure: every running, non-hostNetwork pod's IP lies in the ENIConfig subnet of its
 * node's zone, and every node runs in custom-networking mode (its ENIConfig exists, its max-pods fits
 * custom networking, its pods are not on node-subnet addresses). Each failure names the pod or node
 * and why.
 */
import { contains, parseCidr, parseIPv4 } from '../../shared/cidr/index.js';
import { findInstanceType, maxPodsFor } from '../../shared/aws-facts/index.js';
import { NODEGROUP_LABEL } from '../steps/create-nodegroup.js';
import type { EniConfigObject, EventInfo, NodeInfo, PodInfo, SubnetInfo } from '../steps/ports.js';
import { discoverySubnets, evaluateDiscovery } from './evaluate-discovery.js';

export const ZONE_LABEL = 'topology.kubernetes.io/zone';
export const INSTANCE_TYPE_LABEL = 'node.kubernetes.io/instance-type';

export interface VerifyInput {
  cniEnv: Record<string, string>;
  nodes: NodeInfo[];
  pods: PodInfo[];
  eniConfigs: EniConfigObject[];
  subnets: SubnetInfo[];
  /** Warning events of pods that are not running, by `namespace/name`. */
  events: Map<string, EventInfo[]>;
  /**
   * Managed node groups going away ('DELETING' or 'deleted'), by name: their nodes' problems are
   * transient, as the nodes are leaving (verify waits for them instead of failing at once).
   */
  leavingNodegroups?: Map<string, string> | undefined;
  /** The EKS cluster (cluster-scoped subnet-discovery tags are judged against it). */
  cluster?: string | undefined;
  /** The VPC CNI version, when known (the managed add-on's). */
  cniVersion?: string | undefined;
}

/** Why a node's problems will pass by themselves: its node group is being deleted, or is gone. */
function leavingReason(node: NodeInfo | undefined, input: VerifyInput): string | undefined {
  const group = node?.labels[NODEGROUP_LABEL];
  const state = group ? input.leavingNodegroups?.get(group) : undefined;
  if (!group || !state) return undefined;
  return state === 'DELETING'
    ? `node group ${group} is DELETING: the node is leaving the cluster`
    : `node group ${group} is deleted: the node is leaving the cluster`;
}

export interface VerifyProblem {
  kind: 'cluster' | 'node' | 'pod';
  name: string;
  reason: string;
  /** True when waiting may fix it (a pod still starting). */
  transient: boolean;
  /** A stable code for problems of their own class (`E_NO_CAPACITY`: smoke pods no node has room for). */
  code?: string | undefined;
}

export interface VerifyResult {
  ok: boolean;
  nodesChecked: number;
  podsChecked: number;
  problems: VerifyProblem[];
  /** The mode judged: custom networking when it is on, else subnet discovery when subnets are tagged for it. */
  mode?: 'custom-networking' | 'subnet-discovery' | undefined;
}

function inSubnet(ip: string | undefined, subnet: SubnetInfo | undefined): boolean {
  if (!ip || !subnet) return false;
  try {
    return contains(parseCidr(subnet.cidr), parseIPv4(ip));
  } catch {
    return false;
  }
}

/** The ENIConfig a node uses, as the VPC CNI picks it (label, then ENI_CONFIG_LABEL_DEF, then 'default'). */
export function eniConfigNameFor(node: NodeInfo, cniEnv: Record<string, string>): string {
  const explicit = node.labels['vpc.amazonaws.com/externalEniConfig'];
  if (explicit) return explicit;
  const labelDef = cniEnv.ENI_CONFIG_LABEL_DEF ?? 'k8s.amazonaws.com/eniConfig';
  return node.labels[labelDef] ?? 'default';
}

export function evaluate(input: VerifyInput): VerifyResult {
  const problems: VerifyProblem[] = [];
  const custom = input.cniEnv.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG === 'true';
  // Custom networking takes precedence over subnet discovery in the CNI, so it is judged first.
  if (!custom && discoverySubnets(input.subnets).length > 0) return evaluateDiscovery(input);
  const prefixDelegation = input.cniEnv.ENABLE_PREFIX_DELEGATION === 'true';
  if (!custom) {
    problems.push({
      kind: 'cluster',
      name: 'aws-node',
      reason: 'custom networking is off (AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG is not "true")',
      transient: false,
    });
  }
  const subnetById = new Map(input.subnets.map((s) => [s.subnetId, s]));
  const eniByName = new Map(input.eniConfigs.map((e) => [e.name, e]));
  const nodeSubnet = new Map<string, SubnetInfo | undefined>();

  for (const node of input.nodes) {
    const name = eniConfigNameFor(node, input.cniEnv);
    const eni = eniByName.get(name);
    const subnet = eni?.subnet ? subnetById.get(eni.subnet) : undefined;
    nodeSubnet.set(node.name, subnet);
    const zone = node.labels[ZONE_LABEL] ?? 'unknown zone';
    if (!eni) {
      problems.push({
        kind: 'node',
        name: node.name,
        reason: `no ENIConfig '${name}' for its zone ${zone}`,
        transient: false,
      });
    } else if (!subnet) {
      problems.push({
        kind: 'node',
        name: node.name,
        reason: `ENIConfig '${name}' names subnet ${eni.subnet ?? '(none)'}, which is not in the VPC`,
        transient: false,
      });
    }
    const type = node.labels[INSTANCE_TYPE_LABEL];
    if (type && findInstanceType(type) && node.allocatablePods !== undefined && custom) {
      const limit = maxPodsFor({ instanceType: type, customNetworking: true, prefixDelegation });
      if (node.allocatablePods > limit) {
        problems.push({
          kind: 'node',
          name: node.name,
          reason: `node not rotated: max-pods ${node.allocatablePods} exceeds ${limit}, the custom-networking limit of ${type}; pods beyond ${limit} get no address (replace the node with max-pods set for custom networking)`,
          transient: false,
        });
      }
    }
  }

  let podsChecked = 0;
  const nodesWithStrayPods = new Map<string, number>();
  for (const pod of input.pods) {
    if (pod.hostNetwork || pod.phase === 'Succeeded' || pod.phase === 'Failed') continue;
    podsChecked++;
    const key = `${pod.namespace}/${pod.name}`;
    if (pod.phase !== 'Running' || !pod.podIp) {
      const events = input.events.get(key) ?? [];
      const last = events.filter((e) => e.type === 'Warning').at(-1) ?? events.at(-1);
      const stuck = last ? `${last.reason}: ${last.message}` : 'no events yet';
      problems.push({
        kind: 'pod',
        name: key,
        reason: `${pod.phase}${pod.nodeName ? ` on ${pod.nodeName}` : ' (not scheduled)'}: ${stuck}`,
        transient: true,
      });
      continue;
    }
    const subnet = pod.nodeName ? nodeSubnet.get(pod.nodeName) : undefined;
    if (!inSubnet(pod.podIp, subnet)) {
      if (pod.nodeName) nodesWithStrayPods.set(pod.nodeName, (nodesWithStrayPods.get(pod.nodeName) ?? 0) + 1);
      problems.push({
        kind: 'pod',
        name: key,
        reason: subnet
          ? `IP ${pod.podIp} is outside its zone's pod subnet ${subnet.subnetId} (${subnet.cidr}) on node ${pod.nodeName ?? '?'}: node not rotated`
          : `IP ${pod.podIp} on node ${pod.nodeName ?? '?'}, which has no pod subnet`,
        transient: false,
      });
    }
  }
  for (const [node, count] of nodesWithStrayPods) {
    if (
      !problems.some((p) => p.kind === 'node' && p.name === node && p.reason.startsWith('node not rotated'))
    ) {
      problems.push({
        kind: 'node',
        name: node,
        reason: `node not rotated: ${count} pod(s) have addresses outside the pod subnets`,
        transient: false,
      });
    }
  }
  // A node of a node group being deleted is on its way out (cordoned, drained, its instance
  // terminating): what it still shows is transient, so verify waits for it to leave.
  const leaving = new Map(
    input.nodes.flatMap((n) => {
      const why = leavingReason(n, input);
      return why ? [[n.name, why] as const] : [];
    }),
  );
  const podNode = new Map(input.pods.map((p) => [`${p.namespace}/${p.name}`, p.nodeName]));
  for (const problem of problems) {
    const node =
      problem.kind === 'node' ? problem.name : problem.kind === 'pod' ? podNode.get(problem.name) : undefined;
    const why = node ? leaving.get(node) : undefined;
    if (!why) continue;
    problem.transient = true;
    problem.reason = `${problem.reason} (${why})`;
  }
  return {
    ok: problems.length === 0,
    nodesChecked: input.nodes.length,
    podsChecked,
    problems,
    ...(custom ? { mode: 'custom-networking' as const } : {}),
  };
}
