import { INSTANCE_STATE_CODES } from '../../../services/ec2/instances.js';
import { MissingParameterError } from '../errors.js';
import { checkDryRun } from './inputs.js';
import type { Ec2Operation } from '../operation.js';

export const terminateInstances: Ec2Operation = {
  action: 'TerminateInstances',
  mutating: true,
  handle(params, { ec2 }) {
    const instanceIds = params.list('InstanceId');
    if (instanceIds.length === 0) throw new MissingParameterError('InstanceId');
    checkDryRun(params);
    const changes = ec2.terminateInstances(instanceIds);
    return {
      instancesSet: changes.map((c) => ({
        instanceId: c.instanceId,
        currentState: { code: INSTANCE_STATE_CODES[c.currentState], name: c.currentState },
        previousState: { code: INSTANCE_STATE_CODES[c.previousState], name: c.previousState },
      })),
    };
  },
};
