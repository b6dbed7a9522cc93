/**
 * The EC2 model's persisted state: plain JSON records, one map per resource kind, keyed by ID. Times
 * are epoch milliseconds; transitions (`associating` until `dueAt`) are computed from stored due
 * times so a restarted sandbox resumes where it stopped.
 */
import type { Clock } from '../../core/clock.js';
import type { IdSource } from '../../core/ids.js';

/** What the EC2 model needs of the sandbox environment (a `SandboxEnv` satisfies it). */
export interface Ec2Env {
  clock: Clock;
  ids: IdSource;
  region: string;
  accountId: string;
  timing: {
    cidrAssociate: number;
    cidrDisassociate?: number;
    instanceBoot: number;
    instanceTerminate?: number;
    natGatewayCreate?: number;
  };
}

export interface Tag {
  key: string;
  value: string;
}

export type CidrState =
  'associating' | 'associated' | 'disassociating' | 'disassociated' | 'failing' | 'failed';

export interface CidrAssociation {
  associationId: string;
  cidrBlock: string;
  state: CidrState;
  /** When the current transitional state (`associating`, `disassociating`) completes. */
  dueAt?: number | undefined;
}

export interface VpcRecord {
  vpcId: string;
  /** The primary IPv4 block: the first association, which can never be disassociated. */
  cidrBlock: string;
  cidrAssociations: CidrAssociation[];
  dhcpOptionsId: string;
  instanceTenancy: string;
  mainRouteTableId: string;
  defaultSecurityGroupId: string;
  createdAt: number;
}

export interface SubnetRecord {
  subnetId: string;
  vpcId: string;
  cidrBlock: string;
  availabilityZone: string;
  availabilityZoneId: string;
  mapPublicIpOnLaunch: boolean;
  createdAt: number;
}

/** What a route sends traffic to: exactly one of these is set. */
export interface RouteTarget {
  gatewayId?: string | undefined;
  natGatewayId?: string | undefined;
  networkInterfaceId?: string | undefined;
  instanceId?: string | undefined;
  vpcPeeringConnectionId?: string | undefined;
  transitGatewayId?: string | undefined;
}

export interface RouteRecord extends RouteTarget {
  destinationCidrBlock: string;
  origin: 'CreateRouteTable' | 'CreateRoute';
}

export interface RouteTableAssociationRecord {
  routeTableAssociationId: string;
  /** Absent for the main association. */
  subnetId?: string | undefined;
  main: boolean;
}

export interface RouteTableRecord {
  routeTableId: string;
  vpcId: string;
  routes: RouteRecord[];
  associations: RouteTableAssociationRecord[];
}

/**
 * One permission as the API groups them (DescribeSecurityGroups' `ipPermissions`): a protocol and
 * port range with every peer that has it. Derived from the rules; never stored.
 */
export interface IpPermissionRecord {
  ipProtocol: string;
  fromPort?: number | undefined;
  toPort?: number | undefined;
  ipRanges: { cidrIp: string; description?: string | undefined }[];
  groupIds: { groupId: string; description?: string | undefined }[];
}

/**
 * One security group rule (`sgr-...`): a protocol, a port range (ICMP type and code for ICMP; -1 for
 * all) and exactly one peer, a CIDR or a referenced group. EC2 counts and limits rules one per peer.
 */
export interface SecurityGroupRuleRecord {
  ruleId: string;
  groupId: string;
  isEgress: boolean;
  /** `tcp`, `udp`, `icmp`, `icmpv6`, `-1` (all) or another protocol number. */
  ipProtocol: string;
  fromPort: number;
  toPort: number;
  cidrIpv4?: string | undefined;
  referencedGroupId?: string | undefined;
  description?: string | undefined;
}

export interface SecurityGroupRecord {
  groupId: string;
  groupName: string;
  description: string;
  vpcId: string;
}

export interface PrivateIpRecord {
  privateIpAddress: string;
  primary: boolean;
}

export interface EniAttachmentRecord {
  attachmentId: string;
  instanceId: string;
  deviceIndex: number;
  networkCardIndex: number;
  attachTime: number;
  deleteOnTermination: boolean;
}

export interface NetworkInterfaceRecord {
  networkInterfaceId: string;
  subnetId: string;
  vpcId: string;
  availabilityZone: string;
  description: string;
  groupIds: string[];
  privateIpAddresses: PrivateIpRecord[];
  /** Delegated /28 IPv4 prefixes (prefix delegation); absent in state saved before they existed. */
  ipv4Prefixes?: string[] | undefined;
  macAddress: string;
  interfaceType: string;
  requesterManaged: boolean;
  requesterId?: string | undefined;
  sourceDestCheck: boolean;
  attachment?: EniAttachmentRecord | undefined;
}

export type InstanceStateName =
  'pending' | 'running' | 'shutting-down' | 'terminated' | 'stopping' | 'stopped';

export interface InstanceRecord {
  instanceId: string;
  reservationId: string;
  imageId: string;
  instanceType: string;
  state: InstanceStateName;
  /** When the current transitional state (`pending`, `shutting-down`) completes. */
  stateDueAt?: number | undefined;
  subnetId: string;
  vpcId: string;
  availabilityZone: string;
  privateIpAddress: string;
  primaryNetworkInterfaceId: string;
  securityGroupIds: string[];
  launchTime: number;
  terminatedAt?: number | undefined;
  launchTemplate?: { launchTemplateId: string; launchTemplateName: string; version: string } | undefined;
  /** Base64, as given to RunInstances or resolved from the launch template. */
  userData?: string | undefined;
  iamInstanceProfileArn?: string | undefined;
  keyName?: string | undefined;
  amiLaunchIndex: number;
  clientToken?: string | undefined;
  stateReason?: { code: string; message: string } | undefined;
}

export interface LaunchTemplateBlockDevice {
  deviceName: string;
  ebs?:
    | {
        volumeSize?: number | undefined;
        volumeType?: string | undefined;
        deleteOnTermination?: boolean | undefined;
        encrypted?: boolean | undefined;
        iops?: number | undefined;
        throughput?: number | undefined;
        snapshotId?: string | undefined;
      }
    | undefined;
}

export interface LaunchTemplateNetworkInterface {
  deviceIndex?: number | undefined;
  subnetId?: string | undefined;
  groupIds: string[];
  associatePublicIpAddress?: boolean | undefined;
  deleteOnTermination?: boolean | undefined;
  description?: string | undefined;
  interfaceType?: string | undefined;
  networkCardIndex?: number | undefined;
}

/** The subset of RequestLaunchTemplateData the sandbox keeps (what EKS node groups use). */
export interface LaunchTemplateData {
  imageId?: string | undefined;
  instanceType?: string | undefined;
  keyName?: string | undefined;
  /** Base64, as sent. */
  userData?: string | undefined;
  securityGroupIds: string[];
  securityGroups: string[];
  tagSpecifications: { resourceType: string; tags: Tag[] }[];
  blockDeviceMappings: LaunchTemplateBlockDevice[];
  networkInterfaces: LaunchTemplateNetworkInterface[];
  metadataOptions?:
    | {
        httpTokens?: string | undefined;
        httpPutResponseHopLimit?: number | undefined;
        httpEndpoint?: string | undefined;
      }
    | undefined;
  iamInstanceProfile?: { arn?: string | undefined; name?: string | undefined } | undefined;
  ebsOptimized?: boolean | undefined;
  monitoringEnabled?: boolean | undefined;
}

export interface LaunchTemplateVersionRecord {
  versionNumber: number;
  versionDescription?: string | undefined;
  createTime: number;
  data: LaunchTemplateData;
}

export interface LaunchTemplateRecord {
  launchTemplateId: string;
  launchTemplateName: string;
  createTime: number;
  createdBy: string;
  defaultVersionNumber: number;
  latestVersionNumber: number;
  versions: LaunchTemplateVersionRecord[];
}

export type NatGatewayState = 'pending' | 'available' | 'deleting' | 'deleted' | 'failed';

export interface NatGatewayRecord {
  natGatewayId: string;
  subnetId: string;
  vpcId: string;
  connectivityType: 'public' | 'private';
  allocationId?: string | undefined;
  publicIp?: string | undefined;
  networkInterfaceId: string;
  privateIp: string;
  state: NatGatewayState;
  dueAt?: number | undefined;
  createTime: number;
}

export interface Ec2State {
  vpcs: Record<string, VpcRecord>;
  subnets: Record<string, SubnetRecord>;
  routeTables: Record<string, RouteTableRecord>;
  securityGroups: Record<string, SecurityGroupRecord>;
  /** Every group's rules by rule ID, in the order they were authorised. */
  securityGroupRules: Record<string, SecurityGroupRuleRecord>;
  networkInterfaces: Record<string, NetworkInterfaceRecord>;
  instances: Record<string, InstanceRecord>;
  /** Bumped whenever an instance is launched, changes state or goes away (the simulation's cue). */
  instanceGeneration?: number;
  launchTemplates: Record<string, LaunchTemplateRecord>;
  natGateways: Record<string, NatGatewayRecord>;
  /** Tags by resource ID, in the order they were first set. */
  tags: Record<string, Tag[]>;
}

export function emptyEc2State(): Ec2State {
  return {
    vpcs: {},
    subnets: {},
    routeTables: {},
    securityGroups: {},
    securityGroupRules: {},
    networkInterfaces: {},
    instances: {},
    launchTemplates: {},
    natGateways: {},
    tags: {},
  };
}

/** What every resource module works on: the environment and the one state object. */
export interface Ec2Context {
  env: Ec2Env;
  state: Ec2State;
}
