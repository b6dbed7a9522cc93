import { pagingOf } from '../paginate.js';
import { filtersOf } from './inputs.js';
import type { Ec2Operation } from '../operation.js';

export const describeTags: Ec2Operation = {
  action: 'DescribeTags',
  mutating: false,
  handle(params, { ec2 }) {
    const paging = pagingOf(params, { min: 5, max: 1000 });
    const tags = ec2.describeTags(filtersOf(params));
    const page = paging.page(tags);
    return {
      tagSet: page.items.map((t) => ({
        resourceId: t.resourceId,
        resourceType: t.resourceType,
        key: t.key,
        value: t.value,
      })),
      nextToken: page.nextToken,
    };
  },
};
