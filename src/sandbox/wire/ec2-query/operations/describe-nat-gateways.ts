import { pagingOf } from '../paginate.js';
import { filtersOf } from './inputs.js';
import { natGatewayXml } from './shapes.js';
import type { Ec2Operation } from '../operation.js';

export const describeNatGateways: Ec2Operation = {
  action: 'DescribeNatGateways',
  mutating: false,
  handle(params, { ec2 }) {
    const paging = pagingOf(params, { min: 5, max: 1000 });
    const gateways = ec2.describeNatGateways({
      natGatewayIds: params.list('NatGatewayId'),
      filters: filtersOf(params),
    });
    const page = paging.page(gateways);
    return { natGatewaySet: page.items.map(natGatewayXml), nextToken: page.nextToken };
  },
};
