import { pagingOf } from '../paginate.js';
import { filtersOf } from './inputs.js';
import { subnetXml } from './shapes.js';
import type { Ec2Operation } from '../operation.js';

export const describeSubnets: Ec2Operation = {
  action: 'DescribeSubnets',
  mutating: false,
  handle(params, { ec2 }) {
    const paging = pagingOf(params, { idsParameter: { query: 'SubnetId', element: 'subnetIds' } });
    let nextToken: string | undefined;
    // The model cuts the page before it builds views (when no filter needs them).
    const subnets = ec2.describeSubnets({
      subnetIds: params.list('SubnetId'),
      filters: filtersOf(params),
      page: (items) => {
        const page = paging.page(items);
        nextToken = page.nextToken;
        return page.items;
      },
    });
    return { subnetSet: subnets.map(subnetXml), nextToken };
  },
};
