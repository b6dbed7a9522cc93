import { pagingOf } from '../paginate.js';
import { filtersOf } from './inputs.js';
import { launchTemplateVersionXml } from './compute-shapes.js';
import type { Ec2Operation } from '../operation.js';

export const describeLaunchTemplateVersions: Ec2Operation = {
  action: 'DescribeLaunchTemplateVersions',
  mutating: false,
  handle(params, { ec2 }) {
    const minVersion = params.get('MinVersion');
    const maxVersion = params.get('MaxVersion');
    const paging = pagingOf(params, { min: 1, max: 200 });
    const versions = ec2.describeLaunchTemplateVersions({
      launchTemplateId: params.get('LaunchTemplateId'),
      launchTemplateName: params.get('LaunchTemplateName'),
      versions: params.list('LaunchTemplateVersion'),
      minVersion: minVersion === undefined ? undefined : Number(minVersion),
      maxVersion: maxVersion === undefined ? undefined : Number(maxVersion),
      filters: filtersOf(params),
    });
    const page = paging.page(versions);
    return { launchTemplateVersionSet: page.items.map(launchTemplateVersionXml), nextToken: page.nextToken };
  },
};
