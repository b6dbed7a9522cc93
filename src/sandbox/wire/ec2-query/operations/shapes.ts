/**
 * Network resource views (VPCs, subnets, route tables, NAT gateways, security groups) to EC2 XML
 * bodies, with the element names of botocore's EC2 model (service-2.json, 2016-11-15):
 * `vpcSet/item/cidrBlockAssociationSet`, `subnetSet/item/availableIpAddressCount`... A misspelt
 * element is silently dropped by the SDK and the CLI, so every name here was checked there.
 */
import type {
  NatGatewayView,
  RouteTableView,
  SecurityGroupRuleView,
  SecurityGroupView,
  SubnetView,
  VpcView,
} from '../../../services/ec2/model.js';
import type { CidrAssociation, IpPermissionRecord, Tag } from '../../../services/ec2/types.js';
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
    groups: p.groupIds.map((g) => ({ userId: ownerId, groupId: g.groupId, description: g.description })),
    ipRanges: p.ipRanges.map((r) => ({ cidrIp: r.cidrIp, description: r.description })),
    ipv6Ranges: [],
    prefixListIds: [],
  };
}

/** `securityGroupRuleSet/item` of Authorize* and DescribeSecurityGroupRules. */
export function securityGroupRuleXml(r: SecurityGroupRuleView): XmlBody {
  return {
    securityGroupRuleId: r.ruleId,
    groupId: r.groupId,
    groupOwnerId: r.groupOwnerId,
    isEgress: r.isEgress,
    ipProtocol: r.ipProtocol,
    fromPort: r.fromPort,
    toPort: r.toPort,
    cidrIpv4: r.cidrIpv4,
    referencedGroupInfo: r.referencedGroupId
      ? { groupId: r.referencedGroupId, userId: r.groupOwnerId }
      : undefined,
    description: r.description,
    tagSet: tagSet(r.tags),
    securityGroupRuleArn: r.securityGroupRuleArn,
  };
}

/** `revokedSecurityGroupRuleSet/item` of Revoke*. */
export function revokedRuleXml(r: SecurityGroupRuleView): XmlBody {
  return {
    securityGroupRuleId: r.ruleId,
    groupId: r.groupId,
    isEgress: r.isEgress,
    ipProtocol: r.ipProtocol,
    fromPort: r.fromPort,
    toPort: r.toPort,
    cidrIpv4: r.cidrIpv4,
    referencedGroupId: r.referencedGroupId,
    description: r.description,
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
