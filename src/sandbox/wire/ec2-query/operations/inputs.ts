/**
 * Request parsing the EC2 handlers share: filters, tag specifications and launch template data, in
 * the Query names botocore serialises (`Filter.N.Name`, `TagSpecification.N.Tag.M.Key`,
 * `LaunchTemplateData.SecurityGroupId.N`...).
 */
import { AwsError } from '../../../services/aws-error.js';
import type { Filter } from '../../../services/ec2/filters.js';
import { tagsForResourceType } from '../../../services/ec2/tags.js';
import type { LaunchTemplateData, LaunchTemplateNetworkInterface, Tag } from '../../../services/ec2/types.js';
import { QueryParams } from '../params.js';

export function filtersOf(params: QueryParams): Filter[] {
  return params.filters();
}

/** Tags of the request's TagSpecifications for one resource type (others are refused). */
export function specTags(params: QueryParams, resourceType: string): Tag[] | undefined {
  const specs = params.tagSpecifications();
  return specs.length === 0 ? undefined : tagsForResourceType(specs, resourceType);
}

function sub(params: QueryParams, prefix: string): QueryParams | undefined {
  const head = `${prefix}.`;
  const entries = params
    .names()
    .filter((n) => n.startsWith(head))
    .map((n) => [n.slice(head.length), params.get(n) ?? ''] as const);
  return entries.length > 0 ? new QueryParams(entries) : undefined;
}

function networkInterfaceOf(p: QueryParams): LaunchTemplateNetworkInterface {
  return {
    deviceIndex: p.int('DeviceIndex'),
    subnetId: p.get('SubnetId'),
    groupIds: p.list('SecurityGroupId'),
    associatePublicIpAddress: p.bool('AssociatePublicIpAddress'),
    deleteOnTermination: p.bool('DeleteOnTermination'),
    description: p.get('Description'),
    interfaceType: p.get('InterfaceType'),
    networkCardIndex: p.int('NetworkCardIndex'),
  };
}

/**
 * `LaunchTemplateData.*` as given; only present fields are set, so a new version can override a
 * source version field by field. Undefined when the request carries no launch template data.
 */
export function launchTemplateDataOf(params: QueryParams): Partial<LaunchTemplateData> | undefined {
  const d = sub(params, 'LaunchTemplateData');
  if (!d) return params.has('LaunchTemplateData') ? {} : undefined;
  const out: Partial<LaunchTemplateData> = {};
  const set = <K extends keyof LaunchTemplateData>(key: K, value: LaunchTemplateData[K] | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  set('imageId', d.get('ImageId'));
  set('instanceType', d.get('InstanceType'));
  set('keyName', d.get('KeyName'));
  set('userData', d.get('UserData'));
  set('ebsOptimized', d.bool('EbsOptimized'));
  set('monitoringEnabled', d.bool('Monitoring.Enabled'));
  const groupIds = d.list('SecurityGroupId');
  if (groupIds.length > 0) out.securityGroupIds = groupIds;
  const groups = d.list('SecurityGroup');
  if (groups.length > 0) out.securityGroups = groups;
  const specs = d.structs('TagSpecification');
  if (specs.length > 0) {
    out.tagSpecifications = specs.map((s) => ({
      resourceType: s.get('ResourceType') ?? '',
      tags: s.tags('Tag'),
    }));
  }
  const devices = d.structs('BlockDeviceMapping');
  if (devices.length > 0) {
    out.blockDeviceMappings = devices.map((b) => {
      const ebs = sub(b, 'Ebs');
      return {
        deviceName: b.get('DeviceName') ?? '',
        ebs: ebs && {
          volumeSize: ebs.int('VolumeSize'),
          volumeType: ebs.get('VolumeType'),
          deleteOnTermination: ebs.bool('DeleteOnTermination'),
          encrypted: ebs.bool('Encrypted'),
          iops: ebs.int('Iops'),
          throughput: ebs.int('Throughput'),
          snapshotId: ebs.get('SnapshotId'),
        },
      };
    });
  }
  const interfaces = d.structs('NetworkInterface');
  if (interfaces.length > 0) out.networkInterfaces = interfaces.map(networkInterfaceOf);
  const metadata = sub(d, 'MetadataOptions');
  if (metadata) {
    out.metadataOptions = {
      httpTokens: metadata.get('HttpTokens'),
      httpPutResponseHopLimit: metadata.int('HttpPutResponseHopLimit'),
      httpEndpoint: metadata.get('HttpEndpoint'),
    };
  }
  const profile = sub(d, 'IamInstanceProfile');
  if (profile) out.iamInstanceProfile = { arn: profile.get('Arn'), name: profile.get('Name') };
  return out;
}

/** EC2's answer to `DryRun=true` on a request that would have succeeded (HTTP 412). */
export function checkDryRun(params: QueryParams): void {
  if (params.bool('DryRun') === true) {
    throw new AwsError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
  }
}
