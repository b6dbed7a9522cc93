/**
 * EC2's error codes, one class per code, with the messages EC2 sends (observed in AWS CLI output and
 * SDK error reports). All are client errors (HTTP 400) unless noted.
 */
import { AwsError } from '../aws-error.js';

/** `'a'` for one ID, `'a, b'` for several: EC2 lists every unknown ID of a Describe call. */
function quoteIds(ids: readonly string[]): string {
  return `'${ids.join(', ')}'`;
}

/** The `X ID 'id' does not exist` family; several IDs read `X IDs 'a, b' do not exist`. */
function notFoundMessage(noun: string, ids: readonly string[]): string {
  return ids.length === 1
    ? `The ${noun} ID ${quoteIds(ids)} does not exist`
    : `The ${noun} IDs ${quoteIds(ids)} do not exist`;
}

export class InvalidParameterValue extends AwsError {
  constructor(message: string) {
    super('InvalidParameterValue', message);
  }
}

export class InvalidParameterCombination extends AwsError {
  constructor(message: string) {
    super('InvalidParameterCombination', message);
  }
}

export class MissingParameter extends AwsError {
  constructor(message: string) {
    super('MissingParameter', message);
  }
}

/** A rule result from the shared facts (`InvalidVpc.Range`, `CidrLimitExceeded`, ...) thrown as is. */
export class CidrRuleViolation extends AwsError {
  constructor(code: string, message: string) {
    super(code, message);
  }
}

export class InvalidVpcIdNotFound extends AwsError {
  constructor(...ids: string[]) {
    super('InvalidVpcID.NotFound', notFoundMessage('vpc', ids));
  }
}

export class InvalidSubnetIdNotFound extends AwsError {
  constructor(...ids: string[]) {
    super('InvalidSubnetID.NotFound', notFoundMessage('subnet', ids));
  }
}

export class InvalidRouteTableIdNotFound extends AwsError {
  constructor(...ids: string[]) {
    super('InvalidRouteTableID.NotFound', notFoundMessage('routeTable', ids));
  }
}

export class InvalidAssociationIdNotFound extends AwsError {
  constructor(id: string) {
    super('InvalidAssociationID.NotFound', `The association ID '${id}' does not exist`);
  }
}

export class InvalidVpcCidrBlockAssociationIdNotFound extends AwsError {
  constructor(id: string) {
    super(
      'InvalidVpcCidrBlockAssociationID.NotFound',
      `The vpc CIDR block association ID '${id}' does not exist`,
    );
  }
}

export class InvalidGroupNotFound extends AwsError {
  constructor(...ids: string[]) {
    super(
      'InvalidGroup.NotFound',
      ids.length === 1
        ? `The security group ${quoteIds(ids)} does not exist`
        : `The security groups ${quoteIds(ids)} do not exist`,
    );
  }
}

export class InvalidGroupDuplicate extends AwsError {
  constructor(name: string, vpcId: string) {
    super('InvalidGroup.Duplicate', `The security group '${name}' already exists for VPC '${vpcId}'`);
  }
}

export class InvalidGroupIdMalformed extends AwsError {
  constructor(id: string) {
    super('InvalidGroupId.Malformed', `Invalid id: "${id}"`);
  }
}

export class InvalidInstanceIdNotFound extends AwsError {
  constructor(...ids: string[]) {
    super('InvalidInstanceID.NotFound', notFoundMessage('instance', ids));
  }
}

export class InvalidInstanceIdMalformed extends AwsError {
  constructor(id: string) {
    super('InvalidInstanceID.Malformed', `Invalid id: "${id}"`);
  }
}

export class InvalidNetworkInterfaceIdNotFound extends AwsError {
  constructor(...ids: string[]) {
    super('InvalidNetworkInterfaceID.NotFound', notFoundMessage('networkInterface', ids));
  }
}

export class InvalidNetworkInterfaceInUse extends AwsError {
  constructor(id: string) {
    super('InvalidNetworkInterface.InUse', `The network interface '${id}' is currently in use.`);
  }
}

export class InvalidSubnetIdMalformed extends AwsError {
  constructor(id: string) {
    super('InvalidSubnetID.Malformed', `Invalid id: "${id}"`);
  }
}

export class InvalidVpcIdMalformed extends AwsError {
  constructor(id: string) {
    super('InvalidVpcID.Malformed', `Invalid id: "${id}"`);
  }
}

export class NatGatewayNotFound extends AwsError {
  constructor(id: string) {
    super('NatGatewayNotFound', `The Nat Gateway ${id} was not found`);
  }
}

export class InvalidNatGatewayIdNotFound extends AwsError {
  constructor(id: string) {
    super('InvalidNatGatewayID.NotFound', `The natGateway ID '${id}' does not exist`);
  }
}

export class InvalidSubnetRange extends AwsError {
  constructor(cidr: string) {
    super('InvalidSubnet.Range', `The CIDR '${cidr}' is invalid.`);
  }
}

export class InvalidSubnetConflict extends AwsError {
  constructor(cidr: string) {
    super('InvalidSubnet.Conflict', `The CIDR '${cidr}' conflicts with another subnet`);
  }
}

export class InvalidCidrBlockInUse extends AwsError {
  constructor(vpcId: string, cidr: string) {
    super('InvalidCidrBlock.InUse', `The vpc ${vpcId} currently has a subnet within CIDR block ${cidr}`);
  }
}

export class OperationNotPermitted extends AwsError {
  constructor(message: string) {
    super('OperationNotPermitted', message);
  }
}

export class IncorrectState extends AwsError {
  constructor(message: string) {
    super('IncorrectState', message);
  }
}

export class DependencyViolation extends AwsError {
  constructor(kind: 'vpc' | 'subnet' | 'routeTable' | 'securityGroup', id: string) {
    super('DependencyViolation', `The ${kind} '${id}' has dependencies and cannot be deleted.`);
  }
}

export class ResourceAlreadyAssociated extends AwsError {
  constructor(routeTableId: string) {
    super(
      'Resource.AlreadyAssociated',
      `the specified association for route table ${routeTableId} conflicts with an existing association`,
    );
  }
}

export class RouteAlreadyExists extends AwsError {
  constructor(destination: string) {
    super('RouteAlreadyExists', `The route identified by ${destination} already exists.`);
  }
}

export class InvalidRouteNotFound extends AwsError {
  constructor(routeTableId: string, destination: string) {
    super(
      'InvalidRoute.NotFound',
      `no route with destination-cidr-block ${destination} in route table ${routeTableId}`,
    );
  }
}

export class TagLimitExceeded extends AwsError {
  constructor() {
    super('TagLimitExceeded', 'The maximum number of Tags for a resource has been reached.');
  }
}

export class InvalidId extends AwsError {
  constructor(id: string) {
    super('InvalidID', `The ID '${id}' is not valid`);
  }
}

export class InsufficientFreeAddressesInSubnet extends AwsError {
  constructor() {
    super(
      'InsufficientFreeAddressesInSubnet',
      'The specified subnet does not have enough free addresses to satisfy the request.',
    );
  }
}

/** No aligned /28 of the subnet is wholly free (prefix delegation on a fragmented subnet). */
export class InsufficientCidrBlocks extends AwsError {
  constructor() {
    super(
      'InsufficientCidrBlocks',
      'The specified subnet does not have enough free cidr blocks to satisfy the request.',
    );
  }
}

export class PrivateIpAddressLimitExceeded extends AwsError {
  constructor() {
    super('PrivateIpAddressLimitExceeded', 'Number of private addresses will exceed limit.');
  }
}

export class AttachmentLimitExceeded extends AwsError {
  constructor(count: number, instanceType: string) {
    super('AttachmentLimitExceeded', `Interface count ${count} exceeds the limit for ${instanceType}`);
  }
}

export class InvalidIpAddressInUse extends AwsError {
  constructor(ip: string) {
    super('InvalidIPAddress.InUse', `Address ${ip} is in use.`);
  }
}

export class InvalidLaunchTemplateIdNotFound extends AwsError {
  constructor(id: string) {
    super(
      'InvalidLaunchTemplateId.NotFound',
      `The specified launch template, with template ID ${id}, does not exist.`,
    );
  }
}

export class InvalidLaunchTemplateNameNotFound extends AwsError {
  constructor(name: string) {
    super(
      'InvalidLaunchTemplateName.NotFoundException',
      `The specified launch template, with template name ${name}, does not exist.`,
    );
  }
}

export class InvalidLaunchTemplateNameAlreadyExists extends AwsError {
  constructor(name: string) {
    super('InvalidLaunchTemplateName.AlreadyExistsException', `Launch template name already in use.`);
    void name;
  }
}

export class InvalidLaunchTemplateNameMalformed extends AwsError {
  constructor() {
    super(
      'InvalidLaunchTemplateName.MalformedException',
      'A launch template name must be between 3 and 128 characters, and may contain letters, numbers, and the following characters: - ( ) . / _.',
    );
  }
}

export class InvalidLaunchTemplateVersionNotFound extends AwsError {
  constructor(version: string, launchTemplateId: string) {
    super(
      'InvalidLaunchTemplateId.VersionNotFound',
      `Could not find launch template version ${version} for launch template ID ${launchTemplateId}.`,
    );
  }
}

export class InvalidAmiIdMalformed extends AwsError {
  constructor(id: string) {
    super('InvalidAMIID.Malformed', `Invalid id: "${id}" (expecting "ami-...")`);
  }
}

export class InvalidInstanceType extends AwsError {
  constructor(type: string) {
    super('InvalidInstanceType', `The following supplied instance types do not exist: [${type}]`);
  }
}

export class InvalidZoneNotFound extends AwsError {
  constructor(zones: readonly string[], region: string) {
    super(
      'InvalidParameterValue',
      `The zone${zones.length === 1 ? '' : 's'} '${zones.join(', ')}' ${zones.length === 1 ? 'does' : 'do'} not exist in region ${region}`,
    );
  }
}

export class InvalidFilter extends AwsError {
  constructor(name: string) {
    super('InvalidParameterValue', `The filter '${name}' is invalid`);
  }
}

/** A rule that the group already has (same protocol, ports and peer). */
export class InvalidPermissionDuplicate extends AwsError {
  constructor(rule: string) {
    super('InvalidPermission.Duplicate', `the specified rule "${rule}" already exists`);
  }
}

/** Revoking, in a non-default VPC, a rule the group does not have: nothing is revoked. */
export class InvalidPermissionNotFound extends AwsError {
  constructor() {
    super('InvalidPermission.NotFound', 'The specified rule does not exist in this security group.');
  }
}

/** More than the per-group quota of inbound or outbound rules (60 each by default). */
export class RulesPerSecurityGroupLimitExceeded extends AwsError {
  constructor() {
    super(
      'RulesPerSecurityGroupLimitExceeded',
      'The maximum number of rules per security group has been reached.',
    );
  }
}

export class InvalidSecurityGroupRuleIdNotFound extends AwsError {
  constructor(...ids: string[]) {
    super('InvalidSecurityGroupRuleId.NotFound', notFoundMessage('security group rule', ids));
  }
}

export class InvalidSecurityGroupRuleIdMalformed extends AwsError {
  constructor(id: string) {
    super('InvalidSecurityGroupRuleId.Malformed', `Invalid id: "${id}" (expecting "sgr-...")`);
  }
}
