/**
 * Cluster rules checked before anything is done: the cluster is ACTIVE, the VPC CNI is there and new
 * enough, the zone label, capacity lost to custom networking, nodes eks-cidr cannot replace, the
 * managed add-on, Fargate. Pure.
 */
import { compareVersions, findInstanceType } from '../../shared/aws-facts/index.js';
import { DEFAULT_LABEL_DEF, DEPRECATED_ZONE_LABEL } from '../config/request.js';
import type { ClusterSnapshot } from '../discover/snapshot.js';
import { currentMaxPods, customNetworkingMaxPods, isReplacement } from './nodegroups.js';
import { cniVersionText, isFargateNode, selfManagedNodes } from './queries.js';
import { parseConfigurationValues } from './steps-cni.js';
import type { Finding, ResolvedRequest } from './types.js';

/** Custom networking (ENIConfig) arrived in VPC CNI 1.5.3 (knowledge-center article). */
export const CUSTOM_NETWORKING_MIN_CNI = '1.5.3';

export function validateCluster(snapshot: ClusterSnapshot): Finding[] {
  if (snapshot.cluster.status === 'ACTIVE') return [];
  return [
    {
      severity: 'error',
      code: 'E_CLUSTER_NOT_ACTIVE',
      message: `Cluster ${snapshot.cluster.name} is ${snapshot.cluster.status}, not ACTIVE.`,
      hint: 'Wait for the cluster to be ACTIVE and run plan again.',
    },
  ];
}

export function validateCni(snapshot: ClusterSnapshot): Finding[] {
  const cni = snapshot.cni;
  if (cni.install === 'absent') {
    return [
      {
        severity: 'error',
        code: 'E_CNI_NOT_FOUND',
        message:
          'Neither the vpc-cni add-on nor the aws-node DaemonSet was found: the cluster does not run the Amazon VPC CNI.',
        hint: 'Custom networking is a VPC CNI feature: install the vpc-cni add-on first (aws eks create-addon --addon-name vpc-cni).',
      },
    ];
  }
  const findings: Finding[] = [];
  const version = cniVersionText(snapshot);
  let comparable = false;
  try {
    if (version) {
      comparable = true;
      if (compareVersions(version, CUSTOM_NETWORKING_MIN_CNI) < 0) {
        findings.push({
          severity: 'error',
          code: 'E_CNI_TOO_OLD',
          message: `The VPC CNI is ${version}; custom networking needs ${CUSTOM_NETWORKING_MIN_CNI} or later.`,
          hint: 'Update the VPC CNI (the vpc-cni add-on, or the aws-node DaemonSet image) first.',
        });
      }
    }
  } catch {
    comparable = false;
  }
  if (!comparable) {
    findings.push({
      severity: 'warning',
      code: 'W_CNI_VERSION_UNKNOWN',
      message: `Could not read the VPC CNI version (image ${cni.image ?? 'unknown'}).`,
      hint: `Make sure it is ${CUSTOM_NETWORKING_MIN_CNI} or later.`,
    });
  }
  if (cni.install === 'managed-addon') {
    findings.push({
      severity: 'info',
      code: 'I_MANAGED_ADDON',
      message:
        'The VPC CNI is the EKS managed add-on vpc-cni: its settings change through UpdateAddon configurationValues, not a DaemonSet patch the next add-on update would revert.',
    });
    const values = parseConfigurationValues(cni.configurationValues);
    const valuesEnv = (values.env ?? {}) as Record<string, unknown>;
    if (
      cni.env.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG === 'true' &&
      valuesEnv.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG !== 'true'
    ) {
      findings.push({
        severity: 'warning',
        code: 'W_ADDON_DRIFT',
        message:
          "aws-node has custom networking set by hand, but the add-on's configurationValues do not: the next add-on update reverts it.",
        hint: 'The plan moves the setting into configurationValues.',
      });
    }
  }
  return findings;
}

export function validateLabel(snapshot: ClusterSnapshot, request: ResolvedRequest): Finding[] {
  const findings: Finding[] = [];
  if (request.labelDef === DEPRECATED_ZONE_LABEL) {
    findings.push({
      severity: 'warning',
      code: 'W_DEPRECATED_ZONE_LABEL',
      field: 'labelDef',
      message: `${DEPRECATED_ZONE_LABEL} is deprecated (removed from new nodes); ENIConfig selection by it will stop working.`,
      hint: `Use --label-def ${DEFAULT_LABEL_DEF}.`,
    });
  }
  const nodes = snapshot.kube.nodes.filter((n) => !isFargateNode(n));
  const lacking = nodes.filter((n) => n.labels[request.labelDef] === undefined);
  if (nodes.length > 0 && lacking.length > 0) {
    findings.push({
      severity: 'warning',
      code: 'W_LABEL_NOT_ON_NODES',
      field: 'labelDef',
      message: `${lacking.length} of ${nodes.length} node(s) lack the label ${request.labelDef}: the CNI finds no ENIConfig for them.`,
      hint: `Use --label-def ${DEFAULT_LABEL_DEF}, or label the nodes with their zone name.`,
    });
  }
  return findings;
}

export function validateCapacity(snapshot: ClusterSnapshot, request: ResolvedRequest): Finding[] {
  const findings: Finding[] = [];
  for (const ng of snapshot.nodegroups) {
    if (isReplacement(snapshot, ng)) continue;
    const unknown = ng.instanceTypes.filter((t) => !findInstanceType(t));
    if (unknown.length > 0) {
      findings.push({
        severity: 'warning',
        code: 'W_UNKNOWN_INSTANCE_TYPE',
        message: `Node group ${ng.name}: instance type(s) ${unknown.join(', ')} unknown to eks-cidr; max-pods not computed for them.`,
      });
    }
    const before = currentMaxPods(snapshot, ng);
    const after = customNetworkingMaxPods(snapshot, ng);
    if (before === undefined || after === undefined || after >= before) continue;
    if (after < request.minMaxPods && !request.allowCapacityLoss) {
      findings.push({
        severity: 'error',
        code: 'E_CAPACITY_LOSS',
        field: 'minMaxPods',
        message: `Node group ${ng.name} (${ng.instanceTypes.join(', ')}) would drop from ${before} to ${after} pods per node with custom networking, below the floor of ${request.minMaxPods}.`,
        hint: 'Use larger instance types, lower --min-max-pods, or pass --allow-capacity-loss.',
      });
    } else {
      findings.push({
        severity: 'warning',
        code: 'W_CAPACITY_LOSS',
        message: `Node group ${ng.name}: max-pods ${before} -> ${after} per node (the primary ENI serves no pods under custom networking).`,
      });
    }
  }
  return findings;
}

export function validateNodes(snapshot: ClusterSnapshot, request: ResolvedRequest): Finding[] {
  const findings: Finding[] = [];
  const selfManaged = selfManagedNodes(snapshot);
  if (selfManaged.length > 0) {
    findings.push({
      severity: 'warning',
      code: 'W_SELF_MANAGED_NODES',
      message: `${selfManaged.length} self-managed node(s) (${selfManaged
        .map((n) => n.name)
        .slice(0, 5)
        .join(', ')}${selfManaged.length > 5 ? ', ...' : ''}) cannot be replaced by eks-cidr.`,
      hint: "Replace them yourself after apply: launch new nodes with bootstrap arguments --use-max-pods false --kubelet-extra-args '--max-pods=<custom-networking max-pods>' (eks-cidr max-pods --custom-networking), then cordon, drain and terminate the old ones.",
    });
  }
  if (!request.rotateNodes) {
    findings.push({
      severity: 'warning',
      code: 'W_NODES_NOT_ROTATED',
      field: 'rotateNodes',
      message:
        'Nodes are not rotated (--no-rotate-nodes): existing nodes keep giving pods addresses from the node subnets until they are replaced.',
    });
  }
  if (snapshot.fargateProfiles.length > 0) {
    findings.push({
      severity: 'warning',
      code: 'W_FARGATE',
      message: `Fargate profile(s) ${snapshot.fargateProfiles.map((p) => p.name).join(', ')} are not changed: Fargate pods use the profile's subnets.`,
      hint: 'To move Fargate pods, create a Fargate profile with the new pod subnets.',
    });
  }
  for (const ng of snapshot.nodegroups) {
    if (!['ACTIVE', 'UPDATING'].includes(ng.status) && !isReplacement(snapshot, ng)) {
      findings.push({
        severity: 'warning',
        code: 'W_NODEGROUP_STATUS',
        message: `Node group ${ng.name} is ${ng.status}.`,
      });
    }
  }
  return findings;
}
