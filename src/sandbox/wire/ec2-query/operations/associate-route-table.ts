import { checkDryRun } from './inputs.js';
import type { Ec2Operation } from '../operation.js';

export const associateRouteTable: Ec2Operation = {
  action: 'AssociateRouteTable',
  mutating: true,
  handle(params, { ec2 }) {
    const routeTableId = params.require('RouteTableId');
    const subnetId = params.require('SubnetId');
    checkDryRun(params);
    const association = ec2.associateRouteTable({ routeTableId, subnetId });
    return { associationId: association.routeTableAssociationId, associationState: { state: 'associated' } };
  },
};
