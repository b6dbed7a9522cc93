/**
 * Clusters: CreateCluster's validation (subnets in two zones of one VPC, the zones EKS's control plane
 * supports, the service CIDR), the cluster security group and control-plane ENIs EKS creates in the
 * customer's VPC, and the CREATING -> ACTIVE, DELETING -> gone transitions.
 */
import { contains, formatCidr, overlaps, parseCidr } from '../../../shared/cidr/index.js';
import type { Cidr } from '../../../shared/cidr/index.js';
import { arnPrefix, clusterEntry, findSubnet, now } from './context.js';
import type { EksContext } from './context.js';
import { DEFAULT_KUBERNETES_VERSION, PLATFORM_VERSION, SUPPORTED_KUBERNETES_VERSIONS } from './defaults.js';
import {
  InvalidParameterException,
  ResourceInUseException,
  UnsupportedAvailabilityZoneException,
} from './errors.js';
import { delayOf } from './ports.js';
import type { ClusterRecord, Tags } from './types.js';
import { validateName, validateTags } from './validation.js';

export interface CreateClusterInput {
  name: string;
  version?: string;
  roleArn: string;
  resourcesVpcConfig: {
    subnetIds?: string[];
    securityGroupIds?: string[];
    endpointPublicAccess?: boolean;
    endpointPrivateAccess?: boolean;
    publicAccessCidrs?: string[];
  };
  kubernetesNetworkConfig?: { serviceIpv4Cidr?: string; ipFamily?: string };
  accessConfig?: { authenticationMode?: string };
  bootstrapSelfManagedAddons?: boolean;
  clientRequestToken?: string;
  tags?: Tags;
}

/** Zones where EKS cannot place a control plane (us-east-1e has been refused for years). */
const UNSUPPORTED_CONTROL_PLANE_ZONES: ReadonlySet<string> = new Set(['us-east-1e']);

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((c) => parseCidr(c));

export function createCluster(ctx: EksContext, input: CreateClusterInput): ClusterRecord {
  validateName(input.name, 'name');
  const fields = { clusterName: input.name };
  const existing = ctx.state.clusters[input.name];
  if (existing) {
    if (input.clientRequestToken && existing.cluster.clientRequestToken === input.clientRequestToken) {
      return existing.cluster;
    }
    throw new ResourceInUseException(`Cluster already exists with name: ${input.name}`, fields);
  }
  const version = input.version ?? DEFAULT_KUBERNETES_VERSION;
  if (!(SUPPORTED_KUBERNETES_VERSIONS as readonly string[]).includes(version)) {
    throw new InvalidParameterException(`unsupported Kubernetes version ${version}`, fields);
  }
  if (!input.roleArn) throw new InvalidParameterException('roleArn is required', fields);
  const tags = validateTags(input.tags ?? {}, fields);

  const subnetIds = input.resourcesVpcConfig.subnetIds ?? [];
  const subnets = subnetIds.map((id) => {
    const subnet = findSubnet(ctx, id);
    if (!subnet) {
      throw new InvalidParameterException(
        `The subnet ID '${id}' does not exist (Service: AmazonEC2; Status Code: 400; Error Code: InvalidSubnetID.NotFound; Request ID: ${ctx.env.ids.uuid()}; Proxy: null)`,
        fields,
      );
    }
    return subnet;
  });
  const vpcIds = new Set(subnets.map((s) => s.vpcId));
  if (vpcIds.size > 1) {
    throw new InvalidParameterException('Subnets specified must belong to the same VPC.', fields);
  }
  const zones = [...new Set(subnets.map((s) => s.availabilityZone))];
  if (zones.length < 2) {
    throw new InvalidParameterException('Subnets specified must be in at least two different AZs', fields);
  }
  const badZone = zones.find((z) => UNSUPPORTED_CONTROL_PLANE_ZONES.has(z));
  if (badZone) {
    const validZones = zones.filter((z) => !UNSUPPORTED_CONTROL_PLANE_ZONES.has(z)).sort();
    throw new UnsupportedAvailabilityZoneException(
      `Cannot create cluster '${input.name}' because ${badZone}, the targeted availability zone, does not currently have sufficient capacity to support the cluster. Retry and choose from these availability zones: ${validZones.join(', ')}`,
      { ...fields, validZones },
    );
  }
  const vpcId = subnets[0]?.vpcId ?? '';
  const serviceIpv4Cidr = chooseServiceCidr(
    ctx,
    vpcId,
    input.kubernetesNetworkConfig?.serviceIpv4Cidr,
    fields,
  );

  const created = now(ctx);
  const sgSuffix = String(parseInt(ctx.env.ids.hex(8), 16) % 1e10).padStart(10, '0');
  const sgName = `eks-cluster-sg-${input.name}-${sgSuffix}`;
  const securityGroupIds = input.resourcesVpcConfig.securityGroupIds ?? [];
  const { groupId } = ctx.ec2.createSecurityGroup({
    groupName: sgName,
    description:
      'EKS created security group applied to ENI that is attached to EKS Control Plane master nodes, as well as any managed workloads.',
    vpcId,
    tags: [
      { key: 'Name', value: sgName },
      { key: `kubernetes.io/cluster/${input.name}`, value: 'owned' },
    ],
  });
  ctx.ec2.createTags([groupId], [{ key: 'aws:eks:cluster-name', value: input.name }], {
    allowReserved: true,
  });
  // EKS's default rules ("Amazon EKS security group requirements"): all traffic between members of
  // the group (control plane ENIs, managed nodes, pods on their ENIs); the group's default egress
  // (all traffic to 0.0.0.0/0) stays.
  ctx.ec2.authorizeSecurityGroupRules({
    groupId,
    isEgress: false,
    permissions: [{ ipProtocol: '-1', ipRanges: [], groups: [{ groupId }] }],
  });

  const cluster: ClusterRecord = {
    name: input.name,
    arn: `${arnPrefix(ctx)}:cluster/${input.name}`,
    id: ctx.env.ids.uuid(),
    createdAt: created,
    version,
    platformVersion: PLATFORM_VERSION,
    roleArn: input.roleArn,
    status: 'CREATING',
    dueAt: created + delayOf(ctx.env, 'clusterCreate'),
    resourcesVpcConfig: {
      subnetIds,
      securityGroupIds,
      clusterSecurityGroupId: groupId,
      vpcId,
      endpointPublicAccess: input.resourcesVpcConfig.endpointPublicAccess ?? true,
      endpointPrivateAccess: input.resourcesVpcConfig.endpointPrivateAccess ?? false,
      publicAccessCidrs: input.resourcesVpcConfig.publicAccessCidrs ?? ['0.0.0.0/0'],
    },
    kubernetesNetworkConfig: { serviceIpv4Cidr, ipFamily: 'ipv4' },
    oidcIssuer: `https://oidc.eks.${ctx.env.region}.amazonaws.com/id/${ctx.env.ids.hex(32).toUpperCase()}`,
    authenticationMode: input.accessConfig?.authenticationMode ?? 'CONFIG_MAP',
    bootstrapSelfManagedAddons: input.bootstrapSelfManagedAddons ?? true,
    ...(input.clientRequestToken ? { clientRequestToken: input.clientRequestToken } : {}),
    tags,
    controlPlaneEniIds: [],
  };
  cluster.controlPlaneEniIds = placeControlPlaneEnis(
    ctx,
    cluster,
    subnets.map((s) => s.subnetId),
  );
  ctx.state.clusters[input.name] = { cluster, nodegroups: {}, addons: {}, fargateProfiles: {}, updates: {} };
  ctx.kube.ensure?.(input.name, { version });
  return cluster;
}

/**
 * EKS puts cross-account ENIs for the control plane in the cluster's subnets (two, in different
 * zones); they hold subnet addresses like any ENI. A full subnet is skipped, as EKS tries the others.
 */
function placeControlPlaneEnis(ctx: EksContext, cluster: ClusterRecord, subnetIds: string[]): string[] {
  const ids: string[] = [];
  const usedZones = new Set<string>();
  for (const subnetId of subnetIds) {
    if (ids.length >= 2) break;
    const zone = findSubnet(ctx, subnetId)?.availabilityZone;
    if (!zone || usedZones.has(zone)) continue;
    try {
      const eni = ctx.ec2.createNetworkInterface({
        subnetId,
        groups: [
          cluster.resourcesVpcConfig.clusterSecurityGroupId,
          ...cluster.resourcesVpcConfig.securityGroupIds,
        ],
        description: `Amazon EKS ${cluster.name}`,
        tags: [],
      });
      ids.push(eni.networkInterfaceId);
      usedZones.add(zone);
    } catch {
      // No free address in this subnet: EKS uses another one.
    }
  }
  return ids;
}

function chooseServiceCidr(
  ctx: EksContext,
  vpcId: string,
  requested: string | undefined,
  fields: { clusterName: string },
): string {
  const vpcCidr = tryParse(ctx.ec2.getVpc(vpcId)?.cidrBlock);
  if (requested === undefined) {
    // EKS avoids the VPC's own range: 172.20.0.0/16 when the VPC is in 10.0.0.0/8.
    const tenRange = parseCidr('10.0.0.0/8');
    return vpcCidr && overlaps(vpcCidr, tenRange) ? '172.20.0.0/16' : '10.100.0.0/16';
  }
  const block = tryParse(requested);
  const invalid = (why: string) =>
    new InvalidParameterException(`The specified serviceIpv4Cidr '${requested}' is invalid: ${why}`, fields);
  if (!block) throw invalid('it is not a valid IPv4 CIDR block');
  if (block.prefix < 12 || block.prefix > 24) throw invalid('the prefix must be between /12 and /24');
  if (!PRIVATE_RANGES.some((range) => contains(range, block))) {
    throw invalid('it must be within 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16');
  }
  if (vpcCidr && overlaps(vpcCidr, block)) throw invalid(`it overlaps the VPC CIDR ${formatCidr(vpcCidr)}`);
  return formatCidr(block);
}

function tryParse(text: string | undefined): Cidr | undefined {
  if (text === undefined) return undefined;
  try {
    return parseCidr(text);
  } catch {
    return undefined;
  }
}

export function deleteCluster(ctx: EksContext, name: string): ClusterRecord {
  const entry = clusterEntry(ctx, name);
  const fields = { clusterName: name };
  if (Object.keys(entry.nodegroups).length > 0) {
    throw new ResourceInUseException('Cluster has nodegroups attached', fields);
  }
  if (Object.keys(entry.fargateProfiles).length > 0) {
    throw new ResourceInUseException('Cluster has fargate profiles attached', fields);
  }
  if (entry.cluster.status !== 'DELETING') {
    entry.cluster.status = 'DELETING';
    entry.cluster.dueAt = now(ctx) + delayOf(ctx.env, 'clusterDelete');
  }
  return entry.cluster;
}

/** Advances one cluster's own status; returns true when something changed. */
export function advanceCluster(ctx: EksContext, name: string, at: number): boolean {
  const entry = ctx.state.clusters[name];
  if (!entry) return false;
  const cluster = entry.cluster;
  if (cluster.dueAt === undefined || cluster.dueAt > at) return false;
  if (cluster.status === 'CREATING' || cluster.status === 'UPDATING') {
    cluster.status = 'ACTIVE';
    delete cluster.dueAt;
    return true;
  }
  if (cluster.status === 'DELETING') {
    for (const eniId of cluster.controlPlaneEniIds) ignoreErrors(() => ctx.ec2.deleteNetworkInterface(eniId));
    ignoreErrors(() => ctx.ec2.deleteSecurityGroup?.(cluster.resourcesVpcConfig.clusterSecurityGroupId));
    delete ctx.state.clusters[name];
    ctx.kube.remove?.(name);
    return true;
  }
  return false;
}

function ignoreErrors(action: () => void): void {
  try {
    action();
  } catch {
    // Already gone, or still in use elsewhere: EKS leaves it, as AWS does with orphaned resources.
  }
}
