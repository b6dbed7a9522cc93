import { MissingParameterError } from '../errors.js';
import { checkDryRun } from './inputs.js';
import type { Ec2Operation } from '../operation.js';

export const attachNetworkInterface: Ec2Operation = {
  action: 'AttachNetworkInterface',
  mutating: true,
  handle(params, { ec2 }) {
    const networkInterfaceId = params.require('NetworkInterfaceId');
    const instanceId = params.require('InstanceId');
    const deviceIndex = params.int('DeviceIndex');
    if (deviceIndex === undefined) throw new MissingParameterError('DeviceIndex');
    checkDryRun(params);
    const attachmentId = ec2.attachNetworkInterface(networkInterfaceId, instanceId, deviceIndex);
    return { attachmentId, networkCardIndex: 0 };
  },
};
