import { checkDryRun, launchTemplateDataOf, specTags } from './inputs.js';
import { launchTemplateXml } from './compute-shapes.js';
import type { Ec2Operation } from '../operation.js';

export const createLaunchTemplate: Ec2Operation = {
  action: 'CreateLaunchTemplate',
  mutating: true,
  handle(params, { ec2 }) {
    const launchTemplateName = params.require('LaunchTemplateName');
    const tags = specTags(params, 'launch-template');
    const data = launchTemplateDataOf(params);
    checkDryRun(params);
    const template = ec2.createLaunchTemplate({
      launchTemplateName,
      versionDescription: params.get('VersionDescription'),
      data,
      tags,
    });
    return { launchTemplate: launchTemplateXml(template) };
  },
};
