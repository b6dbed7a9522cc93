import { paginate } from '../paginate.js';
import { filtersOf } from './inputs.js';
import type { Ec2Operation } from '../operation.js';

export const describeTags: Ec2Operation = {
  action: 'DescribeTags',
  mutating: false,
  handle(params, { ec2 }) {
    const tags = ec2.describeTags(filtersOf(params));
    const page = paginate(tags, params, { min: 5, max: 1000 });
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
