import { checkDryRun } from './inputs.js';
import { cidrAssociationXml } from './shapes.js';
import type { Ec2Operation } from '../operation.js';
import { MissingParameterError } from '../errors.js';

export const associateVpcCidrBlock: Ec2Operation = {
  action: 'AssociateVpcCidrBlock',
  mutating: true,
  handle(params, { ec2 }) {
    const vpcId = params.require('VpcId');
    const cidrBlock = params.get('CidrBlock');
    // IPv6 and IPAM pools are outside the sandbox; an IPv4 block is what eks-cidr associates.
    if (cidrBlock === undefined || cidrBlock === '') throw new MissingParameterError('CidrBlock');
    checkDryRun(params);
    const result = ec2.associateVpcCidrBlock({ vpcId, cidrBlock });
    return { vpcId: result.vpcId, cidrBlockAssociation: cidrAssociationXml(result.association) };
  },
};
