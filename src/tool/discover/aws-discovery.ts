/**
 * Read-only discovery of the AWS side: the EKS cluster, its node groups, add-on and Fargate profiles,
 * and the VPC with its CIDR associations, subnets, route tables, security groups and the region's
 * zones. Every list is paged through (SDK paginators); independent calls run in parallel with a bound.
 */
import type { EC2Client, RouteTable, Tag as Ec2Tag } from '@aws-sdk/client-ec2';
import type { EKSClient, Nodegroup } from '@aws-sdk/client-eks';
import { awsCall, awsErrorCode, toApiError, type AwsClients } from '../adapters/aws.js';
import { withRetry } from '../engine/retry.js';
import { usageError } from '../errors.js';
import type { Tag } from '../planner/types.js';
import { allLimit, mapLimit } from './concurrency.js';
import type {
  ClusterSnapshot,
  SnapshotCluster,
  SnapshotFargateProfile,
  SnapshotLaunchTemplate,
  SnapshotNodegroup,
  SnapshotRouteTable,
  SnapshotSubnet,
  SnapshotVpc,
  SnapshotZone,
} from './snapshot.js';

export type AwsSide = Omit<ClusterSnapshot, 'kube' | 'cni' | 'region'> & {
  addon?: { addonVersion: string; configurationValues?: string | undefined } | undefined;
};

const tagsOf = (tags: Ec2Tag[] | undefined): Tag[] =>
  (tags ?? []).map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' }));

/** Walks every page of an SDK paginator inside one `awsCall` and flattens the items of each page. */
async function collectPages<P, T>(
  operation: string,
  pages: () => AsyncIterable<P>,
  itemsOf: (page: P) => T[],
): Promise<T[]> {
  const items: T[] = [];
  await awsCall(operation, async () => {
    for await (const page of pages()) items.push(...itemsOf(page));
  });
  return items;
}

const inVpc = (vpcId: string) => ({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] });

export async function describeEksCluster(clients: AwsClients, name: string): Promise<SnapshotCluster> {
  const eks = await clients.eks();
  const { DescribeClusterCommand } = await import('@aws-sdk/client-eks');
  let out;
  try {
    out = await withRetry(() => eks.send(new DescribeClusterCommand({ name })));
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
  };
}

async function listNodegroups(eks: EKSClient, cluster: string, concurrency: number): Promise<Nodegroup[]> {
  const { paginateListNodegroups, DescribeNodegroupCommand } = await import('@aws-sdk/client-eks');
  const names = await collectPages(
    'ListNodegroups',
    () => paginateListNodegroups({ client: eks }, { clusterName: cluster }),
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
  };
}

async function describeAddon(eks: EKSClient, cluster: string) {
  const { DescribeAddonCommand } = await import('@aws-sdk/client-eks');
  try {
    const out = await withRetry(() =>
      eks.send(new DescribeAddonCommand({ clusterName: cluster, addonName: 'vpc-cni' })),
    );
    // An add-on being deleted no longer manages aws-node: what is left (if preserved) is self-managed.
    if (out.addon?.status === 'DELETING') return undefined;
    return out.addon
      ? { addonVersion: out.addon.addonVersion ?? '', configurationValues: out.addon.configurationValues }
      : undefined;
  } catch (err) {
    if (awsErrorCode(err) === 'ResourceNotFoundException') return undefined;
    throw toApiError('DescribeAddon', err);
  }
}

async function listFargateProfiles(
  eks: EKSClient,
  cluster: string,
  concurrency: number,
): Promise<SnapshotFargateProfile[]> {
  const { paginateListFargateProfiles, DescribeFargateProfileCommand } = await import('@aws-sdk/client-eks');
  const names = await collectPages(
    'ListFargateProfiles',
    () => paginateListFargateProfiles({ client: eks }, { clusterName: cluster }),
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
  const { paginateDescribeSubnets } = await import('@aws-sdk/client-ec2');
  return collectPages(
    'DescribeSubnets',
    () => paginateDescribeSubnets({ client: ec2 }, inVpc(vpcId)),
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
  const { paginateDescribeRouteTables } = await import('@aws-sdk/client-ec2');
  return collectPages(
    'DescribeRouteTables',
    () => paginateDescribeRouteTables({ client: ec2 }, inVpc(vpcId)),
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

async function listSecurityGroupIds(ec2: EC2Client, vpcId: string): Promise<string[]> {
  const { paginateDescribeSecurityGroups } = await import('@aws-sdk/client-ec2');
  return collectPages(
    'DescribeSecurityGroups',
    () => paginateDescribeSecurityGroups({ client: ec2 }, inVpc(vpcId)),
    (page) => (page.SecurityGroups ?? []).flatMap((g) => (g.GroupId ? [g.GroupId] : [])),
  );
}

/** Everything on the AWS side for a cluster already described. */
export async function discoverAws(
  clients: AwsClients,
  cluster: SnapshotCluster,
  options: { concurrency: number; signal?: AbortSignal | undefined },
): Promise<AwsSide> {
  const [ec2, eks] = await Promise.all([clients.ec2(), clients.eks()]);
  const { concurrency, signal } = options;
  const [vpc, subnets, routeTables, zones, securityGroupIds, nodegroups, addon, fargateProfiles] =
    (await allLimit<unknown>(
      [
        () => describeVpc(ec2, cluster.vpcId),
        () => listSubnets(ec2, cluster.vpcId),
        () => listRouteTables(ec2, cluster.vpcId),
        () => listZones(ec2),
        () => listSecurityGroupIds(ec2, cluster.vpcId),
        () => listNodegroups(eks, cluster.name, concurrency),
        () => describeAddon(eks, cluster.name),
        () => listFargateProfiles(eks, cluster.name, concurrency),
      ],
      concurrency,
      signal,
    )) as [
      SnapshotVpc,
      SnapshotSubnet[],
      SnapshotRouteTable[],
      SnapshotZone[],
      string[],
      Nodegroup[],
      AwsSide['addon'],
      SnapshotFargateProfile[],
    ];
  const launchTemplates = await mapLimit(nodegroups, concurrency, (ng) => launchTemplateOf(ec2, ng), signal);
  return {
    cluster,
    vpc,
    subnets,
    routeTables,
    zones,
    securityGroupIds,
    nodegroups: nodegroups.map((ng, i) => toNodegroup(ng, launchTemplates[i])),
    addon,
    fargateProfiles,
  };
}

/** The caller's account, for the plan header (GetCallerIdentity also proves the credentials work). */
export async function callerAccount(clients: AwsClients): Promise<string | undefined> {
  const sts = await clients.sts();
  const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
  const out = await awsCall('GetCallerIdentity', () => sts.send(new GetCallerIdentityCommand({})));
  return out.Account;
}
