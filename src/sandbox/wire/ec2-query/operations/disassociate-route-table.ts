import { checkDryRun } from './inputs.js';
import type { Ec2Operation } from '../operation.js';

export const disassociateRouteTable: Ec2Operation = {
  action: 'DisassociateRouteTable',
  mutating: true,
  handle(params, { ec2 }) {
    const associationId = params.require('AssociationId');
    checkDryRun(params);
    ec2.disassociateRouteTable(associationId);
    return { return: true };
  },
};
