/**
 * Model views to EC2 XML bodies, with the element names of botocore's EC2 model (service-2.json,
 * 2016-11-15): `vpcSet/item/cidrBlockAssociationSet`, `subnetSet/item/availableIpAddressCount`... A
 * misspelt element is silently dropped by the SDK and the CLI, so every name here was checked there.
 */
import type {
  InstanceView,
  LaunchTemplateVersionView,
  LaunchTemplateView,
  NatGatewayView,
  NetworkInterfaceView,
  RouteTableView,
  SecurityGroupView,
  SubnetView,
  VpcView,
} from '../../../services/ec2/model.js';
import type {
  CidrAssociation,
  IpPermissionRecord,
  LaunchTemplateData,
  Tag,
} from '../../../services/ec2/types.js';
import type { XmlBody } from '../xml.js';

/** `tagSet`; EC2 leaves the element out when a resource has no tags. */
export function tagSet(tags: readonly Tag[]): XmlBody[] | undefined {
  return tags.length > 0 ? tags.map((t) => ({ key: t.key, value: t.value })) : undefined;
}

export function cidrAssociationXml(a: CidrAssociation): XmlBody {
  return { associationId: a.associationId, cidrBlock: a.cidrBlock, cidrBlockState: { state: a.state } };
}

export function vpcXml(v: VpcView): XmlBody {
  return {
    vpcId: v.vpcId,
    ownerId: v.ownerId,
    state: v.state,
    cidrBlock: v.cidrBlock,
    cidrBlockAssociationSet: v.cidrAssociations.map(cidrAssociationXml),
    dhcpOptionsId: v.dhcpOptionsId,
    instanceTenancy: v.instanceTenancy,
    isDefault: v.isDefault,
    blockPublicAccessStates: { internetGatewayBlockMode: 'off' },
    tagSet: tagSet(v.tags),
  };
}

export function subnetXml(s: SubnetView): XmlBody {
  return {
    subnetId: s.subnetId,
    subnetArn: s.subnetArn,
    state: s.state,
    vpcId: s.vpcId,
    cidrBlock: s.cidrBlock,
    ipv6CidrBlockAssociationSet: [],
    availableIpAddressCount: s.availableIpAddressCount,
    availabilityZone: s.availabilityZone,
    availabilityZoneId: s.availabilityZoneId,
    defaultForAz: s.defaultForAz,
    mapPublicIpOnLaunch: s.mapPublicIpOnLaunch,
    mapCustomerOwnedIpOnLaunch: false,
    assignIpv6AddressOnCreation: false,
    enableDns64: false,
    ipv6Native: false,
    ownerId: s.ownerId,
    privateDnsNameOptionsOnLaunch: {
      hostnameType: 'ip-name',
      enableResourceNameDnsARecord: false,
      enableResourceNameDnsAAAARecord: false,
    },
    blockPublicAccessStates: { internetGatewayBlockMode: 'off' },
    tagSet: tagSet(s.tags),
  };
}

export function routeTableXml(t: RouteTableView): XmlBody {
  return {
    routeTableId: t.routeTableId,
    vpcId: t.vpcId,
    ownerId: t.ownerId,
    routeSet: t.routes.map((r) => ({
      destinationCidrBlock: r.destinationCidrBlock,
      gatewayId: r.gatewayId,
      natGatewayId: r.natGatewayId,
      instanceId: r.instanceId,
      networkInterfaceId: r.networkInterfaceId,
      vpcPeeringConnectionId: r.vpcPeeringConnectionId,
      transitGatewayId: r.transitGatewayId,
      state: r.state,
      origin: r.origin,
    })),
    associationSet: t.associations.map((a) => ({
      main: a.main,
      routeTableAssociationId: a.routeTableAssociationId,
      routeTableId: t.routeTableId,
      subnetId: a.subnetId,
      associationState: { state: 'associated' },
    })),
    propagatingVgwSet: [],
    tagSet: tagSet(t.tags),
  };
}

export function natGatewayXml(n: NatGatewayView): XmlBody {
  return {
    createTime: new Date(n.createTime),
    natGatewayAddressSet: [
      {
        allocationId: n.allocationId,
        networkInterfaceId: n.networkInterfaceId,
        privateIp: n.privateIp,
        publicIp: n.publicIp,
        isPrimary: true,
        status: 'succeeded',
      },
    ],
    natGatewayId: n.natGatewayId,
    state: n.state,
    subnetId: n.subnetId,
    vpcId: n.vpcId,
    connectivityType: n.connectivityType,
    tagSet: tagSet(n.tags),
  };
}

function ipPermissionXml(p: IpPermissionRecord, ownerId: string): XmlBody {
  return {
    ipProtocol: p.ipProtocol,
    fromPort: p.fromPort,
    toPort: p.toPort,
    groups: p.groupIds.map((groupId) => ({ userId: ownerId, groupId })),
    ipRanges: p.ipRanges.map((cidrIp) => ({ cidrIp })),
    ipv6Ranges: [],
    prefixListIds: [],
  };
}

export function securityGroupXml(g: SecurityGroupView): XmlBody {
  return {
    ownerId: g.ownerId,
    groupId: g.groupId,
    groupName: g.groupName,
    groupDescription: g.description,
    vpcId: g.vpcId,
    securityGroupArn: g.securityGroupArn,
    ipPermissions: g.ipPermissions.map((p) => ipPermissionXml(p, g.ownerId)),
    ipPermissionsEgress: g.ipPermissionsEgress.map((p) => ipPermissionXml(p, g.ownerId)),
    tagSet: tagSet(g.tags),
  };
}

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

export function networkInterfaceXml(e: NetworkInterfaceView): XmlBody {
  return {
    networkInterfaceId: e.networkInterfaceId,
    subnetId: e.subnetId,
    vpcId: e.vpcId,
    availabilityZone: e.availabilityZone,
    description: e.description,
    ownerId: e.ownerId,
    requesterId: e.requesterId,
    requesterManaged: e.requesterManaged,
    status: e.status,
    macAddress: e.macAddress,
    privateIpAddress: e.privateIpAddress,
    privateDnsName: e.privateDnsName,
    sourceDestCheck: e.sourceDestCheck,
    groupSet: groupSet(e.groups),
    attachment: e.attachment && {
      attachmentId: e.attachment.attachmentId,
      instanceId: e.attachment.instanceId,
      instanceOwnerId: e.ownerId,
      deviceIndex: e.attachment.deviceIndex,
      networkCardIndex: e.attachment.networkCardIndex,
      status: 'attached',
      attachTime: new Date(e.attachment.attachTime),
      deleteOnTermination: e.attachment.deleteOnTermination,
    },
    tagSet: tagSet(e.tags) ?? [],
    privateIpAddressesSet: privateIpSet(e),
    ipv6AddressesSet: [],
    interfaceType: e.interfaceType,
  };
}

function instanceNetworkInterfaceXml(e: NetworkInterfaceView): XmlBody {
  return {
    networkInterfaceId: e.networkInterfaceId,
    subnetId: e.subnetId,
    vpcId: e.vpcId,
    description: e.description,
    ownerId: e.ownerId,
    status: e.status,
    macAddress: e.macAddress,
    privateIpAddress: e.privateIpAddress,
    privateDnsName: e.privateDnsName,
    sourceDestCheck: e.sourceDestCheck,
    groupSet: groupSet(e.groups),
    attachment: e.attachment && {
      attachmentId: e.attachment.attachmentId,
      deviceIndex: e.attachment.deviceIndex,
      networkCardIndex: e.attachment.networkCardIndex,
      status: 'attached',
      attachTime: new Date(e.attachment.attachTime),
      deleteOnTermination: e.attachment.deleteOnTermination,
    },
    privateIpAddressesSet: privateIpSet(e),
    ipv6AddressesSet: [],
    interfaceType: e.interfaceType,
  };
}

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
    // groupSet of a template interface lists `<groupId>` elements, not `<item>`s; the XML writer
    // only writes `<item>` lists, so interface security groups are left out of the response.
    networkInterfaceSet:
      d.networkInterfaces.length > 0
        ? d.networkInterfaces.map((n) => ({
            associatePublicIpAddress: n.associatePublicIpAddress,
            deleteOnTermination: n.deleteOnTermination,
            description: n.description,
            deviceIndex: n.deviceIndex,
            interfaceType: n.interfaceType,
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
