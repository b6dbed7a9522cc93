import { paginate } from '../paginate.js';
import { filtersOf } from './inputs.js';
import { subnetXml } from './shapes.js';
import type { Ec2Operation } from '../operation.js';

export const describeSubnets: Ec2Operation = {
  action: 'DescribeSubnets',
  mutating: false,
  handle(params, { ec2 }) {
    const subnets = ec2.describeSubnets({ subnetIds: params.list('SubnetId'), filters: filtersOf(params) });
    const page = paginate(subnets, params, { idsParameter: { query: 'SubnetId', element: 'subnetIds' } });
    return { subnetSet: page.items.map(subnetXml), nextToken: page.nextToken };
  },
};
