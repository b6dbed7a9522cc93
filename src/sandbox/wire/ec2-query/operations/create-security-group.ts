import { checkDryRun, specTags } from './inputs.js';
import { tagSet } from './shapes.js';
import type { Ec2Operation } from '../operation.js';
import { MissingParameterError } from '../errors.js';

export const createSecurityGroup: Ec2Operation = {
  action: 'CreateSecurityGroup',
  mutating: true,
  handle(params, { ec2 }) {
    const groupName = params.require('GroupName');
    const description = params.require('GroupDescription');
    // Without a VPC EC2 would use the default VPC, which the sandbox does not create.
    const vpcId = params.get('VpcId');
    if (vpcId === undefined) throw new MissingParameterError('VpcId');
    const tags = specTags(params, 'security-group');
    checkDryRun(params);
    const group = ec2.createSecurityGroup({ groupName, description, vpcId, tags });
    return { groupId: group.groupId, tagSet: tagSet(group.tags), securityGroupArn: group.securityGroupArn };
  },
};
