/**
 * Request parsing the security group rule handlers share: `IpPermissions.N.*` (protocol, ports,
 * `IpRanges.M.CidrIp`, `Groups.M.GroupId`, with descriptions), the legacy top-level form
 * (`IpProtocol`, `FromPort`, `ToPort`, `CidrIp`) and which group the request is about.
 */
import { AwsError } from '../../../services/aws-error.js';
import type { PermissionInput } from '../../../services/ec2/model.js';
import { InvalidParameterValueError, MissingParameterError } from '../errors.js';
import type { QueryParams } from '../params.js';

class InvalidParameterCombinationError extends AwsError {
  constructor(message: string) {
    super('InvalidParameterCombination', message, 400);
  }
}

function permissionOf(p: QueryParams): PermissionInput {
  if (p.structs('Ipv6Ranges').length > 0 || p.structs('PrefixListIds').length > 0) {
    throw new InvalidParameterValueError('The sandbox supports IPv4 CIDR and security group peers only.');
  }
  return {
    ipProtocol: p.get('IpProtocol') ?? '',
    fromPort: p.int('FromPort'),
    toPort: p.int('ToPort'),
    ipRanges: p.structs('IpRanges').map((r) => ({
      cidrIp: r.require('CidrIp'),
      description: r.get('Description'),
    })),
    groups: p.structs('Groups').map((g) => ({
      groupId: g.require('GroupId'),
      description: g.get('Description'),
    })),
  };
}

/** The permissions of an Authorize/Revoke request, in either of the two forms (not both). */
export function permissionsOf(params: QueryParams): PermissionInput[] {
  const structured = params.structs('IpPermissions').map(permissionOf);
  const legacy = ['IpProtocol', 'FromPort', 'ToPort', 'CidrIp'].filter((n) => params.has(n));
  if (structured.length > 0 && legacy.length > 0) {
    throw new InvalidParameterCombinationError(
      `The parameter 'ipPermissions' may not be used in combination with '${legacy[0]}'`,
    );
  }
  if (legacy.length === 0) return structured;
  const cidrIp = params.get('CidrIp');
  return [
    {
      ipProtocol: params.get('IpProtocol') ?? '',
      fromPort: params.int('FromPort'),
      toPort: params.int('ToPort'),
      ipRanges: cidrIp === undefined ? [] : [{ cidrIp }],
      groups: [],
    },
  ];
}

/** `GroupId` (a VPC's groups are addressed by ID; names only work in a default VPC, which there is none of). */
export function groupIdOf(params: QueryParams): string {
  const groupId = params.get('GroupId');
  if (groupId !== undefined) return groupId;
  const name = params.get('GroupName');
  if (name !== undefined) {
    throw new AwsError(
      'InvalidGroup.NotFound',
      `The security group '${name}' does not exist in default VPC 'none'`,
      400,
    );
  }
  throw new MissingParameterError('groupId');
}
