/**
 * `--stop-node-subnet-pods` (subnet discovery only): tag the node subnets `kubernetes.io/role/cni=0`
 * so they stop feeding pods and keep their addresses for nodes. From VPC CNI 1.22.0 a subnet tagged
 * `0` takes no new ENI, and ipamd, when it starts, stops giving pods addresses from the ENIs it finds
 * in such a subnet: the primary ENI included, so a node then addresses pods as under custom networking,
 * one ENI fewer (m5.large 29 -> 20). Nodes are rotated onto that lower max-pods (started after the tag,
 * so their ipamd honours it); what cannot be rotated (self-managed nodes, `--rotation none`) is refused.
 * 1.18-1.21 read only the tag's key, so a `0` there would opt the node subnet *in*: refused too.
 *
 * Each tagged subnet carries a marker `eks-cidr.io/cni-role-was/<cluster>` with the value the tag had
 * before (`absent` when none), so destroy restores exactly that and touches no subnet it did not tag.
 * Pure.
 */
import {
  SUBNET_DISCOVERY_TAG,
  SUBNET_EXCLUSION_MIN_CNI,
  compareVersions,
} from '../../shared/aws-facts/index.js';
import { contains } from '../../shared/cidr/index.js';
import type { ClusterSnapshot, SnapshotSubnet } from '../discover/snapshot.js';
import { cniVersionNumber } from './mode.js';
import { currentMaxPods, isReplacement } from './nodegroups.js';
import { nodeSubnetsByZone, nodesOf, selfManagedNodes, tryParseCidr } from './queries.js';
import { replacementMaxPods } from './target-max-pods.js';
import { maxPodsInMode, targetAddressMode } from './capacity-model.js';
import type { Finding, PlanStep, ResolvedRequest, Tag, TagSubnetStep } from './types.js';

export const CNI_ROLE_WAS_TAG_PREFIX = 'eks-cidr.io/cni-role-was/';
/** The marker's value when the subnet had no `kubernetes.io/role/cni` tag before. */
export const CNI_ROLE_ABSENT = 'absent';

export const cniRoleWasTag = (cluster: string) => `${CNI_ROLE_WAS_TAG_PREFIX}${cluster}`;
export const nodeSubnetTagStepId = (subnetId: string) => `node-subnet-tags:${subnetId}`;

const tagOf = (tags: readonly Tag[], key: string) => tags.find((t) => t.key === key)?.value;

/** Whether the request tags node subnets: subnet discovery with `--stop-node-subnet-pods`. */
export function stopsNodeSubnets(request: Pick<ResolvedRequest, 'mode' | 'stopNodeSubnetPods'>): boolean {
  return request.mode === 'subnet-discovery' && request.stopNodeSubnetPods === true;
}

/** The node subnets in the request's zones (pod subnets never: a subnet inside the pod block is skipped). */
export function nodeSubnetsToStop(snapshot: ClusterSnapshot, request: ResolvedRequest): SnapshotSubnet[] {
  const block = tryParseCidr(request.cidr);
  const zones = new Set(request.zones);
  return [...nodeSubnetsByZone(snapshot).entries()]
    .filter(([zone]) => zones.has(zone))
    .flatMap(([, subnets]) => subnets)
    .filter((s) => {
      const b = tryParseCidr(s.cidr);
      return !(block && b && contains(block, b));
    });
}

/** The CNI version the plan leaves the cluster on: the add-on update's target, else what runs now. */
function cniVersionAfter(snapshot: ClusterSnapshot, request: ResolvedRequest): string | undefined {
  return (
    request.modeDecision?.addonVersionUpdate?.to.replace(/^v/, '').replace(/-.*$/, '') ??
    cniVersionNumber(snapshot)
  );
}

function versionBelow(version: string, min: string): boolean {
  try {
    return compareVersions(version, min) < 0;
  } catch {
    return false;
  }
}

export function validateStopNodeSubnets(snapshot: ClusterSnapshot, request: ResolvedRequest): Finding[] {
  if (!request.stopNodeSubnetPods) return [];
  if (request.mode !== 'subnet-discovery')
    return [
      {
        severity: 'info',
        code: 'I_STOP_NODE_SUBNETS_CUSTOM',
        field: 'stopNodeSubnetPods',
        message: `--stop-node-subnet-pods changes nothing under ${request.mode}: pods already take addresses only from the ENIConfig subnets (the primary ENI serves none).`,
      },
    ];
  const findings: Finding[] = [];
  const version = cniVersionAfter(snapshot, request);
  if (version === undefined || versionBelow(version, SUBNET_EXCLUSION_MIN_CNI)) {
    findings.push({
      severity: 'error',
      code: 'E_STOP_NODE_SUBNETS_CNI',
      field: 'stopNodeSubnetPods',
      message: `--stop-node-subnet-pods needs VPC CNI ${SUBNET_EXCLUSION_MIN_CNI} or later to honour ${SUBNET_DISCOVERY_TAG}=0; the cluster ${version ? `would run ${version}` : 'runs a version eks-cidr cannot read'}, and VPC CNI 1.18-1.21 read only the tag's key, so the node subnets would be opted in, not out.`,
      hint: `Update the VPC CNI to ${SUBNET_EXCLUSION_MIN_CNI} or later first (aws eks update-addon --addon-name vpc-cni --addon-version ...), or leave out --stop-node-subnet-pods.`,
    });
  }
  const stopped = nodeSubnetsToStop(snapshot, request);
  const zones = new Set(request.zones);
  const outside = [...nodeSubnetsByZone(snapshot).keys()].filter((z) => !zones.has(z)).sort();
  if (outside.length > 0) {
    findings.push({
      severity: 'error',
      code: 'E_STOP_NODE_SUBNETS_ZONES',
      field: 'zones',
      message: `--stop-node-subnet-pods: nodes run in zone(s) ${outside.join(', ')}, which get no pod subnet from this plan; with their node subnets kept for pods and the others not, those zones would keep feeding pods from the node subnets.`,
      hint: `Include every zone the nodes use (--zones auto, or add ${outside.join(', ')}), or leave out --stop-node-subnet-pods.`,
    });
  }
  if (stopped.length === 0) return findings;
  // What a node then addresses: custom networking's count (the primary ENI serves no pods).
  const mode = targetAddressMode(snapshot, request);
  const selfManaged = selfManagedNodes(snapshot).filter((n) => {
    const limit = n.instanceType ? maxPodsInMode(n.instanceType, mode, version) : undefined;
    return limit !== undefined && (n.allocatablePods ?? 0) > limit;
  });
  if (selfManaged.length > 0) {
    const n = selfManaged[0]!;
    const limit = maxPodsInMode(n.instanceType!, mode, version);
    findings.push({
      severity: 'error',
      code: 'E_STOP_NODE_SUBNETS_SELF_MANAGED',
      field: 'stopNodeSubnetPods',
      message: `--stop-node-subnet-pods: ${selfManaged.length} self-managed node(s) (${selfManaged
        .slice(0, 5)
        .map((x) => x.name)
        .join(
          ', ',
        )}${selfManaged.length > 5 ? ', ...' : ''}) run max-pods ${n.allocatablePods ?? '?'}, but with their subnet tagged ${SUBNET_DISCOVERY_TAG}=0 a ${n.instanceType} node has addresses for ${limit} pods (the primary ENI serves none); eks-cidr cannot replace them, and the next aws-node restart would strand the pods above that.`,
      hint: `Replace them yourself with max-pods ${limit} (eks-cidr max-pods -i ${n.instanceType} --custom-networking), then run plan again; or leave out --stop-node-subnet-pods.`,
    });
  }
  if (!request.rotateNodes) {
    const over = snapshot.nodegroups.filter((ng) => {
      if (isReplacement(snapshot, ng) || nodesOf(snapshot, ng).length === 0) return false;
      const target = replacementMaxPods(snapshot, request, ng);
      const now = currentMaxPods(snapshot, ng);
      return target !== undefined && now !== undefined && now > target;
    });
    if (over.length > 0) {
      const ng = over[0]!;
      findings.push({
        severity: 'error',
        code: 'E_STOP_NODE_SUBNETS_MAX_PODS',
        field: 'stopNodeSubnetPods',
        message: `--stop-node-subnet-pods without node rotation: node group(s) ${over.map((g) => g.name).join(', ')} run max-pods ${currentMaxPods(snapshot, ng)}, but once the node subnets stop feeding pods a node has addresses for ${replacementMaxPods(snapshot, request, ng)}: the kubelet would admit pods the CNI cannot address (stuck ContainerCreating).`,
        hint: 'Let eks-cidr rotate the node groups (--rotation auto, rolling or replace), or leave out --stop-node-subnet-pods.',
      });
    }
  }
  if ((snapshot.vpcClusters ?? []).some((c) => c !== request.cluster)) {
    findings.push({
      severity: 'warning',
      code: 'W_STOP_NODE_SUBNETS_SHARED',
      field: 'stopNodeSubnetPods',
      message: `Other EKS clusters use this VPC (${(snapshot.vpcClusters ?? []).filter((c) => c !== request.cluster).join(', ')}): ${SUBNET_DISCOVERY_TAG}=0 on ${stopped.map((s) => s.subnetId).join(', ')} applies to every cluster whose nodes run there (the tag has no cluster scope).`,
    });
  }
  return findings;
}

/** One tag-subnet step per node subnet: `kubernetes.io/role/cni=0` and the marker of what it was. */
export function stopNodeSubnetSteps(
  snapshot: ClusterSnapshot,
  request: ResolvedRequest,
  dependsOn: string[],
): TagSubnetStep[] {
  if (!stopsNodeSubnets(request)) return [];
  const marker = cniRoleWasTag(request.cluster);
  return nodeSubnetsToStop(snapshot, request).map((s): TagSubnetStep => {
    const value = tagOf(s.tags, SUBNET_DISCOVERY_TAG);
    const ours = tagOf(s.tags, marker) !== undefined;
    const base = {
      id: nodeSubnetTagStepId(s.subnetId),
      kind: 'tag-subnet' as const,
      dependsOn,
      target: { subnet: { stepId: nodeSubnetTagStepId(s.subnetId), zone: s.zone, subnetId: s.subnetId } },
      current: { tags: s.tags },
    };
    if (value === '0')
      return {
        ...base,
        action: 'no-op',
        reason: `Node subnet ${s.subnetId} is tagged ${SUBNET_DISCOVERY_TAG}=0${ours ? '' : ' already (not by eks-cidr: destroy leaves it)'}: it feeds no pods.`,
        desired: { tags: ours ? [{ key: SUBNET_DISCOVERY_TAG, value: '0' }] : [] },
      };
    return {
      ...base,
      action: 'update',
      reason: `Node subnet ${s.subnetId} (${s.zone}) stops feeding pods: tag it ${SUBNET_DISCOVERY_TAG}=0 (was ${value === undefined ? 'untagged' : `=${value}`}); nodes started from now on give pods addresses only from the tagged pod subnets.`,
      desired: {
        tags: [
          { key: SUBNET_DISCOVERY_TAG, value: '0' },
          { key: marker, value: value ?? CNI_ROLE_ABSENT },
        ],
      },
    };
  });
}

/** Node groups rotate only after the tag: their new nodes' ipamd must start with the subnets excluded. */
export function afterNodeSubnetTags(steps: PlanStep[], tagSteps: readonly TagSubnetStep[]): PlanStep[] {
  if (tagSteps.length === 0) return steps;
  const ids = tagSteps.map((s) => s.id);
  return steps.map((s) =>
    s.kind === 'create-nodegroup' || s.kind === 'roll-nodegroup'
      ? { ...s, dependsOn: [...new Set([...s.dependsOn, ...ids])] }
      : s,
  );
}
