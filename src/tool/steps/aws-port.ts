/**
 * The EC2 and EKS ports over AWS SDK v3 (clients from the gateway). Listing calls page through every
 * result, each page under the retry policy on its own. Other errors are left as the SDK throws them (name = AWS code, $metadata.httpStatusCode) for the engine's retry policy.
 */
import {
  AssociateRouteTableCommand,
  AssociateVpcCidrBlockCommand,
  CreateLaunchTemplateVersionCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  DeleteSubnetCommand,
  DeleteTagsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  DisassociateRouteTableCommand,
  DisassociateVpcCidrBlockCommand,
  TerminateInstancesCommand,
  type EC2Client,
  type Tag as Ec2Tag,
} from '@aws-sdk/client-ec2';
import {
  CreateNodegroupCommand,
  DeleteNodegroupCommand,
  DescribeAddonCommand,
  DescribeNodegroupCommand,
  DescribeUpdateCommand,
  type EKSClient,
  ListNodegroupsCommand,
  ListUpdatesCommand,
  UpdateAddonCommand,
  UpdateNodegroupConfigCommand,
  UpdateNodegroupVersionCommand,
} from '@aws-sdk/client-eks';
import type { Tag } from '../planner/types.js';
import type {
  Ec2Port,
  EksPort,
  LaunchTemplateVersionInfo,
  NetworkInterfaceInfo,
  SubnetInfo,
} from './ports.js';

const tagsOf = (tags: Ec2Tag[] | undefined): Tag[] =>
  (tags ?? []).map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' }));

function isNotFound(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  return name === 'ResourceNotFoundException';
}

export function ec2Port(client: EC2Client): Ec2Port {
  const subnetInfo = (s: {
    SubnetId?: string;
    VpcId?: string;
    CidrBlock?: string;
    AvailabilityZone?: string;
    AvailableIpAddressCount?: number;
    Tags?: Ec2Tag[];
  }): SubnetInfo => ({
    subnetId: s.SubnetId ?? '',
    vpcId: s.VpcId ?? '',
    cidr: s.CidrBlock ?? '',
    zone: s.AvailabilityZone ?? '',
    availableIpAddressCount: s.AvailableIpAddressCount ?? 0,
    tags: tagsOf(s.Tags),
  });
  return {
    async vpcCidrAssociations(vpcId) {
      const out = await client.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }));
      return (out.Vpcs?.[0]?.CidrBlockAssociationSet ?? []).map((a) => ({
        associationId: a.AssociationId ?? '',
        cidr: a.CidrBlock ?? '',
        state: a.CidrBlockState?.State ?? 'unknown',
      }));
    },
    async vpcTags(vpcId) {
      const out = await client.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }));
      return tagsOf(out.Vpcs?.[0]?.Tags);
    },
    async tagVpc(vpcId, tags) {
      await client.send(
        new CreateTagsCommand({
          Resources: [vpcId],
          Tags: tags.map((t) => ({ Key: t.key, Value: t.value })),
        }),
      );
    },
    async tagSubnets(subnetIds, tags) {
      await client.send(
        new CreateTagsCommand({
          Resources: subnetIds,
          Tags: tags.map((t) => ({ Key: t.key, Value: t.value })),
        }),
      );
    },
    async untagVpc(vpcId, keys) {
      await client.send(new DeleteTagsCommand({ Resources: [vpcId], Tags: keys.map((Key) => ({ Key })) }));
    },
    async untagSubnets(subnetIds, keys) {
      await client.send(new DeleteTagsCommand({ Resources: subnetIds, Tags: keys.map((Key) => ({ Key })) }));
    },
    async terminateInstances(instanceIds) {
      await client.send(new TerminateInstancesCommand({ InstanceIds: instanceIds }));
    },
    async networkInterfaces(subnetIds) {
      const out: NetworkInterfaceInfo[] = [];
      if (subnetIds.length === 0) return out;
      let token: string | undefined;
      do {
        const page = await client.send(
          new DescribeNetworkInterfacesCommand({
            Filters: [{ Name: 'subnet-id', Values: subnetIds }],
            NextToken: token,
            MaxResults: 1000,
          }),
        );
        for (const e of page.NetworkInterfaces ?? []) {
          out.push({
            networkInterfaceId: e.NetworkInterfaceId ?? '',
            subnetId: e.SubnetId ?? '',
            status: e.Status ?? '',
            interfaceType: e.InterfaceType ?? 'interface',
            description: e.Description ?? '',
            instanceId: e.Attachment?.InstanceId,
            requesterManaged: e.RequesterManaged === true,
          });
        }
        token = page.NextToken;
      } while (token);
      return out;
    },
    async associateVpcCidrBlock(vpcId, cidr) {
      const out = await client.send(new AssociateVpcCidrBlockCommand({ VpcId: vpcId, CidrBlock: cidr }));
      const a = out.CidrBlockAssociation;
      return {
        associationId: a?.AssociationId ?? '',
        cidr: a?.CidrBlock ?? cidr,
        state: a?.CidrBlockState?.State ?? 'associating',
      };
    },
    async disassociateVpcCidrBlock(associationId) {
      await client.send(new DisassociateVpcCidrBlockCommand({ AssociationId: associationId }));
    },
    async listSubnets(vpcId) {
      const out: SubnetInfo[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new DescribeSubnetsCommand({
            Filters: [{ Name: 'vpc-id', Values: [vpcId] }],
            NextToken: token,
            MaxResults: 1000,
          }),
        );
        out.push(...(page.Subnets ?? []).map(subnetInfo));
        token = page.NextToken;
      } while (token);
      return out;
    },
    async createSubnet({ vpcId, zone, cidr, tags }) {
      const out = await client.send(
        new CreateSubnetCommand({
          VpcId: vpcId,
          AvailabilityZone: zone,
          CidrBlock: cidr,
          TagSpecifications: [
            { ResourceType: 'subnet', Tags: tags.map((t) => ({ Key: t.key, Value: t.value })) },
          ],
        }),
      );
      return subnetInfo(out.Subnet ?? {});
    },
    async deleteSubnet(subnetId) {
      await client.send(new DeleteSubnetCommand({ SubnetId: subnetId }));
    },
    async listRouteTables(vpcId) {
      const out = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new DescribeRouteTablesCommand({
            Filters: [{ Name: 'vpc-id', Values: [vpcId] }],
            NextToken: token,
            MaxResults: 100,
          }),
        );
        for (const t of page.RouteTables ?? []) {
          const associations = (t.Associations ?? []).map((a) => ({
            associationId: a.RouteTableAssociationId ?? '',
            subnetId: a.SubnetId,
            main: a.Main === true,
          }));
          out.push({
            routeTableId: t.RouteTableId ?? '',
            main: associations.some((a) => a.main),
            associations,
            tags: tagsOf(t.Tags),
          });
        }
        token = page.NextToken;
      } while (token);
      return out;
    },
    async associateRouteTable(routeTableId, subnetId) {
      const out = await client.send(
        new AssociateRouteTableCommand({ RouteTableId: routeTableId, SubnetId: subnetId }),
      );
      return out.AssociationId ?? '';
    },
    async disassociateRouteTable(associationId) {
      await client.send(new DisassociateRouteTableCommand({ AssociationId: associationId }));
    },
    async launchTemplateVersions(ref) {
      const out: LaunchTemplateVersionInfo[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new DescribeLaunchTemplateVersionsCommand({
            LaunchTemplateId: ref.id,
            LaunchTemplateName: ref.id ? undefined : ref.name,
            NextToken: token,
          }),
        );
        for (const v of page.LaunchTemplateVersions ?? []) {
          out.push({
            launchTemplateId: v.LaunchTemplateId ?? '',
            version: v.VersionNumber ?? 0,
            userData: v.LaunchTemplateData?.UserData,
            imageId: v.LaunchTemplateData?.ImageId,
            instanceType: v.LaunchTemplateData?.InstanceType,
            description: v.VersionDescription,
          });
        }
        token = page.NextToken;
      } while (token);
      return out;
    },
    async createLaunchTemplateVersion({ ref, sourceVersion, userData, description, clientToken }) {
      const out = await client.send(
        new CreateLaunchTemplateVersionCommand({
          LaunchTemplateId: ref.id,
          LaunchTemplateName: ref.id ? undefined : ref.name,
          SourceVersion: sourceVersion,
          VersionDescription: description,
          ClientToken: clientToken,
          LaunchTemplateData: { UserData: userData },
        }),
      );
      const v = out.LaunchTemplateVersion;
      return {
        launchTemplateId: v?.LaunchTemplateId ?? ref.id ?? '',
        version: v?.VersionNumber ?? 0,
        userData: v?.LaunchTemplateData?.UserData ?? userData,
        imageId: v?.LaunchTemplateData?.ImageId,
        instanceType: v?.LaunchTemplateData?.InstanceType,
        description: v?.VersionDescription ?? description,
      };
    },
  };
}

export function eksPort(client: EKSClient): EksPort {
  return {
    async describeNodegroup(cluster, nodegroup) {
      try {
        const out = await client.send(
          new DescribeNodegroupCommand({ clusterName: cluster, nodegroupName: nodegroup }),
        );
        const ng = out.nodegroup;
        if (!ng) return undefined;
        return {
          name: ng.nodegroupName ?? nodegroup,
          status: ng.status ?? 'UNKNOWN',
          instanceTypes: ng.instanceTypes ?? [],
          subnets: ng.subnets ?? [],
          desiredSize: ng.scalingConfig?.desiredSize ?? 0,
          scaling: {
            minSize: ng.scalingConfig?.minSize ?? 0,
            maxSize: ng.scalingConfig?.maxSize ?? 0,
            desiredSize: ng.scalingConfig?.desiredSize ?? 0,
          },
          updateConfig: ng.updateConfig,
          launchTemplate: ng.launchTemplate,
          tags: ng.tags ?? {},
          labels: ng.labels ?? {},
          health: (ng.health?.issues ?? []).map((i) => `${i.code ?? ''}: ${i.message ?? ''}`),
        };
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
    async listNodegroups(cluster) {
      const names: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListNodegroupsCommand({ clusterName: cluster, nextToken: token }));
        names.push(...(page.nodegroups ?? []));
        token = page.nextToken;
      } while (token);
      return names;
    },
    async updateNodegroupScaling({ cluster, nodegroup, scaling, clientRequestToken }) {
      const out = await client.send(
        new UpdateNodegroupConfigCommand({
          clusterName: cluster,
          nodegroupName: nodegroup,
          scalingConfig: scaling,
          clientRequestToken,
        }),
      );
      return { updateId: out.update?.id ?? '' };
    },
    async updateNodegroupVersion({ cluster, nodegroup, launchTemplate, force, clientRequestToken }) {
      const out = await client.send(
        new UpdateNodegroupVersionCommand({
          clusterName: cluster,
          nodegroupName: nodegroup,
          launchTemplate,
          force,
          clientRequestToken,
        }),
      );
      return { updateId: out.update?.id ?? '' };
    },
    async describeNodegroupUpdate(cluster, nodegroup, updateId) {
      const out = await client.send(
        new DescribeUpdateCommand({ name: cluster, nodegroupName: nodegroup, updateId }),
      );
      const u = out.update;
      return {
        id: u?.id ?? updateId,
        status: u?.status ?? 'InProgress',
        type: u?.type ?? '',
        errors: (u?.errors ?? []).map((e) => `${e.errorCode ?? ''}: ${e.errorMessage ?? ''}`),
        params: Object.fromEntries((u?.params ?? []).map((p) => [p.type ?? '', p.value ?? ''])),
      };
    },
    async listNodegroupUpdates(cluster, nodegroup) {
      const ids: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListUpdatesCommand({ name: cluster, nodegroupName: nodegroup, nextToken: token }),
        );
        ids.push(...(page.updateIds ?? []));
        token = page.nextToken;
      } while (token);
      return ids;
    },
    async createNodegroup(input) {
      await client.send(
        new CreateNodegroupCommand({
          clusterName: input.clusterName,
          nodegroupName: input.nodegroupName,
          nodeRole: input.nodeRole,
          subnets: input.subnets,
          instanceTypes: input.instanceTypes,
          amiType: input.amiType as never,
          capacityType: input.capacityType as never,
          releaseVersion: input.releaseVersion,
          scalingConfig: input.scaling,
          labels: input.labels,
          taints: input.taints.map((t) => ({ key: t.key, value: t.value, effect: t.effect as never })),
          tags: input.tags,
          diskSize: input.diskSize,
          launchTemplate: input.launchTemplate,
          clientRequestToken: input.clientRequestToken,
        }),
      );
    },
    async deleteNodegroup(cluster, nodegroup) {
      try {
        await client.send(new DeleteNodegroupCommand({ clusterName: cluster, nodegroupName: nodegroup }));
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    },
    async describeAddon(cluster, addon) {
      try {
        const out = await client.send(new DescribeAddonCommand({ clusterName: cluster, addonName: addon }));
        const a = out.addon;
        if (!a) return undefined;
        return {
          name: a.addonName ?? addon,
          status: a.status ?? 'UNKNOWN',
          version: a.addonVersion ?? '',
          configurationValues: a.configurationValues,
        };
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
    async updateAddon({ cluster, addon, configurationValues, addonVersion, clientRequestToken }) {
      const out = await client.send(
        new UpdateAddonCommand({
          clusterName: cluster,
          addonName: addon,
          ...(configurationValues !== undefined ? { configurationValues } : {}),
          ...(addonVersion !== undefined ? { addonVersion } : {}),
          clientRequestToken,
          resolveConflicts: 'PRESERVE',
        }),
      );
      return { updateId: out.update?.id ?? '' };
    },
    async describeAddonUpdate(cluster, addon, updateId) {
      const out = await client.send(new DescribeUpdateCommand({ name: cluster, addonName: addon, updateId }));
      return {
        status: out.update?.status ?? 'InProgress',
        errors: (out.update?.errors ?? []).map((e) => `${e.errorCode ?? ''}: ${e.errorMessage ?? ''}`),
      };
    },
  };
}
