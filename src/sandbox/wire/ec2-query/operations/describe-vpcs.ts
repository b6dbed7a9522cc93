import { pagingOf } from '../paginate.js';
import { filtersOf } from './inputs.js';
import { vpcXml } from './shapes.js';
import type { Ec2Operation } from '../operation.js';

export const describeVpcs: Ec2Operation = {
  action: 'DescribeVpcs',
  mutating: false,
  handle(params, { ec2 }) {
    const paging = pagingOf(params, { idsParameter: { query: 'VpcId', element: 'vpcIds' } });
    const vpcs = ec2.describeVpcs({ vpcIds: params.list('VpcId'), filters: filtersOf(params) });
    const page = paging.page(vpcs);
    return { vpcSet: page.items.map(vpcXml), nextToken: page.nextToken };
  },
};
