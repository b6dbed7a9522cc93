import { checkDryRun } from './inputs.js';
import type { Ec2Operation } from '../operation.js';

export const replaceRouteTableAssociation: Ec2Operation = {
  action: 'ReplaceRouteTableAssociation',
  mutating: true,
  handle(params, { ec2 }) {
    const associationId = params.require('AssociationId');
    const routeTableId = params.require('RouteTableId');
    checkDryRun(params);
    const association = ec2.replaceRouteTableAssociation({ associationId, routeTableId });
    return {
      newAssociationId: association.routeTableAssociationId,
      associationState: { state: 'associated' },
    };
  },
};
