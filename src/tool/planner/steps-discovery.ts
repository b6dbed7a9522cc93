/**
 * The subnet-discovery plan (docs/modes.md): associate the block, one pod subnet per zone tagged at
 * creation with `kubernetes.io/role/cni=1` (and the cluster-scoped tag when other EKS clusters share
 * the VPC), route tables like the node subnets, the vpc-cni add-on moved to a version with discovery
 * when needed, and ENABLE_SUBNET_DISCOVERY kept true. No ENIConfig, no node rotation, no max-pods
 * change: existing nodes put their next ENI in the new subnets. Pure.
 */
import {
  SUBNET_DISCOVERY_ENV,
  SUBNET_DISCOVERY_IAM_ACTION,
  SUBNET_DISCOVERY_MIN_CNI,
  SUBNET_DISCOVERY_TAG,
  SUBNET_EXCLUSION_MIN_CNI,
  subnetDiscoveryClusterTag,
  usableAddressCount,
} from '../../shared/aws-facts/index.js';
import type { ClusterSnapshot } from '../discover/snapshot.js';
import { capacitySummary } from './capacity.js';
import { effectiveCniEnv } from './mode.js';
import { prefixDelegationEnv } from './prefix-delegation.js';
import { capacityModel, targetAddressMode } from './capacity-model.js';
import { nodegroupSteps } from './steps-nodegroups.js';
import { replacementMaxPods } from './target-max-pods.js';
import { CNI_STEP_ID, parseConfigurationValues } from './steps-cni.js';
import { afterNodeSubnetTags, stopNodeSubnetSteps } from './stop-node-subnets.js';
import {
  associateCidrStep,
  createSubnetSteps,
  existingPodSubnet,
  routeTableSteps,
  subnetStepId,
} from './steps-network.js';
import type {
  CapacitySummary,
  ConfigureCniStep,
  CreateSubnetStep,
  Finding,
  Plan,
  PlanStep,
  ResolvedRequest,
  Tag,
  TagSubnetStep,
  UpdateAddonVersionStep,
} from './types.js';

export const ADDON_VERSION_STEP_ID = 'vpc-cni-version';
export const discoveryTagStepId = (zone: string) => `subnet-tags:${zone}`;

/** The tags that make a pod subnet one the VPC CNI discovers, for this cluster only when the VPC is shared. */
export function discoveryTags(snapshot: ClusterSnapshot, cluster: string): Tag[] {
  const tags: Tag[] = [{ key: SUBNET_DISCOVERY_TAG, value: '1' }];
  if ((snapshot.vpcClusters ?? []).some((name) => name !== cluster)) {
    tags.push({ key: subnetDiscoveryClusterTag(cluster), value: 'shared' });
  }
  return tags;
}

const hasTag = (tags: readonly Tag[], tag: Tag) =>
  tags.some((t) => t.key === tag.key && t.value === tag.value);

/** New pod subnets carry the discovery tags from CreateSubnet (TagSpecifications). */
function withDiscoveryTags(steps: CreateSubnetStep[], tags: Tag[]): CreateSubnetStep[] {
  return steps.map((s) => ({ ...s, desired: { ...s.desired, tags: [...s.desired.tags, ...tags] } }));
}

/** Pod subnets eks-cidr made before without the tags (an earlier custom-networking run): tag them. */
function tagExistingSteps(snapshot: ClusterSnapshot, request: ResolvedRequest, tags: Tag[]): TagSubnetStep[] {
  return request.zones.flatMap((zone): TagSubnetStep[] => {
    const cidr = request.zoneSubnets[zone];
    const existing = cidr ? existingPodSubnet(snapshot, zone, cidr) : undefined;
    if (!existing) return [];
    const missing = tags.filter((t) => !hasTag(existing.tags, t));
    if (missing.length === 0) return [];
    return [
      {
        id: discoveryTagStepId(zone),
        kind: 'tag-subnet',
        action: 'update',
        reason: `${existing.subnetId} lacks ${missing.map((t) => `${t.key}=${t.value}`).join(', ')}: tag it so the VPC CNI discovers it.`,
        dependsOn: [subnetStepId(zone)],
        target: { subnet: { stepId: subnetStepId(zone), zone, subnetId: existing.subnetId } },
        desired: { tags: missing },
        current: { tags: existing.tags },
      },
    ];
  });
}

function addonVersionStep(request: ResolvedRequest, dependsOn: string[]): UpdateAddonVersionStep | undefined {
  const update = request.modeDecision?.addonVersionUpdate;
  if (!update) return undefined;
  return {
    id: ADDON_VERSION_STEP_ID,
    kind: 'update-addon-version',
    action: 'update',
    reason: `vpc-cni ${update.from} ${request.stopNodeSubnetPods ? `does not honour ${SUBNET_DISCOVERY_TAG}=0 (${SUBNET_EXCLUSION_MIN_CNI}+)` : `has no subnet discovery (${SUBNET_DISCOVERY_MIN_CNI}+)`}: move the add-on to ${update.to} (UpdateAddon addonVersion; its configurationValues are kept, aws-node rolls onto the new image).`,
    dependsOn,
    target: { addonName: 'vpc-cni' },
    desired: { addonVersion: update.to },
    current: { addonVersion: update.from },
  };
}

/** ENABLE_SUBNET_DISCOVERY must not be false; where it is, set it to true the way the cluster runs the CNI. */
export function discoveryCniStep(
  snapshot: ClusterSnapshot,
  env: Record<string, string>,
  dependsOn: string[],
): ConfigureCniStep | undefined {
  const cni = snapshot.cni;
  if (cni.install === 'absent') return undefined;
  const effective = effectiveCniEnv(snapshot);
  const current = Object.fromEntries(
    Object.keys(env).flatMap((k) => (effective[k] !== undefined ? [[k, effective[k]]] : [])),
  );
  const satisfied = Object.entries(env).every(
    ([k, v]) => effective[k] === v || (k === SUBNET_DISCOVERY_ENV && effective[k]?.toLowerCase() !== 'false'),
  );
  const noOpReason = `${SUBNET_DISCOVERY_ENV} is not false (its default is true): the VPC CNI discovers tagged subnets.`;
  if (cni.install === 'self-managed') {
    const base = {
      id: CNI_STEP_ID,
      kind: 'configure-cni' as const,
      dependsOn,
      target: {
        mode: 'self-managed' as const,
        namespace: 'kube-system' as const,
        daemonSet: 'aws-node' as const,
      },
      desired: { env },
      current: { env: current },
    };
    return satisfied
      ? { ...base, action: 'no-op', reason: noOpReason }
      : {
          ...base,
          action: 'update',
          reason: `Set ${Object.entries(env)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')} on the aws-node DaemonSet.`,
        };
  }
  const values = parseConfigurationValues(cni.configurationValues);
  const valuesEnv =
    values.env && typeof values.env === 'object' ? (values.env as Record<string, unknown>) : {};
  const base = {
    id: CNI_STEP_ID,
    kind: 'configure-cni' as const,
    dependsOn,
    target: { mode: 'managed-addon' as const, addonName: 'vpc-cni' as const, addonVersion: cni.addonVersion },
    current: { env: current, configurationValues: cni.configurationValues },
  };
  if (satisfied)
    return {
      ...base,
      desired: { env, configurationValues: cni.configurationValues },
      action: 'no-op',
      reason: noOpReason,
    };
  return {
    ...base,
    desired: { env, configurationValues: JSON.stringify({ ...values, env: { ...valuesEnv, ...env } }) },
    action: 'update',
    reason: `Set ${Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')} through the vpc-cni add-on's configurationValues, so add-on updates keep it.`,
  };
}

/** Subnet discovery changes no node: max-pods stays; pods gain the pod subnets beside the node subnets. */
function discoverySummary(
  snapshot: ClusterSnapshot,
  request: ResolvedRequest,
  steps: PlanStep[],
): CapacitySummary {
  const summary = capacitySummary(snapshot, request, steps);
  const zones = summary.zones.map((z) => {
    const existing = z.podSubnetCidr ? existingPodSubnet(snapshot, z.zone, z.podSubnetCidr) : undefined;
    const pod = existing
      ? existing.availableIpAddressCount
      : z.podSubnetCidr
        ? usableAddressCount(z.podSubnetCidr)
        : 0;
    // Node subnets tagged 0 (--stop-node-subnet-pods) feed no pods: only the pod subnet counts.
    return { ...z, podAddressesAfter: (request.stopNodeSubnetPods ? 0 : z.podAddressesBefore) + pod };
  });
  return {
    zones,
    nodegroups: summary.nodegroups.map((n) => {
      const ng = snapshot.nodegroups.find((g) => g.name === n.nodegroup);
      // Replaced or rolled only for prefix delegation's max-pods: the new nodes get the prefix formula's.
      const rotate = steps.some(
        (s) =>
          (s.kind === 'create-nodegroup' && s.desired.replaces === n.nodegroup) ||
          (s.kind === 'roll-nodegroup' && s.target.nodegroupName === n.nodegroup),
      );
      const after = rotate && ng ? replacementMaxPods(snapshot, request, ng) : undefined;
      return { ...n, maxPodsAfter: after ?? n.maxPodsBefore, rotate };
    }),
    totals: {
      podAddressesBefore: summary.totals.podAddressesBefore,
      podAddressesAfter: zones.reduce((sum, z) => sum + z.podAddressesAfter, 0),
    },
  };
}

/** Where the CNI's AWS permissions come from: its IRSA role, else the node role. */
function iamNote(snapshot: ClusterSnapshot): Finding {
  const cni = snapshot.cni;
  const irsa = cni.install === 'managed-addon' ? cni.serviceAccountRoleArn : undefined;
  const nodeRoles = [...new Set(snapshot.nodegroups.map((ng) => ng.nodeRole).filter((r) => r))];
  const role = irsa
    ? `the vpc-cni add-on's role ${irsa}`
    : nodeRoles.length > 0
      ? `the node role${nodeRoles.length > 1 ? 's' : ''} ${nodeRoles.join(', ')} (the add-on has no IAM role of its own)`
      : "the VPC CNI's IAM role";
  return {
    severity: 'info',
    code: 'I_CNI_IAM_DESCRIBE_SUBNETS',
    message: `Subnet discovery needs ${SUBNET_DISCOVERY_IAM_ACTION} in ${role}; the AWS managed policy AmazonEKS_CNI_Policy has it.`,
    hint: `Without it the CNI keeps using the node subnets only; check with: aws iam simulate-principal-policy --action-names ${SUBNET_DISCOVERY_IAM_ACTION} --policy-source-arn <role arn>.`,
  };
}

/** The steps of subnet-discovery mode, in dependency order. */
export function discoverySteps(snapshot: ClusterSnapshot, request: ResolvedRequest): PlanStep[] {
  const tags = discoveryTags(snapshot, request.cluster);
  const subnets = withDiscoveryTags(createSubnetSteps(snapshot, request), tags);
  const routes = routeTableSteps(snapshot, request);
  const tagging = tagExistingSteps(snapshot, request, tags);
  const network = [...subnets.map((s) => s.id), ...routes.map((s) => s.id), ...tagging.map((s) => s.id)];
  const version = addonVersionStep(request, network);
  const env = { [SUBNET_DISCOVERY_ENV]: 'true', ...prefixDelegationEnv(snapshot, request) };
  const cni = discoveryCniStep(snapshot, env, version ? [...network, version.id] : network);
  // --stop-node-subnet-pods: the node subnets are tagged 0 once the pod subnets serve pods.
  const stop = stopNodeSubnetSteps(snapshot, request, [
    ...network,
    ...(version ? [version.id] : []),
    ...(cni ? [cni.id] : []),
  ]);
  return [
    associateCidrStep(snapshot, request),
    ...subnets,
    ...routes,
    ...tagging,
    ...(version ? [version] : []),
    ...(cni ? [cni] : []),
    ...stop,
    // Node groups are replaced only for max-pods: prefix delegation's, or the node subnets' exclusion
    // (planner/target-max-pods.ts); after the tag, so the new nodes start with it.
    ...afterNodeSubnetTags(nodegroupSteps(snapshot, request, cni?.action === 'no-op'), stop),
  ];
}

export function deriveDiscoveryPlan(
  snapshot: ClusterSnapshot,
  request: ResolvedRequest,
  warnings: Finding[],
): Plan {
  const steps = discoverySteps(snapshot, request);
  return {
    schemaVersion: 1,
    cluster: snapshot.cluster.name,
    region: snapshot.region,
    vpcId: snapshot.vpc.vpcId,
    request,
    steps,
    summary: discoverySummary(snapshot, request, steps),
    capacity: capacityModel({ snapshot, steps, targetMode: targetAddressMode(snapshot, request) }),
    warnings: [...warnings.filter((f) => f.severity !== 'error'), iamNote(snapshot)],
  };
}
