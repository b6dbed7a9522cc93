import { paginate } from '../paginate.js';
import { filtersOf } from './inputs.js';
import { vpcXml } from './shapes.js';
import type { Ec2Operation } from '../operation.js';

export const describeVpcs: Ec2Operation = {
  action: 'DescribeVpcs',
  mutating: false,
  handle(params, { ec2 }) {
    const vpcs = ec2.describeVpcs({ vpcIds: params.list('VpcId'), filters: filtersOf(params) });
    const page = paginate(vpcs, params, { idsParameter: { query: 'VpcId', element: 'vpcIds' } });
    return { vpcSet: page.items.map(vpcXml), nextToken: page.nextToken };
  },
};
