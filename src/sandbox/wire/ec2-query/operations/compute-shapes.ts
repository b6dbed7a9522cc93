/**
 * Instance, ENI and launch template views to EC2 XML bodies, with botocore's element names (see
 * shapes.ts for the network resources).
 */
import type {
  InstanceView,
  LaunchTemplateVersionView,
  LaunchTemplateView,
  NetworkInterfaceView,
} from '../../../services/ec2/model.js';
import type { LaunchTemplateData } from '../../../services/ec2/types.js';
import { listElement, type XmlBody } from '../xml.js';
import { tagSet } from './shapes.js';

function groupSet(groups: readonly { groupId: string; groupName: string }[]): XmlBody[] {
  return groups.map((g) => ({ groupId: g.groupId, groupName: g.groupName }));
}

function privateIpSet(e: NetworkInterfaceView): XmlBody[] {
  return e.privateIpAddresses.map((a) => ({
    privateIpAddress: a.privateIpAddress,
    privateDnsName: e.privateDnsName.replace(/^ip-[\d-]+/, `ip-${a.privateIpAddress.replaceAll('.', '-')}`),
    primary: a.primary,
  }));
}

/**
 * The ENI's attachment: DescribeNetworkInterfaces' NetworkInterfaceAttachment names the instance and
 * its owner; DescribeInstances' InstanceNetworkInterfaceAttachment (inside the instance) does not.
 */
function attachmentXml(e: NetworkInterfaceView, shape: EniShape): XmlBody | undefined {
  const a = e.attachment;
  if (!a) return undefined;
  return {
    attachmentId: a.attachmentId,
    ...(shape === 'NetworkInterface' ? { instanceId: a.instanceId, instanceOwnerId: e.ownerId } : {}),
    deviceIndex: a.deviceIndex,
    networkCardIndex: a.networkCardIndex,
    status: 'attached',
    attachTime: new Date(a.attachTime),
    deleteOnTermination: a.deleteOnTermination,
  };
}

type EniShape = 'NetworkInterface' | 'InstanceNetworkInterface';

/**
 * One ENI in either botocore shape: DescribeNetworkInterfaces' NetworkInterface, or the
 * InstanceNetworkInterface inside DescribeInstances, which has no zone, requester or tags.
 */
function eniXml(e: NetworkInterfaceView, shape: EniShape): XmlBody {
  const full = shape === 'NetworkInterface';
  return {
    networkInterfaceId: e.networkInterfaceId,
    subnetId: e.subnetId,
    vpcId: e.vpcId,
    ...(full ? { availabilityZone: e.availabilityZone } : {}),
    description: e.description,
    ownerId: e.ownerId,
    ...(full ? { requesterId: e.requesterId, requesterManaged: e.requesterManaged } : {}),
    status: e.status,
    macAddress: e.macAddress,
    privateIpAddress: e.privateIpAddress,
    privateDnsName: e.privateDnsName,
    sourceDestCheck: e.sourceDestCheck,
    groupSet: groupSet(e.groups),
    attachment: attachmentXml(e, shape),
    ...(full ? { tagSet: tagSet(e.tags) ?? [] } : {}),
    privateIpAddressesSet: privateIpSet(e),
    ipv6AddressesSet: [],
    ipv4PrefixSet: e.ipv4Prefixes.map((ipv4Prefix) => ({ ipv4Prefix })),
    interfaceType: e.interfaceType,
  };
}

export function networkInterfaceXml(e: NetworkInterfaceView): XmlBody {
  return eniXml(e, 'NetworkInterface');
}

const instanceNetworkInterfaceXml = (e: NetworkInterfaceView): XmlBody =>
  eniXml(e, 'InstanceNetworkInterface');

export function instanceXml(i: InstanceView, architecture: string): XmlBody {
  const gone = i.state === 'terminated';
  return {
    instanceId: i.instanceId,
    imageId: i.imageId,
    instanceState: { code: i.stateCode, name: i.state },
    privateDnsName: i.privateDnsName,
    dnsName: '',
    reason: i.stateReason ? `User initiated (${new Date(i.launchTime).toISOString()})` : '',
    keyName: i.keyName,
    amiLaunchIndex: i.amiLaunchIndex,
    productCodes: [],
    instanceType: i.instanceType,
    launchTime: new Date(i.launchTime),
    placement: { availabilityZone: i.availabilityZone, groupName: '', tenancy: 'default' },
    monitoring: { state: 'disabled' },
    subnetId: gone ? undefined : i.subnetId,
    vpcId: gone ? undefined : i.vpcId,
    privateIpAddress: gone ? undefined : i.privateIpAddress,
    sourceDestCheck: true,
    groupSet: groupSet(i.groups),
    stateReason: i.stateReason,
    architecture,
    rootDeviceType: 'ebs',
    rootDeviceName: '/dev/xvda',
    blockDeviceMapping: [],
    virtualizationType: 'hvm',
    clientToken: i.clientToken ?? '',
    tagSet: tagSet(i.tags),
    hypervisor: i.hypervisor,
    networkInterfaceSet: i.networkInterfaces.map(instanceNetworkInterfaceXml),
    iamInstanceProfile: i.iamInstanceProfileArn
      ? { arn: i.iamInstanceProfileArn, id: 'AIPA' + i.instanceId.slice(2, 19).toUpperCase() }
      : undefined,
    ebsOptimized: false,
    enaSupport: true,
    platformDetails: 'Linux/UNIX',
    usageOperation: 'RunInstances',
  };
}

export function launchTemplateXml(t: LaunchTemplateView): XmlBody {
  return {
    launchTemplateId: t.launchTemplateId,
    launchTemplateName: t.launchTemplateName,
    createTime: new Date(t.createTime),
    createdBy: t.createdBy,
    defaultVersionNumber: t.defaultVersionNumber,
    latestVersionNumber: t.latestVersionNumber,
    tagSet: tagSet(t.tags),
  };
}

function launchTemplateDataXml(d: LaunchTemplateData): XmlBody {
  return {
    imageId: d.imageId,
    instanceType: d.instanceType,
    keyName: d.keyName,
    userData: d.userData,
    ebsOptimized: d.ebsOptimized,
    monitoring: d.monitoringEnabled === undefined ? undefined : { enabled: d.monitoringEnabled },
    iamInstanceProfile: d.iamInstanceProfile && {
      arn: d.iamInstanceProfile.arn,
      name: d.iamInstanceProfile.name,
    },
    securityGroupIdSet: d.securityGroupIds.length > 0 ? d.securityGroupIds : undefined,
    securityGroupSet: d.securityGroups.length > 0 ? d.securityGroups : undefined,
    tagSpecificationSet:
      d.tagSpecifications.length > 0
        ? d.tagSpecifications.map((s) => ({ resourceType: s.resourceType, tagSet: tagSet(s.tags) ?? [] }))
        : undefined,
    blockDeviceMappingSet:
      d.blockDeviceMappings.length > 0
        ? d.blockDeviceMappings.map((b) => ({
            deviceName: b.deviceName,
            ebs: b.ebs && {
              encrypted: b.ebs.encrypted,
              deleteOnTermination: b.ebs.deleteOnTermination,
              iops: b.ebs.iops,
              snapshotId: b.ebs.snapshotId,
              volumeSize: b.ebs.volumeSize,
              volumeType: b.ebs.volumeType,
              throughput: b.ebs.throughput,
            },
          }))
        : undefined,
    networkInterfaceSet:
      d.networkInterfaces.length > 0
        ? d.networkInterfaces.map((n) => ({
            associatePublicIpAddress: n.associatePublicIpAddress,
            deleteOnTermination: n.deleteOnTermination,
            description: n.description,
            deviceIndex: n.deviceIndex,
            interfaceType: n.interfaceType,
            // botocore's GroupIdStringList names its members <groupId>, not <item>.
            [listElement('groupSet', 'groupId')]: n.groupIds.length > 0 ? n.groupIds : undefined,
            subnetId: n.subnetId,
            networkCardIndex: n.networkCardIndex,
          }))
        : undefined,
    metadataOptions: d.metadataOptions && {
      state: 'applied',
      httpTokens: d.metadataOptions.httpTokens,
      httpPutResponseHopLimit: d.metadataOptions.httpPutResponseHopLimit,
      httpEndpoint: d.metadataOptions.httpEndpoint,
    },
  };
}

export function launchTemplateVersionXml(v: LaunchTemplateVersionView): XmlBody {
  return {
    launchTemplateId: v.launchTemplateId,
    launchTemplateName: v.launchTemplateName,
    versionNumber: v.versionNumber,
    versionDescription: v.versionDescription,
    createTime: new Date(v.createTime),
    createdBy: v.createdBy,
    defaultVersion: v.defaultVersion,
    launchTemplateData: launchTemplateDataXml(v.data),
  };
}
