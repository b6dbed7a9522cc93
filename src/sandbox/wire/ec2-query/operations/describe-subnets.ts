import { pagingOf } from '../paginate.js';
import { filtersOf } from './inputs.js';
import { subnetXml } from './shapes.js';
import type { Ec2Operation } from '../operation.js';

export const describeSubnets: Ec2Operation = {
  action: 'DescribeSubnets',
  mutating: false,
  handle(params, { ec2 }) {
    const paging = pagingOf(params, { idsParameter: { query: 'SubnetId', element: 'subnetIds' } });
    const subnets = ec2.describeSubnets({ subnetIds: params.list('SubnetId'), filters: filtersOf(params) });
    const page = paging.page(subnets);
    return { subnetSet: page.items.map(subnetXml), nextToken: page.nextToken };
  },
};
