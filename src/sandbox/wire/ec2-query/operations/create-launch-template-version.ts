import { checkDryRun, launchTemplateDataOf } from './inputs.js';
import { launchTemplateVersionXml } from './compute-shapes.js';
import type { Ec2Operation } from '../operation.js';

export const createLaunchTemplateVersion: Ec2Operation = {
  action: 'CreateLaunchTemplateVersion',
  mutating: true,
  handle(params, { ec2 }) {
    const data = launchTemplateDataOf(params);
    checkDryRun(params);
    const version = ec2.createLaunchTemplateVersion({
      launchTemplateId: params.get('LaunchTemplateId'),
      launchTemplateName: params.get('LaunchTemplateName'),
      sourceVersion: params.get('SourceVersion'),
      versionDescription: params.get('VersionDescription'),
      data,
    });
    return { launchTemplateVersion: launchTemplateVersionXml(version) };
  },
};
