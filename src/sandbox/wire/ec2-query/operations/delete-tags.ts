import { checkDryRun } from './inputs.js';
import type { Ec2Operation } from '../operation.js';
import { MissingParameterError } from '../errors.js';

export const deleteTags: Ec2Operation = {
  action: 'DeleteTags',
  mutating: true,
  handle(params, { ec2 }) {
    const resourceIds = params.list('ResourceId');
    if (resourceIds.length === 0) throw new MissingParameterError('ResourceId');
    // A tag given without Value is deleted whatever its value.
    const tags = params.structs('Tag').map((t) => ({ key: t.get('Key') ?? '', value: t.get('Value') }));
    checkDryRun(params);
    ec2.deleteTags(resourceIds, tags);
    return { return: true };
  },
};
