/**
 * Read-only discovery of the AWS side: the EKS cluster, its node groups, add-on and Fargate profiles,
 * and the VPC with its CIDR associations, subnets, route tables, security groups and the region's
 * zones. Every list is paged through (SDK paginators); independent calls run in parallel with a bound.
 */
import type { EC2Client, IpPermission, RouteTable, Tag as Ec2Tag } from '@aws-sdk/client-ec2';
import type { EKSClient, Nodegroup } from '@aws-sdk/client-eks';
import { awsCall, awsErrorCode, toApiError, type AwsClients } from '../adapters/aws.js';
import { collectAwsPages } from '../gateway/pages.js';
import { usageError } from '../errors.js';
import type { Tag } from '../planner/types.js';
import { allLimit, mapLimit } from './concurrency.js';
import type {
  ClusterSnapshot,
  SnapshotCluster,
  SnapshotFargateProfile,
  SnapshotLaunchTemplate,
  SnapshotNodegroup,
  SnapshotNetworkInterface,
  SnapshotRouteTable,
  SnapshotSecurityGroup,
  SnapshotSecurityGroupRule,
  SnapshotSubnet,
  SnapshotVpc,
  SnapshotZone,
} from './snapshot.js';

export interface DiscoveredAddon {
  addonVersion: string;
  configurationValues?: string | undefined;
  serviceAccountRoleArn?: string | undefined;
  availableVersions?: { version: string; default: boolean }[] | undefined;
}

export type AwsSide = Omit<ClusterSnapshot, 'kube' | 'cni' | 'region'> & {
  addon?: DiscoveredAddon | undefined;
};

const tagsOf = (tags: Ec2Tag[] | undefined): Tag[] =>
  (tags ?? []).map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' }));

/**
 * Every item of a paged listing, each page under the retry policy on its own (gateway/pages.ts): a
 * throttled page is sent again, the pages before it are not.
 */
function collectPages<P extends { NextToken?: string | undefined } | { nextToken?: string | undefined }, T>(
  operation: string,
  fetchPage: (token: string | undefined) => Promise<P>,
  itemsOf: (page: P) => T[],
): Promise<T[]> {
  const next = (page: P) =>
    'NextToken' in page ? page.NextToken : 'nextToken' in page ? page.nextToken : undefined;
  return collectAwsPages(operation, fetchPage, next, itemsOf);
}

const inVpc = (vpcId: string) => ({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] });

export async function describeEksCluster(clients: AwsClients, name: string): Promise<SnapshotCluster> {
  const eks = await clients.eks();
  const { DescribeClusterCommand } = await import('@aws-sdk/client-eks');
  let out;
  try {
    out = await eks.send(new DescribeClusterCommand({ name }));
  } catch (err) {
    if (awsErrorCode(err) === 'ResourceNotFoundException') {
      throw usageError(
        'E_CLUSTER_NOT_FOUND',
        `No EKS cluster named '${name}' in region ${await clients.region()}.`,
        'Check --cluster and --region (aws eks list-clusters).',
      );
    }
    throw toApiError('DescribeCluster', err);
  }
  const c = out.cluster;
  const vpc = c?.resourcesVpcConfig;
  if (!c || !vpc?.vpcId)
    throw usageError('E_CLUSTER_NOT_FOUND', `EKS returned no VPC for cluster '${name}'.`);
  return {
    name,
    arn: c.arn,
    version: c.version ?? '',
    status: c.status ?? 'UNKNOWN',
    endpoint: c.endpoint ?? '',
    vpcId: vpc.vpcId,
    subnetIds: vpc.subnetIds ?? [],
    clusterSecurityGroupId: vpc.clusterSecurityGroupId,
    securityGroupIds: vpc.securityGroupIds ?? [],
    ipFamily: c.kubernetesNetworkConfig?.ipFamily,
  };
}

async function listNodegroups(eks: EKSClient, cluster: string, concurrency: number): Promise<Nodegroup[]> {
  const { ListNodegroupsCommand, DescribeNodegroupCommand } = await import('@aws-sdk/client-eks');
  const names = await collectPages(
    'ListNodegroups',
    (token) => eks.send(new ListNodegroupsCommand({ clusterName: cluster, nextToken: token })),
    (page) => page.nodegroups ?? [],
  );
  const described = await mapLimit(names, concurrency, (nodegroupName) =>
    awsCall('DescribeNodegroup', () =>
      eks.send(new DescribeNodegroupCommand({ clusterName: cluster, nodegroupName })),
    ),
  );
  return described.flatMap((d) => (d.nodegroup ? [d.nodegroup] : []));
}

async function launchTemplateOf(ec2: EC2Client, ng: Nodegroup): Promise<SnapshotLaunchTemplate | undefined> {
  const spec = ng.launchTemplate;
  if (!spec?.id && !spec?.name) return undefined;
  const { DescribeLaunchTemplateVersionsCommand } = await import('@aws-sdk/client-ec2');
  const version = spec.version ?? '$Default';
  const out = await awsCall('DescribeLaunchTemplateVersions', () =>
    ec2.send(
      new DescribeLaunchTemplateVersionsCommand({
        ...(spec.id ? { LaunchTemplateId: spec.id } : { LaunchTemplateName: spec.name }),
        Versions: [version],
      }),
    ),
  );
  const v = out.LaunchTemplateVersions?.[0];
  const userData = v?.LaunchTemplateData?.UserData;
  return {
    id: v?.LaunchTemplateId ?? spec.id ?? '',
    name: v?.LaunchTemplateName ?? spec.name,
    version: v?.VersionNumber !== undefined ? String(v.VersionNumber) : version,
    imageId: v?.LaunchTemplateData?.ImageId,
    instanceType: v?.LaunchTemplateData?.InstanceType,
    userData: userData ? Buffer.from(userData, 'base64').toString('utf8') : undefined,
  };
}

function toNodegroup(ng: Nodegroup, launchTemplate: SnapshotLaunchTemplate | undefined): SnapshotNodegroup {
  return {
    name: ng.nodegroupName ?? '',
    status: ng.status ?? 'UNKNOWN',
    instanceTypes: ng.instanceTypes?.length
      ? ng.instanceTypes
      : launchTemplate?.instanceType
        ? [launchTemplate.instanceType]
        : [],
    subnets: ng.subnets ?? [],
    amiType: ng.amiType,
    capacityType: ng.capacityType,
    releaseVersion: ng.releaseVersion,
    nodeRole: ng.nodeRole ?? '',
    scaling: {
      minSize: ng.scalingConfig?.minSize ?? 0,
      maxSize: ng.scalingConfig?.maxSize ?? 0,
      desiredSize: ng.scalingConfig?.desiredSize ?? 0,
    },
    labels: ng.labels ?? {},
    taints: (ng.taints ?? []).map((t) => ({ key: t.key ?? '', value: t.value, effect: t.effect ?? '' })),
    tags: ng.tags ?? {},
    diskSize: ng.diskSize,
    launchTemplate,
    ...(ng.updateConfig
      ? {
          updateConfig: {
            maxUnavailable: ng.updateConfig.maxUnavailable,
            maxUnavailablePercentage: ng.updateConfig.maxUnavailablePercentage,
          },
        }
      : {}),
  };
}

async function describeAddon(eks: EKSClient, cluster: string) {
  const { DescribeAddonCommand } = await import('@aws-sdk/client-eks');
  try {
    const out = await eks.send(new DescribeAddonCommand({ clusterName: cluster, addonName: 'vpc-cni' }));
    // An add-on being deleted no longer manages aws-node: what is left (if preserved) is self-managed.
    if (out.addon?.status === 'DELETING') return undefined;
    return out.addon
      ? {
          addonVersion: out.addon.addonVersion ?? '',
          configurationValues: out.addon.configurationValues,
          serviceAccountRoleArn: out.addon.serviceAccountRoleArn,
        }
      : undefined;
  } catch (err) {
    if (awsErrorCode(err) === 'ResourceNotFoundException') return undefined;
    throw toApiError('DescribeAddon', err);
  }
}

/** An optional read the identity may not make (or a cluster deleted meanwhile): left out, not fatal. */
function deniedOrMissing(err: unknown): boolean {
  const cause = (err as { cause?: unknown }).cause;
  const code = awsErrorCode(cause) ?? awsErrorCode(err) ?? (err as { code?: unknown }).code;
  return typeof code === 'string' && /AccessDenied|ACCESS_DENIED|ResourceNotFound/.test(code);
}

/**
 * The vpc-cni versions EKS offers for this Kubernetes version (newest first), for the subnet-discovery
 * decision. Undefined when they cannot be read (the decision then offers no add-on update).
 */
async function addonVersions(
  eks: EKSClient,
  kubernetesVersion: string,
): Promise<{ version: string; default: boolean }[] | undefined> {
  const { DescribeAddonVersionsCommand } = await import('@aws-sdk/client-eks');
  try {
    const addons = await collectPages(
      'DescribeAddonVersions',
      (token) =>
        eks.send(
          new DescribeAddonVersionsCommand({
            addonName: 'vpc-cni',
            ...(kubernetesVersion ? { kubernetesVersion } : {}),
            nextToken: token,
          }),
        ),
      (page) => page.addons ?? [],
    );
    return addons
      .filter((a) => a.addonName === 'vpc-cni')
      .flatMap((a) => a.addonVersions ?? [])
      .flatMap((v) =>
        v.addonVersion
          ? [
              {
                version: v.addonVersion,
                default: (v.compatibilities ?? []).some(
                  (c) =>
                    c.defaultVersion === true &&
                    (!kubernetesVersion || c.clusterVersion === kubernetesVersion),
                ),
              },
            ]
          : [],
      );
  } catch (err) {
    if (deniedOrMissing(err)) return undefined;
    throw err;
  }
}

/**
 * The other EKS clusters of the region whose VPC is this one: subnet-discovery subnets then get a
 * cluster-scoped tag so their VPC CNI leaves them alone. Undefined when clusters cannot be listed.
 */
async function clustersInVpc(
  eks: EKSClient,
  cluster: SnapshotCluster,
  concurrency: number,
): Promise<string[] | undefined> {
  const { ListClustersCommand, DescribeClusterCommand } = await import('@aws-sdk/client-eks');
  try {
    const names = await collectPages(
      'ListClusters',
      (token) => eks.send(new ListClustersCommand({ nextToken: token })),
      (page) => page.clusters ?? [],
    );
    const others = names.filter((n) => n !== cluster.name);
    const vpcs = await mapLimit(others, concurrency, async (name) => {
      const out = await awsCall('DescribeCluster', () => eks.send(new DescribeClusterCommand({ name })));
      return out.cluster?.resourcesVpcConfig?.vpcId;
    });
    return others.filter((_, i) => vpcs[i] === cluster.vpcId).sort();
  } catch (err) {
    if (deniedOrMissing(err)) return undefined;
    throw err;
  }
}

/** Every add-on of the cluster with its version and configuration values (ListAddons, DescribeAddon). */
async function listAddons(
  eks: EKSClient,
  cluster: string,
  concurrency: number,
): Promise<NonNullable<AwsSide['addons']>> {
  const { ListAddonsCommand, DescribeAddonCommand } = await import('@aws-sdk/client-eks');
  const names = await collectPages(
    'ListAddons',
    (token) => eks.send(new ListAddonsCommand({ clusterName: cluster, nextToken: token })),
    (page) => page.addons ?? [],
  );
  const out = await mapLimit(names, concurrency, (addonName) =>
    awsCall('DescribeAddon', () => eks.send(new DescribeAddonCommand({ clusterName: cluster, addonName }))),
  );
  return out.map((o, i) => ({
    name: o.addon?.addonName ?? names[i] ?? '',
    version: o.addon?.addonVersion ?? '',
    ...(o.addon?.configurationValues ? { configurationValues: o.addon.configurationValues } : {}),
  }));
}

async function listFargateProfiles(
  eks: EKSClient,
  cluster: string,
  concurrency: number,
): Promise<SnapshotFargateProfile[]> {
  const { ListFargateProfilesCommand, DescribeFargateProfileCommand } = await import('@aws-sdk/client-eks');
  const names = await collectPages(
    'ListFargateProfiles',
    (token) => eks.send(new ListFargateProfilesCommand({ clusterName: cluster, nextToken: token })),
    (page) => page.fargateProfileNames ?? [],
  );
  const out = await mapLimit(names, concurrency, (fargateProfileName) =>
    awsCall('DescribeFargateProfile', () =>
      eks.send(new DescribeFargateProfileCommand({ clusterName: cluster, fargateProfileName })),
    ),
  );
  return out.map((o, i) => ({
    name: o.fargateProfile?.fargateProfileName ?? names[i] ?? '',
    subnets: o.fargateProfile?.subnets ?? [],
  }));
}

async function describeVpc(ec2: EC2Client, vpcId: string): Promise<SnapshotVpc> {
  const { DescribeVpcsCommand } = await import('@aws-sdk/client-ec2');
  const out = await awsCall('DescribeVpcs', () => ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] })));
  const vpc = out.Vpcs?.[0];
  if (!vpc) throw usageError('E_VPC_NOT_FOUND', `The cluster's VPC ${vpcId} was not found.`);
  const associations = (vpc.CidrBlockAssociationSet ?? []).map((a) => ({
    associationId: a.AssociationId ?? '',
    cidr: a.CidrBlock ?? '',
    state: a.CidrBlockState?.State ?? 'unknown',
  }));
  // The primary block first, as the shared CIDR rules expect.
  associations.sort((a, b) => Number(b.cidr === vpc.CidrBlock) - Number(a.cidr === vpc.CidrBlock));
  return { vpcId, cidrAssociations: associations, tags: tagsOf(vpc.Tags) };
}

async function listSubnets(ec2: EC2Client, vpcId: string): Promise<SnapshotSubnet[]> {
  const { DescribeSubnetsCommand } = await import('@aws-sdk/client-ec2');
  return collectPages(
    'DescribeSubnets',
    (token) => ec2.send(new DescribeSubnetsCommand({ ...inVpc(vpcId), NextToken: token })),
    (page) =>
      (page.Subnets ?? []).map((s) => ({
        subnetId: s.SubnetId ?? '',
        vpcId: s.VpcId ?? vpcId,
        cidr: s.CidrBlock ?? '',
        zone: s.AvailabilityZone ?? '',
        zoneId: s.AvailabilityZoneId,
        availableIpAddressCount: s.AvailableIpAddressCount ?? 0,
        tags: tagsOf(s.Tags),
      })),
  );
}

function routeTableOf(t: RouteTable): SnapshotRouteTable {
  const associations = (t.Associations ?? []).map((a) => ({
    associationId: a.RouteTableAssociationId ?? '',
    subnetId: a.SubnetId,
    main: a.Main === true,
  }));
  return {
    routeTableId: t.RouteTableId ?? '',
    main: associations.some((a) => a.main),
    associations,
    routes: (t.Routes ?? [])
      .filter((r) => r.DestinationCidrBlock)
      .map((r) => ({
        destination: r.DestinationCidrBlock ?? '',
        target:
          r.NatGatewayId ??
          r.GatewayId ??
          r.TransitGatewayId ??
          r.VpcPeeringConnectionId ??
          r.NetworkInterfaceId ??
          r.InstanceId ??
          '',
        state: r.State,
      })),
  };
}

async function listRouteTables(ec2: EC2Client, vpcId: string): Promise<SnapshotRouteTable[]> {
  const { DescribeRouteTablesCommand } = await import('@aws-sdk/client-ec2');
  return collectPages(
    'DescribeRouteTables',
    (token) => ec2.send(new DescribeRouteTablesCommand({ ...inVpc(vpcId), NextToken: token })),
    (page) => (page.RouteTables ?? []).map(routeTableOf),
  );
}

async function listZones(ec2: EC2Client): Promise<SnapshotZone[]> {
  const { DescribeAvailabilityZonesCommand } = await import('@aws-sdk/client-ec2');
  const out = await awsCall('DescribeAvailabilityZones', () =>
    ec2.send(new DescribeAvailabilityZonesCommand({})),
  );
  return (out.AvailabilityZones ?? []).map((z) => ({
    zoneName: z.ZoneName ?? '',
    zoneId: z.ZoneId ?? '',
    state: z.State ?? 'available',
  }));
}

function rulesOf(permissions: IpPermission[] | undefined, isEgress: boolean): SnapshotSecurityGroupRule[] {
  return (permissions ?? []).flatMap((p) => {
    const base = { isEgress, protocol: p.IpProtocol ?? '-1', fromPort: p.FromPort, toPort: p.ToPort };
    return [
      ...(p.IpRanges ?? []).map((r) => ({ ...base, cidr: r.CidrIp })),
      ...(p.UserIdGroupPairs ?? []).map((g) => ({ ...base, groupId: g.GroupId })),
    ];
  });
}

async function listSecurityGroups(ec2: EC2Client, vpcId: string): Promise<SnapshotSecurityGroup[]> {
  const { DescribeSecurityGroupsCommand } = await import('@aws-sdk/client-ec2');
  return collectPages(
    'DescribeSecurityGroups',
    (token) => ec2.send(new DescribeSecurityGroupsCommand({ ...inVpc(vpcId), NextToken: token })),
    (page) =>
      (page.SecurityGroups ?? []).flatMap((g) =>
        g.GroupId
          ? [
              {
                groupId: g.GroupId,
                groupName: g.GroupName ?? '',
                rules: [...rulesOf(g.IpPermissions, false), ...rulesOf(g.IpPermissionsEgress, true)],
              },
            ]
          : [],
      ),
  );
}

/** Every ENI of the VPC with its addresses and groups (doctor, the address map). */
export async function listNetworkInterfaces(
  ec2: EC2Client,
  vpcId: string,
): Promise<SnapshotNetworkInterface[]> {
  const { DescribeNetworkInterfacesCommand } = await import('@aws-sdk/client-ec2');
  return collectPages(
    'DescribeNetworkInterfaces',
    (token) => ec2.send(new DescribeNetworkInterfacesCommand({ ...inVpc(vpcId), NextToken: token })),
    (page) =>
      (page.NetworkInterfaces ?? []).map((e) => ({
        networkInterfaceId: e.NetworkInterfaceId ?? '',
        subnetId: e.SubnetId ?? '',
        description: e.Description ?? '',
        instanceId: e.Attachment?.InstanceId,
        deviceIndex: e.Attachment?.DeviceIndex,
        groups: (e.Groups ?? []).flatMap((g) => (g.GroupId ? [g.GroupId] : [])),
        privateIps: (e.PrivateIpAddresses ?? []).flatMap((a) =>
          a.PrivateIpAddress ? [a.PrivateIpAddress] : [],
        ),
        prefixes: (e.Ipv4Prefixes ?? []).flatMap((p) => (p.Ipv4Prefix ? [p.Ipv4Prefix] : [])),
      })),
  );
}

/** Everything on the AWS side for a cluster already described. */
export async function discoverAws(
  clients: AwsClients,
  cluster: SnapshotCluster,
  options: {
    concurrency: number;
    signal?: AbortSignal | undefined;
    networkInterfaces?: boolean | undefined;
    addons?: boolean | undefined;
  },
): Promise<AwsSide> {
  const [ec2, eks] = await Promise.all([clients.ec2(), clients.eks()]);
  const { concurrency, signal } = options;
  const [vpc, subnets, routeTables, zones, securityGroups, nodegroups, addon, fargateProfiles, enis, addons] =
    (await allLimit<unknown>(
      [
        () => describeVpc(ec2, cluster.vpcId),
        () => listSubnets(ec2, cluster.vpcId),
        () => listRouteTables(ec2, cluster.vpcId),
        () => listZones(ec2),
        () => listSecurityGroups(ec2, cluster.vpcId),
        () => listNodegroups(eks, cluster.name, concurrency),
        () => describeAddon(eks, cluster.name),
        () => listFargateProfiles(eks, cluster.name, concurrency),
        async () => (options.networkInterfaces ? listNetworkInterfaces(ec2, cluster.vpcId) : undefined),
        async () => (options.addons ? listAddons(eks, cluster.name, concurrency) : undefined),
      ],
      concurrency,
      signal,
    )) as [
      SnapshotVpc,
      SnapshotSubnet[],
      SnapshotRouteTable[],
      SnapshotZone[],
      SnapshotSecurityGroup[],
      Nodegroup[],
      AwsSide['addon'],
      SnapshotFargateProfile[],
      SnapshotNetworkInterface[] | undefined,
      AwsSide['addons'],
    ];
  const launchTemplates = await mapLimit(nodegroups, concurrency, (ng) => launchTemplateOf(ec2, ng), signal);
  const [availableVersions, vpcClusters] = await Promise.all([
    addon ? addonVersions(eks, cluster.version) : Promise.resolve(undefined),
    clustersInVpc(eks, cluster, concurrency),
  ]);
  return {
    cluster,
    vpc,
    subnets,
    routeTables,
    zones,
    securityGroupIds: securityGroups.map((g) => g.groupId),
    securityGroups,
    ...(enis ? { networkInterfaces: enis } : {}),
    nodegroups: nodegroups.map((ng, i) => toNodegroup(ng, launchTemplates[i])),
    addon: addon ? { ...addon, availableVersions } : undefined,
    ...(addons ? { addons } : {}),
    fargateProfiles,
    vpcClusters,
  };
}

/** The caller's account, for the plan header (GetCallerIdentity also proves the credentials work). */
export async function callerAccount(clients: AwsClients): Promise<string | undefined> {
  const sts = await clients.sts();
  const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
  const out = await awsCall('GetCallerIdentity', () => sts.send(new GetCallerIdentityCommand({})));
  return out.Account;
}
