import { checkDryRun } from './inputs.js';
import type { Ec2Operation } from '../operation.js';
import { MissingParameterError } from '../errors.js';

export const createTags: Ec2Operation = {
  action: 'CreateTags',
  mutating: true,
  handle(params, { ec2 }) {
    const resourceIds = params.list('ResourceId');
    if (resourceIds.length === 0) throw new MissingParameterError('ResourceId');
    const tags = params.tags('Tag');
    if (tags.length === 0) throw new MissingParameterError('Tag');
    checkDryRun(params);
    ec2.createTags(resourceIds, tags);
    return { return: true };
  },
};
