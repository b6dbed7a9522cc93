import { pagingOf } from '../paginate.js';
import { filtersOf } from './inputs.js';
import { networkInterfaceXml } from './compute-shapes.js';
import type { Ec2Operation } from '../operation.js';

export const describeNetworkInterfaces: Ec2Operation = {
  action: 'DescribeNetworkInterfaces',
  mutating: false,
  handle(params, { ec2 }) {
    const paging = pagingOf(params, {
      idsParameter: { query: 'NetworkInterfaceId', element: 'networkInterfaceIds' },
    });
    const enis = ec2.describeNetworkInterfaces({
      networkInterfaceIds: params.list('NetworkInterfaceId'),
      filters: filtersOf(params),
    });
    const page = paging.page(enis);
    return { networkInterfaceSet: page.items.map(networkInterfaceXml), nextToken: page.nextToken };
  },
};
