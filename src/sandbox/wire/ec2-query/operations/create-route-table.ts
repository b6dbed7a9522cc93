import { checkDryRun, specTags } from './inputs.js';
import { routeTableXml } from './shapes.js';
import type { Ec2Operation } from '../operation.js';

export const createRouteTable: Ec2Operation = {
  action: 'CreateRouteTable',
  mutating: true,
  handle(params, { ec2 }) {
    const vpcId = params.require('VpcId');
    const tags = specTags(params, 'route-table');
    checkDryRun(params);
    const table = ec2.createRouteTable({ vpcId, tags });
    return { routeTable: routeTableXml(table), clientToken: params.get('ClientToken') };
  },
};
