import { cidrAssociationXml } from './shapes.js';
import type { Ec2Operation } from '../operation.js';

export const disassociateVpcCidrBlock: Ec2Operation = {
  action: 'DisassociateVpcCidrBlock',
  mutating: true,
  handle(params, { ec2 }) {
    const result = ec2.disassociateVpcCidrBlock(params.require('AssociationId'));
    return { vpcId: result.vpcId, cidrBlockAssociation: cidrAssociationXml(result.association) };
  },
};
