import { pagingOf } from '../paginate.js';
import { filtersOf } from './inputs.js';
import { routeTableXml } from './shapes.js';
import type { Ec2Operation } from '../operation.js';

export const describeRouteTables: Ec2Operation = {
  action: 'DescribeRouteTables',
  mutating: false,
  handle(params, { ec2 }) {
    const paging = pagingOf(params, { min: 5, max: 100 });
    const tables = ec2.describeRouteTables({
      routeTableIds: params.list('RouteTableId'),
      filters: filtersOf(params),
    });
    const page = paging.page(tables);
    return { routeTableSet: page.items.map(routeTableXml), nextToken: page.nextToken };
  },
};
