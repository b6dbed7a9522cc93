import { pagingOf } from '../paginate.js';
import { filtersOf } from './inputs.js';
import { securityGroupXml } from './shapes.js';
import type { Ec2Operation } from '../operation.js';

export const describeSecurityGroups: Ec2Operation = {
  action: 'DescribeSecurityGroups',
  mutating: false,
  handle(params, { ec2 }) {
    const paging = pagingOf(params, {
      min: 5,
      max: 1000,
      idsParameter: { query: 'GroupId', element: 'groupIds' },
    });
    const groups = ec2.describeSecurityGroups({
      groupIds: params.list('GroupId'),
      groupNames: params.list('GroupName'),
      filters: filtersOf(params),
    });
    const page = paging.page(groups);
    return { securityGroupInfo: page.items.map(securityGroupXml), nextToken: page.nextToken };
  },
};
