import { pagingOf } from '../paginate.js';
import { filtersOf } from './inputs.js';
import { launchTemplateXml } from './compute-shapes.js';
import type { Ec2Operation } from '../operation.js';

export const describeLaunchTemplates: Ec2Operation = {
  action: 'DescribeLaunchTemplates',
  mutating: false,
  handle(params, { ec2 }) {
    const paging = pagingOf(params, { min: 1, max: 200 });
    const templates = ec2.describeLaunchTemplates({
      launchTemplateIds: params.list('LaunchTemplateId'),
      launchTemplateNames: params.list('LaunchTemplateName'),
      filters: filtersOf(params),
    });
    const page = paging.page(templates);
    return { launchTemplates: page.items.map(launchTemplateXml), nextToken: page.nextToken };
  },
};
