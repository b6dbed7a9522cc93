/**
 * What an apply leaves behind, read through the public APIs (SDK v3, client-node) and written without
 * resource ids (ids differ from run to run; CIDRs, zones, names and counts do not), so the end state of
 * an interrupted-then-resumed apply compares equal to an uninterrupted one's. Orphans and duplicates
 * show up as differences: an extra subnet, launch template version, node group, instance, ENIConfig or
 * association; a detached ENI; a lease left behind.
 */
import {
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeLaunchTemplatesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
  type Tag,
} from '@aws-sdk/client-ec2';
import {
  DescribeAddonCommand,
  DescribeNodegroupCommand,
  EKSClient,
  ListNodegroupsCommand,
} from '@aws-sdk/client-eks';
import {
  AppsV1Api,
  CoordinationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
} from '@kubernetes/client-node';
import type { TestSandbox } from '../helpers/sandbox.js';

export interface EndState {
  vpcBlocks: string[];
  vpcTags: string[];
  subnets: string[];
  routeTables: string[];
  launchTemplates: string[];
  nodegroups: string[];
  instances: string[];
  detachedEnis: number;
  addon: string;
  awsNodeEnv: string[];
  eniConfigs: string[];
  nodes: string[];
  leases: string[];
}

/** Resource ids (`subnet-0abc...`, `vpc-cidr-assoc-...`, `i-...`) replaced by their kind. */
function withoutIds(s: string): string {
  return s.replace(/\b((?:[a-z]+-)+)[0-9a-f]{8,17}\b/g, '$1<id>');
}

function tagText(tags: Tag[] | undefined): string {
  return (tags ?? [])
    .map((t) => `${t.Key}=${t.Value}`)
    .sort()
    .join(',');
}

async function ec2State(ec2: EC2Client, subnetCidr: Map<string, string>) {
  const vpcs = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs ?? [];
  const subnets = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets ?? [];
  for (const s of subnets) subnetCidr.set(s.SubnetId ?? '', s.CidrBlock ?? '');
  const tables = (await ec2.send(new DescribeRouteTablesCommand({}))).RouteTables ?? [];
  const templates = (await ec2.send(new DescribeLaunchTemplatesCommand({}))).LaunchTemplates ?? [];
  const launchTemplates: string[] = [];
  for (const t of templates) {
    const versions =
      (await ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: t.LaunchTemplateId })))
        .LaunchTemplateVersions ?? [];
    launchTemplates.push(
      `${t.LaunchTemplateName}: ${versions.length} version(s), latest ${t.LatestVersionNumber}`,
    );
  }
  const reservations = (await ec2.send(new DescribeInstancesCommand({}))).Reservations ?? [];
  const instances = reservations
    .flatMap((r) => r.Instances ?? [])
    .filter((i) => i.State?.Name !== 'terminated')
    .map((i) => `${i.Placement?.AvailabilityZone} ${i.InstanceType} ${subnetCidr.get(i.SubnetId ?? '')}`);
  const enis = (await ec2.send(new DescribeNetworkInterfacesCommand({}))).NetworkInterfaces ?? [];
  return {
    vpcBlocks: vpcs
      .flatMap((v) => v.CidrBlockAssociationSet ?? [])
      .filter((a) => a.CidrBlockState?.State !== 'disassociated')
      .map((a) => `${a.CidrBlock} ${a.CidrBlockState?.State}`)
      .sort(),
    vpcTags: vpcs.map((v) => withoutIds(tagText(v.Tags))).sort(),
    subnets: subnets.map((s) => `${s.AvailabilityZone} ${s.CidrBlock} ${tagText(s.Tags)}`).sort(),
    routeTables: tables
      .map((t) =>
        [
          (t.Associations ?? []).some((a) => a.Main) ? 'main' : 'table',
          ...(t.Associations ?? [])
            .filter((a) => a.SubnetId)
            .map((a) => subnetCidr.get(a.SubnetId ?? '') ?? 'unknown subnet')
            .sort(),
        ].join(' '),
      )
      .sort(),
    launchTemplates: launchTemplates.sort(),
    instances: instances.sort(),
    detachedEnis: enis.filter((e) => e.Status !== 'in-use').length,
  };
}

async function eksState(eks: EKSClient, cluster: string, subnetCidr: Map<string, string>) {
  const names = (await eks.send(new ListNodegroupsCommand({ clusterName: cluster }))).nodegroups ?? [];
  const nodegroups: string[] = [];
  for (const name of names) {
    const ng = (await eks.send(new DescribeNodegroupCommand({ clusterName: cluster, nodegroupName: name })))
      .nodegroup;
    nodegroups.push(
      [
        name,
        ng?.status,
        `size ${ng?.scalingConfig?.minSize}/${ng?.scalingConfig?.desiredSize}/${ng?.scalingConfig?.maxSize}`,
        `lt ${ng?.launchTemplate?.name ?? '-'}:${ng?.launchTemplate?.version ?? '-'}`,
        (ng?.subnets ?? [])
          .map((s) => subnetCidr.get(s) ?? s)
          .sort()
          .join(','),
        withoutIds(tagText(Object.entries(ng?.tags ?? {}).map(([Key, Value]) => ({ Key, Value })))),
      ].join(' '),
    );
  }
  const addon = await eks
    .send(new DescribeAddonCommand({ clusterName: cluster, addonName: 'vpc-cni' }))
    .then((r) => `${r.addon?.status} ${r.addon?.addonVersion} ${r.addon?.configurationValues ?? ''}`)
    .catch((e: Error) => `none (${e.name})`);
  return { nodegroups: nodegroups.sort(), addon };
}

async function kubeState(kubeconfig: string, subnetCidr: Map<string, string>) {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const ds = await kc
    .makeApiClient(AppsV1Api)
    .readNamespacedDaemonSet({ name: 'aws-node', namespace: 'kube-system' });
  const awsNodeEnv = (ds.spec?.template.spec?.containers[0]?.env ?? [])
    .map((e) => `${e.name}=${e.value ?? ''}`)
    .sort();
  const list = (await kc.makeApiClient(CustomObjectsApi).listClusterCustomObject({
    group: 'crd.k8s.amazonaws.com',
    version: 'v1alpha1',
    plural: 'eniconfigs',
  })) as { items: { metadata: { name: string }; spec: { subnet?: string; securityGroups?: string[] } }[] };
  const eniConfigs = list.items
    .map(
      (c) =>
        `${c.metadata.name} ${subnetCidr.get(c.spec.subnet ?? '') ?? c.spec.subnet} sgs ${c.spec.securityGroups?.length ?? 0}`,
    )
    .sort();
  const nodes = (await kc.makeApiClient(CoreV1Api).listNode()).items
    .map(
      (n) =>
        `${n.metadata?.labels?.['topology.kubernetes.io/zone']} ${n.metadata?.labels?.['eks.amazonaws.com/nodegroup'] ?? '-'}${n.spec?.unschedulable ? ' cordoned' : ''}`,
    )
    .sort();
  const leases = (
    await kc.makeApiClient(CoordinationV1Api).listNamespacedLease({ namespace: 'kube-system' })
  ).items
    .map((l) => l.metadata?.name ?? '')
    .filter((n) => n.startsWith('eks-cidr'))
    .sort();
  return { awsNodeEnv, eniConfigs, nodes, leases };
}

export async function endState(sb: TestSandbox, cluster = 'demo'): Promise<EndState> {
  const ec2 = new EC2Client(sb.clientConfig);
  const eks = new EKSClient(sb.clientConfig);
  const subnetCidr = new Map<string, string>();
  try {
    const aws = await ec2State(ec2, subnetCidr);
    return {
      ...aws,
      ...(await eksState(eks, cluster, subnetCidr)),
      ...(await kubeState(sb.sandbox.paths!.kubeconfig, subnetCidr)),
    };
  } finally {
    ec2.destroy();
    eks.destroy();
  }
}
