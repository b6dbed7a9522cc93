import { findCatalogInstanceType } from '../../../services/ec2/instance-type-catalog.js';
import { InvalidParameterValueError } from '../errors.js';
import { checkDryRun, specTags } from './inputs.js';
import { instanceXml } from './compute-shapes.js';
import type { Ec2Operation } from '../operation.js';

export const runInstances: Ec2Operation = {
  action: 'RunInstances',
  mutating: true,
  handle(params, { ec2 }) {
    const minCount = params.int('MinCount');
    const maxCount = params.int('MaxCount');
    if (minCount === undefined) params.require('MinCount');
    if (maxCount === undefined) params.require('MaxCount');
    if (minCount === undefined || maxCount === undefined || minCount < 1 || maxCount < minCount) {
      throw new InvalidParameterValueError(
        `Invalid value '${maxCount}' for maxCount. Must be at least minCount (${minCount}).`,
      );
    }
    const templateId = params.get('LaunchTemplate.LaunchTemplateId');
    const templateName = params.get('LaunchTemplate.LaunchTemplateName');
    const tags = specTags(params, 'instance');
    checkDryRun(params);
    const { reservationId, instances } = ec2.runInstancesBatch(
      {
        subnetId: params.get('SubnetId'),
        instanceType: params.get('InstanceType'),
        imageId: params.get('ImageId'),
        securityGroupIds: params.list('SecurityGroupId'),
        launchTemplate:
          templateId !== undefined || templateName !== undefined
            ? {
                launchTemplateId: templateId,
                launchTemplateName: templateName,
                version: params.get('LaunchTemplate.Version'),
              }
            : undefined,
        userData: params.get('UserData'),
        keyName: params.get('KeyName'),
        iamInstanceProfileArn: params.get('IamInstanceProfile.Arn'),
        clientToken: params.get('ClientToken'),
        tags,
      },
      maxCount,
    );
    const first = instances[0];
    return {
      reservationId,
      ownerId: first?.ownerId,
      groupSet: [],
      instancesSet: instances.map((i) =>
        instanceXml(i, findCatalogInstanceType(i.instanceType)?.architecture ?? 'x86_64'),
      ),
    };
  },
};
