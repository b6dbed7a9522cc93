import { checkDryRun } from './inputs.js';
import type { Ec2Operation } from '../operation.js';

export const deleteRouteTable: Ec2Operation = {
  action: 'DeleteRouteTable',
  mutating: true,
  handle(params, { ec2 }) {
    const routeTableId = params.require('RouteTableId');
    checkDryRun(params);
    ec2.deleteRouteTable(routeTableId);
    return { return: true };
  },
};
