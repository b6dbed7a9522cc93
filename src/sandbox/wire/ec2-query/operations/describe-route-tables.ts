import { paginate } from '../paginate.js';
import { filtersOf } from './inputs.js';
import { routeTableXml } from './shapes.js';
import type { Ec2Operation } from '../operation.js';

export const describeRouteTables: Ec2Operation = {
  action: 'DescribeRouteTables',
  mutating: false,
  handle(params, { ec2 }) {
    const tables = ec2.describeRouteTables({
      routeTableIds: params.list('RouteTableId'),
      filters: filtersOf(params),
    });
    const page = paginate(tables, params, { min: 5, max: 100 });
    return { routeTableSet: page.items.map(routeTableXml), nextToken: page.nextToken };
  },
};
